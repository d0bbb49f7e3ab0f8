// The workspace walker's ignore rules against real git: on random small trees with random
// .gitignore files at random levels (a fast-check property), and on hand-written cases, the files
// airlock keeps must be exactly the files `git ls-files --others --exclude-standard` lists in a
// fresh repository (no commit, so every file is untracked; no global or system excludes).
// .airlockignore is checked the same way by appending its lines to the same-level .gitignore on
// the git side; .dockerignore (not a git file) against fixed expectations. A second property
// throws random glob strings (stars, classes, escapes, slashes, spaces) at the pattern compiler.
// IGNORE_GIT_RUNS=n sets the runs per property (default 50), IGNORE_GIT_SEED=s replays a run.
import test from "ava";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { walkWorkspace } from "../dist/scrub/walk.js";

const NUM_RUNS = Number(process.env.IGNORE_GIT_RUNS ?? 50);
const SEED = process.env.IGNORE_GIT_SEED === undefined ? undefined : Number(process.env.IGNORE_GIT_SEED);

// ---------------------------------------------------------------------------------------------
// git, isolated from the user's and the system's configuration

const emptyHome = mkdtempSync(join(tmpdir(), "airlock-ignore-git-home-"));
const GIT_ENV = (() => {
  const env = {};
  // Inside a git hook GIT_DIR, GIT_INDEX_FILE, GIT_WORK_TREE... point at the outer repository.
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("GIT_")) env[k] = v;
  return { ...env, HOME: emptyHome, XDG_CONFIG_HOME: emptyHome, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", LC_ALL: "C" };
})();
test.after.always(() => rmSync(emptyHome, { recursive: true, force: true }));

function git(cwd, args) {
  const r = spawnSync("git", ["-c", "core.excludesFile=/dev/null", "-c", "core.ignoreCase=false", ...args], { cwd, env: GIT_ENV, encoding: "utf8" });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const gitAvailable = spawnSync("git", ["--version"], { env: GIT_ENV }).status === 0;

/** The files git does not ignore in `dir` (a repository with no commit), sorted. */
function gitKept(dir) {
  return git(dir, ["ls-files", "--others", "--exclude-standard", "-z"]).split("\0").filter(Boolean).sort();
}

/** The files airlock's walker keeps in `dir` (symlinks inside the tree count: git lists them), sorted. */
function airlockKept(dir) {
  const w = walkWorkspace(dir);
  return [...w.files.map((f) => f.rel), ...w.links.map((l) => l.rel)].sort();
}

// ---------------------------------------------------------------------------------------------
// trees: { "a/b/x.log": "content", "a/.gitignore": "...", ... } plus directories that must exist

/** Write `files` (rel → content) and `dirs` under a fresh temp dir, `git init` it, return it. */
function materialise(files, dirs = [], exclude, links = {}) {
  const dir = mkdtempSync(join(tmpdir(), "airlock-ignore-git-"));
  try {
    fill(dir, files, dirs, exclude, links);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return dir;
}

function fill(dir, files, dirs, exclude, links) {
  git(dir, ["init", "-q", "--template="]); // no hooks or sample files to copy: faster
  for (const d of dirs) mkdirSync(join(dir, d), { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  for (const [rel, target] of Object.entries(links)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    symlinkSync(target, join(dir, rel));
  }
  if (exclude !== undefined) {
    mkdirSync(join(dir, ".git", "info"), { recursive: true });
    writeFileSync(join(dir, ".git", "info", "exclude"), exclude);
  }
}

const IGNORE_NAMES = new Set([".gitignore", ".airlockignore", ".dockerignore"]);

function describe(files, exclude, gitList, airList) {
  const lines = ["tree:"];
  for (const rel of Object.keys(files).sort()) {
    lines.push(`  ${JSON.stringify(rel)}`);
  }
  for (const rel of Object.keys(files).sort()) {
    const name = rel.slice(rel.lastIndexOf("/") + 1);
    if (!IGNORE_NAMES.has(name)) continue;
    lines.push(`${rel}:`);
    for (const l of files[rel].split("\n")) lines.push(`  | ${JSON.stringify(l)}`);
  }
  if (exclude !== undefined) {
    lines.push(".git/info/exclude:");
    for (const l of exclude.split("\n")) lines.push(`  | ${JSON.stringify(l)}`);
  }
  const gitSet = new Set(gitList);
  const airSet = new Set(airList);
  lines.push(`git keeps:     ${JSON.stringify(gitList)}`);
  lines.push(`airlock keeps: ${JSON.stringify(airList)}`);
  lines.push(`only git (airlock wrongly leaves out): ${JSON.stringify(gitList.filter((f) => !airSet.has(f)))}`);
  lines.push(`only airlock (airlock wrongly keeps):  ${JSON.stringify(airList.filter((f) => !gitSet.has(f)))}`);
  return lines.join("\n");
}

/** Compare airlock with git on one tree; returns a report when they differ, else undefined. */
function differ(files, { dirs = [], exclude, gitFiles, links } = {}) {
  const airDir = materialise(files, dirs, exclude, links);
  let gitDir = airDir;
  try {
    if (gitFiles !== undefined) gitDir = materialise(gitFiles, dirs, exclude, links);
    const gitList = gitKept(gitDir);
    let airList;
    try {
      airList = airlockKept(airDir);
    } catch (err) {
      return `walkWorkspace threw: ${err.stack}\n${describe(files, exclude, gitList, [])}`;
    }
    if (JSON.stringify(airList) === JSON.stringify(gitList)) return undefined;
    return (
      describe(files, exclude, gitList, airList) +
      (links === undefined ? "" : `\nsymlinks: ${JSON.stringify(links)}`) +
      (gitFiles === undefined ? "" : `\n(git side: ${JSON.stringify(gitFiles)})`)
    );
  } finally {
    rmSync(airDir, { recursive: true, force: true });
    if (gitDir !== airDir) rmSync(gitDir, { recursive: true, force: true });
  }
}

function sameAsGit(t, files, opts) {
  const report = differ(files, opts);
  if (report !== undefined) t.log(report);
  t.is(report, undefined);
}

// ---------------------------------------------------------------------------------------------
// 1. the property

const NAMES = ["a", "b", "c", "build", "logs", "x.log", "y.txt", ".env", "keep.log", "#x", "z "];
const DIR_NAMES = ["a", "b", "build", "logs"];
const PATTERNS = [
  // plain names, files and dirs
  "a", "b", "c", "build", "logs", "x.log", "keep.log", ".env", "y.txt",
  // globs
  "*.log", "*.txt", "*", "?.log", "[xy].log", ".*", "*/",
  // negations
  "!keep.log", "!*.log", "!a", "!a/", "!logs/", "!build", "!b/", "!x.log", "!*/", "!/a", "!a/b", "!*",
  // anchored
  "/a", "/b", "/build", "/logs", "/x.log", "/*.log",
  // directory-only
  "a/", "b/", "build/", "logs/", "c/", "!logs/*", "!a/*", "!**", "!a/**",
  // containing a slash: anchored to the .gitignore's directory
  "a/b", "a/x.log", "b/c", "logs/keep.log", "a/b/", "logs/*", "!logs/keep.log", "a/*", "*/x.log", "a/*/c", "/*/x.log",
  // double stars
  "**/x.log", "**/b", "**/logs/", "a/**", "a/**/b", "**/a/**", "**", "logs/**", "!**/keep.log", "a/**/x.log",
  // escapes, comments, blank lines, trailing spaces
  "\\#x", "#x", "# a comment", "", "x.log ", "z", "z\\ ", "z ", "\\!x",
];

/**
 * A random tree: file paths of depth ≤ 3; .gitignore and .airlockignore files at random
 * directories; sometimes a .git/info/exclude. Git's side is the same tree with each
 * .airlockignore's lines appended to the same-level .gitignore (created, possibly empty, on both
 * sides wherever an .airlockignore is, so both sides hold the same files).
 */
const caseArb = fc
  .record({
    paths: fc.array(fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 14 }),
    ignores: fc.array(
      fc.record({
        file: fc.constantFrom(".gitignore", ".gitignore", ".gitignore", ".airlockignore"),
        at: fc.array(fc.constantFrom(...DIR_NAMES), { maxLength: 2 }),
        lines: fc.array(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 5 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    exclude: fc.option(fc.array(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 3 }), { freq: 4 }),
  })
  .map(({ paths, ignores, exclude }) => {
    const files = buildTree(paths, ignores);
    return { files, exclude: exclude === null ? undefined : exclude.join("\n") + "\n" };
  });

/** Files (rel → content) with no path both a file and a directory; ignore files merged. */
function buildTree(paths, ignores) {
  const files = {};
  const dirSet = new Set([""]);
  const fileSet = new Set();
  const canBeDir = (segs) => {
    for (let i = 1; i <= segs.length; i++) if (fileSet.has(segs.slice(0, i).join("/"))) return false;
    return true;
  };
  const addDirs = (segs) => {
    for (let i = 1; i <= segs.length; i++) dirSet.add(segs.slice(0, i).join("/"));
  };
  // ignore files' directories first, so that they win over files of the same name
  const ignoreText = new Map();
  for (const { file, at, lines } of ignores) {
    if (!canBeDir(at)) continue;
    addDirs(at);
    const rel = [...at, file].join("/");
    ignoreText.set(rel, [...(ignoreText.get(rel) ?? []), ...lines]);
    const gi = [...at, ".gitignore"].join("/");
    if (!ignoreText.has(gi)) ignoreText.set(gi, []);
  }
  for (const segs of paths) {
    const rel = segs.join("/");
    if (dirSet.has(rel) || fileSet.has(rel) || !canBeDir(segs.slice(0, -1))) continue;
    addDirs(segs.slice(0, -1));
    fileSet.add(rel);
    files[rel] = `${rel}\n`;
  }
  for (const [rel, lines] of ignoreText) files[rel] = lines.length === 0 ? "" : lines.join("\n") + "\n";
  return files;
}

test("random trees: airlock keeps exactly the files git does not ignore", (t) => {
  if (!gitAvailable) return t.fail("git is not on PATH");
  const started = Date.now();
  const params = { numRuns: NUM_RUNS };
  if (SEED !== undefined) params.seed = SEED;
  const compare = ({ files, exclude }) => differ(files, { exclude, gitFiles: withAirlockignoreAsGitignore(files) });
  const details = fc.check(
    fc.property(caseArb, (c) => compare(c) === undefined),
    params,
  );
  t.log(`${details.numRuns} runs in ${Date.now() - started} ms (seed ${details.seed}; IGNORE_GIT_SEED=${details.seed} to replay)`);
  if (details.failed) {
    // the shrunk counterexample, with the tree, its ignore files and both lists
    t.log(`airlock and git disagree (shrunk counterexample):\n${compare(details.counterexample[0])}`);
    t.fail(fc.defaultReportMessage(details));
  } else {
    t.pass();
  }
});

/** The same tree for git: each .airlockignore's lines appended to the same-level .gitignore. */
function withAirlockignoreAsGitignore(files) {
  const out = { ...files };
  let changed = false;
  for (const [rel, content] of Object.entries(files)) {
    if (!(rel === ".airlockignore" || rel.endsWith("/.airlockignore"))) continue;
    const gi = rel.slice(0, -".airlockignore".length) + ".gitignore";
    const before = out[gi];
    if (before === undefined) throw new Error(`test tree: ${rel} needs a ${gi} (possibly empty), so both sides have the same files`);
    out[gi] = (before === "" || before.endsWith("\n") ? before : before + "\n") + content;
    changed = true;
  }
  return changed ? out : undefined;
}

// The pattern syntax itself: random glob strings (stars, classes, escapes, slashes, spaces) in
// one .gitignore, against random names made of the same characters.
const GLOB_CHARS = ["a", "b", "*", "*", "?", "/", "/", "[", "]", "!", "\\", "-", " ", ".", "^"];
const NAME_CHARS = ["a", "b", "*", "?", "[", "]", "!", "\\", "-", " ", ".", "^"];
const nameArb = fc
  .array(fc.constantFrom(...NAME_CHARS), { minLength: 1, maxLength: 3 })
  .map((cs) => cs.join(""))
  .filter((n) => n !== "." && n !== ".." && n !== ".git");
const globCaseArb = fc
  .record({
    paths: fc.array(fc.array(nameArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 10 }),
    at: fc.constantFrom([], ["a"]),
    lines: fc.array(
      fc.array(fc.constantFrom(...GLOB_CHARS), { minLength: 1, maxLength: 6 }).map((cs) => cs.join("")),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ paths, at, lines }) => buildTree([...paths, ["a", "a"]], [{ file: ".gitignore", at, lines }]));

test("random glob syntax: airlock reads patterns as git does", (t) => {
  if (!gitAvailable) return t.fail("git is not on PATH");
  const started = Date.now();
  const params = { numRuns: NUM_RUNS };
  if (SEED !== undefined) params.seed = SEED;
  const details = fc.check(
    fc.property(globCaseArb, (files) => differ(files) === undefined),
    params,
  );
  t.log(`${details.numRuns} runs in ${Date.now() - started} ms (seed ${details.seed}; IGNORE_GIT_SEED=${details.seed} to replay)`);
  if (details.failed) {
    t.log(`airlock and git disagree (shrunk counterexample):\n${differ(details.counterexample[0])}`);
    t.fail(fc.defaultReportMessage(details));
  } else {
    t.pass();
  }
});

// ---------------------------------------------------------------------------------------------
// 2. hand-written cases

const F = (...rels) => Object.fromEntries(rels.map((r) => [r, `${r}\n`]));

test("an ignored directory's contents cannot be re-included (logs/ then !logs/keep.log)", (t) => {
  const files = { ...F("logs/keep.log", "logs/x.log", "y.txt"), ".gitignore": "logs/\n!logs/keep.log\n" };
  sameAsGit(t, files);
  t.deepEqual(airlockKeptOf(files), [".gitignore", "y.txt"]);
});

test("logs/* then !logs/keep.log re-includes: the directory itself is not ignored", (t) => {
  const files = { ...F("logs/keep.log", "logs/x.log", "logs/sub/keep.log", "y.txt"), ".gitignore": "logs/*\n!logs/keep.log\n" };
  sameAsGit(t, files);
  t.deepEqual(airlockKeptOf(files), [".gitignore", "logs/keep.log", "y.txt"]);
});

test("*/ then !a/ re-includes directory a (the last matching pattern decides)", (t) => {
  const files = { ...F("a/f", "b/f", "y.txt"), ".gitignore": "*/\n!a/\n" };
  sameAsGit(t, files);
  t.deepEqual(airlockKeptOf(files), [".gitignore", "a/f", "y.txt"]);
});

test("!logs/* does not re-include directory logs excluded at an outer level (its files stay out)", (t) => {
  // logs/* matches what is inside logs, never logs itself, so logs stays excluded and nothing
  // in it can come back; keeping logs/secret here would leak what git leaves out.
  sameAsGit(t, { ...F("a/logs/secret", "logs/secret"), ".gitignore": "a/logs/\n", "a/.gitignore": "!logs/*\n" });
  sameAsGit(t, { ...F("logs/secret", "y.txt"), ".gitignore": "!logs/*\n" }, { exclude: "logs/\n" });
});

test("a deeper .gitignore re-includes what the root excluded", (t) => {
  const files = { ...F("x.log", "a/x.log", "a/keep.log", "a/b/keep.log"), ".gitignore": "*.log\n", "a/.gitignore": "!keep.log\n" };
  sameAsGit(t, files);
  t.deepEqual(airlockKeptOf(files), [".gitignore", "a/.gitignore", "a/b/keep.log", "a/keep.log"]);
});

test("a deeper .gitignore excludes what the root re-included", (t) => {
  const files = { ...F("keep.log", "a/keep.log", "a/b/keep.log", "a/x.log"), ".gitignore": "*.log\n!keep.log\n", "a/b/.gitignore": "keep.log\n" };
  sameAsGit(t, files);
  t.deepEqual(airlockKeptOf(files), [".gitignore", "a/b/.gitignore", "a/keep.log", "keep.log"]);
});

test("a deeper .gitignore re-includes a directory the root excluded by a dir-only pattern", (t) => {
  // root: sub/x/ is excluded; sub/.gitignore: !x/ takes it back (the deeper file wins), so the
  // files inside sub/x are not ignored — no pattern matches them.
  const files = { ...F("sub/x/f", "sub/y/f"), ".gitignore": "sub/x/\nsub/y/\n", "sub/.gitignore": "!x/\n" };
  sameAsGit(t, files);
});

test("a deeper .gitignore re-includes a directory the root excluded by name", (t) => {
  const files = { ...F("a/build/out.js", "build/out.js"), ".gitignore": "build\n", "a/.gitignore": "!build\n" };
  sameAsGit(t, files);
});

test("a dir-only pattern does not match a file of that name", (t) => {
  const files = { ...F("build", "a/build/out.js", "logs/build", "c/logs"), ".gitignore": "build/\nlogs/\n" };
  sameAsGit(t, files);
  t.deepEqual(airlockKeptOf(files), [".gitignore", "build", "c/logs"]);
});

test("a pattern with a slash is anchored to its .gitignore's directory", (t) => {
  const files = { ...F("a/b/f", "x/a/b/f", "a/a/b/f", "x/b/f"), "x/.gitignore": "a/b\n", ".gitignore": "b/f\n" };
  sameAsGit(t, files);
});

test("** patterns", (t) => {
  const files = {
    ...F("x.log", "a/x.log", "a/b/x.log", "a/c/b", "c/a/b", "a/c/d/b/f", "logs/a/f", "a/logs/f", "q/a/z", "q/y"),
    ".gitignore": "**/x.log\na/**/b\n**/logs/**\nq/**\n!q/a/\n",
  };
  sameAsGit(t, files);
});

test(".git/info/exclude is honoured, below every .gitignore", (t) => {
  const files = { ...F("x.log", "keep.log", "a/keep.log", "secret.txt", "a/secret.txt"), ".gitignore": "!keep.log\n", "a/.gitignore": "keep.log\n" };
  const exclude = "*.log\nsecret.txt\n";
  sameAsGit(t, files, { exclude });
  const dir = materialise(files, [], exclude);
  try {
    t.deepEqual(airlockKept(dir), [".gitignore", "a/.gitignore", "keep.log"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("escapes, comments, trailing spaces", (t) => {
  const files = { ...F("#x", "!x", "z ", "z", "x.log", "y.txt"), ".gitignore": "# y.txt\n\\#x\n\\!x\nx.log   \nz\\ \n" };
  sameAsGit(t, files);
});

// Pattern syntax corners, each checked against git (git's wildmatch and dir.c are the reference,
// quirks included: a pattern git can never match must not exclude anything here either).

test("syntax: a POSIX class [[:alpha:]]", (t) => {
  sameAsGit(t, { ...F("a", "1", "b2"), ".gitignore": "[[:alpha:]]\n[[:alpha:]][[:digit:]]\n" });
});

test("syntax: an invalid range [z-a] matches nothing and does not break the walk", (t) => {
  sameAsGit(t, { ...F("a", "b", "z"), ".gitignore": "[z-a]\nb\n" });
});

test("syntax: only trailing spaces are trimmed, not tabs", (t) => {
  sameAsGit(t, { ...F("x.log", "x.log\t"), ".gitignore": "x.log\t\n" });
});

test("syntax: an escaped backslash before a trailing space does not escape the space", (t) => {
  sameAsGit(t, { ...F("x\\", "x\\ "), ".gitignore": "x\\\\ \n" });
  sameAsGit(t, { ...F("\\", "a"), ".gitignore": "\\\\ \n" });
});

test("syntax: a pattern ending in a lone backslash matches nothing", (t) => {
  sameAsGit(t, { ...F("x", "x\\"), ".gitignore": "x\\\n" });
  sameAsGit(t, { ...F("a", "\\"), ".gitignore": "\\\n" });
});

test("syntax: an unclosed [ matches nothing", (t) => {
  sameAsGit(t, { ...F("[a", "a"), ".gitignore": "[a\n" });
  sameAsGit(t, { ...F("[", "a"), ".gitignore": "[\n" });
});

test("syntax: a / inside a bracket class", (t) => {
  sameAsGit(t, { ...F("a", "b"), ".gitignore": "[a/]\n" });
});

test("syntax: consecutive ** segments (**/**, a/**/**/b)", (t) => {
  sameAsGit(t, { ...F("a/b", "c"), ".gitignore": "**/**\n" });
  sameAsGit(t, { ...F("a/b", "a/x/b", "a/x/y/b", "c/b"), ".gitignore": "a/**/**/b\n" });
});

test("syntax: three or more stars before a / (***/c)", (t) => {
  sameAsGit(t, { ...F("a/b/c", "c", "d"), ".gitignore": "***/c\n" });
});

test("syntax: ** right after a pattern's literal prefix acts as **/ (git's prefix match)", (t) => {
  // git compares the part before the first wildcard literally, then wildmatches the rest, so in
  // a**/c and a/b**/c the ** starts the remaining pattern and crosses directories.
  sameAsGit(t, { ...F("ab/c", "a/b/c", "c"), ".gitignore": "a**/c\n" });
  sameAsGit(t, { ...F("a/b/c", "a/bx/c", "a/b/x/c", "a/bx/y/c"), ".gitignore": "a/b**/c\n" });
});

test("syntax: a double slash in a pattern", (t) => {
  sameAsGit(t, { ...F("a/b", "c"), ".gitignore": "a//b\n" });
});

test("a UTF-8 byte order mark at the start of a .gitignore is skipped", (t) => {
  sameAsGit(t, { ...F("a", "b"), ".gitignore": "\uFEFFa\nb\n" });
});

test("a .gitignore that is a symlink is not read (git ≥ 2.32 does not follow it)", (t) => {
  sameAsGit(t, { ...F("a", "s/a"), patterns: "a\n" }, { links: { ".gitignore": "patterns", "s/.gitignore": "../patterns" } });
});

test(".airlockignore at the root and nested acts as extra .gitignore lines after the same-level .gitignore", (t) => {
  const cases = [
    // root only
    { ...F("x.log", "keep.log", "a/x.log", ".env", "a/.env"), ".gitignore": "", ".airlockignore": ".env\n*.log\n!keep.log\n" },
    // after .gitignore at the same level: it re-includes what .gitignore excluded
    { ...F("x.log", "keep.log", "a/keep.log"), ".gitignore": "*.log\n", ".airlockignore": "!keep.log\n" },
    // nested, and a deeper .gitignore still wins over a shallower .airlockignore
    {
      ...F("a/x.log", "a/b/x.log", "a/b/keep.log", "x.log", "a/secrets/k", "a/b/secrets/k"),
      ".gitignore": "",
      ".airlockignore": "*.log\n",
      "a/.gitignore": "",
      "a/.airlockignore": "secrets/\n",
      "a/b/.gitignore": "!keep.log\n",
    },
    // a directory excluded by .airlockignore cannot be re-included from inside
    { ...F("build/out.js", "build/keep.log"), ".gitignore": "", ".airlockignore": "build/\n", "build/.gitignore": "!keep.log\n" },
    // .airlockignore can ignore itself and the .gitignore
    { ...F("y.txt"), ".gitignore": "", ".airlockignore": ".*ignore\n" },
  ];
  for (const files of cases) {
    const report = differ(files, { gitFiles: withAirlockignoreAsGitignore(files) });
    if (report !== undefined) t.log(report);
    t.is(report, undefined);
  }
});

function airlockKeptOf(files) {
  const dir = materialise(files);
  try {
    return airlockKept(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test(".dockerignore is anchored at the root: *.md leaves out README.md but not docs/x.md", (t) => {
  const files = { ...F("README.md", "docs/x.md", "docs/sub/y.md", "src/a.js"), ".dockerignore": "*.md\n" };
  t.deepEqual(airlockKeptOf(files), [".dockerignore", "docs/sub/y.md", "docs/x.md", "src/a.js"]);
});

test(".dockerignore: **/*.md leaves out both, at any depth", (t) => {
  const files = { ...F("README.md", "docs/x.md", "docs/sub/y.md", "src/a.js"), ".dockerignore": "**/*.md\n" };
  t.deepEqual(airlockKeptOf(files), [".dockerignore", "src/a.js"]);
});

test(".dockerignore: ! re-includes at the root level", (t) => {
  const files = { ...F("README.md", "CHANGES.md", "docs/x.md", "src/a.js"), ".dockerignore": "# docs\n*.md\n!README.md\n" };
  t.deepEqual(airlockKeptOf(files), [".dockerignore", "README.md", "docs/x.md", "src/a.js"]);
  const files2 = { ...F("README.md", "docs/x.md", "docs/y.md", "src/a.js"), ".dockerignore": "**/*.md\n!docs/x.md\n" };
  t.deepEqual(airlockKeptOf(files2), [".dockerignore", "docs/x.md", "src/a.js"]);
});

test(".dockerignore: ./ and leading / are the root, a directory pattern leaves out its contents", (t) => {
  const files = { ...F("build/out.js", "a/build/out.js", "tmp/t", "a/tmp/t"), ".dockerignore": "./build\n/tmp\n" };
  t.deepEqual(airlockKeptOf(files), [".dockerignore", "a/build/out.js", "a/tmp/t"]);
});
