// `airlock scan --staged` as a git pre-commit hook, in real temporary repositories: what git
// is about to commit is judged (the index), not the working tree. Also the package that
// pre-commit's `language: node` installs (npm pack): it must carry what the CLI loads.
import test from "ava";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { parse as parseYaml } from "yaml";
import { BIN, ROOT } from "./helpers/cli.js";

// A fake classic GitHub token (right format, never issued), assembled so that this file does
// not hold the literal.
const TOKEN = ["ghp", "FAKEw7Kq2Rn5XmZ8pL3vT9bY4cJ6dH1sGf0N"].join("_");
const TOKEN_BODY = TOKEN.slice(8);

const sh = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/** The environment minus anything of the caller's git (a test run from a hook would leak GIT_DIR, GIT_INDEX_FILE). */
function cleanEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("GIT_")) env[k] = v;
  return { ...env, NO_COLOR: "1", FORCE_COLOR: "0", ...extra };
}

function run(cmd, args, { cwd, env, input } = {}) {
  const r = spawnSync(cmd, args, { cwd, env, input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, out: r.stdout + r.stderr };
}

/**
 * A fresh repository with user.name/email set locally, HOME pointed at an empty temporary
 * directory and system config off (no hooksPath, template or signing of the user's leaks in),
 * and `.git/hooks/pre-commit` running the built CLI.
 */
function repo(t, { hook = true } = {}) {
  const root = mkdtempSync(join(tmpdir(), "airlock-precommit-"));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const home = join(root, "home");
  const dir = join(root, "repo");
  mkdirSync(home);
  mkdirSync(dir);
  const env = cleanEnv({ HOME: home, XDG_CONFIG_HOME: join(home, ".config"), GIT_CONFIG_NOSYSTEM: "1", GIT_CEILING_DIRECTORIES: root });
  const git = (...args) => run("git", args, { cwd: dir, env });
  const must = (...args) => {
    const r = git(...args);
    if (r.code !== 0) throw new Error(`git ${args.join(" ")}: ${r.out}`);
    return r.stdout;
  };
  must("init", "-q", "-b", "main");
  must("config", "user.name", "Airlock Test");
  must("config", "user.email", "airlock-test@invalid.test");
  must("config", "commit.gpgsign", "false");
  must("config", "core.autocrlf", "false");
  if (hook) {
    const file = join(dir, ".git", "hooks", "pre-commit");
    writeFileSync(file, `#!/bin/sh\nexec ${sh(process.execPath)} ${sh(BIN)} scan --staged\n`);
    chmodSync(file, 0o755);
  }
  const write = (rel, text) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  const commits = () => {
    const r = git("rev-list", "--count", "HEAD");
    return r.code === 0 ? Number(r.stdout.trim()) : 0;
  };
  const scan = (args = [], cwd = dir) => run(process.execPath, [BIN, "scan", "--staged", ...args], { cwd, env });
  const scanJson = (args = []) => {
    const r = scan(["--format", "json", ...args]);
    return { ...r, json: JSON.parse(r.stdout) };
  };
  return { root, home, dir, env, git, must, write, commits, scan, scanJson, commit: (msg = "change", ...extra) => git("commit", "-q", "-m", msg, ...extra) };
}

/** A clean first commit made without the hook, so a test starts from a repository with history. */
function seeded(t, opts) {
  const r = repo(t, opts);
  r.write("README.md", "# demo\n\nA small project.\n");
  r.write("src/app.js", "export const greet = (name) => `hello ${name}`;\n");
  r.must("add", "-A");
  r.must("commit", "-q", "--no-verify", "-m", "initial");
  return r;
}

/** Neither the whole token nor its random part appears anywhere in `text`. */
function assertNoToken(t, text) {
  t.false(text.includes(TOKEN), "the full token must never be printed");
  t.false(text.includes(TOKEN_BODY), "nor its random part");
}

// ---------------------------------------------------------------------------------------------
// Commits through the hook

test("a clean commit goes through the hook (first commit and a later one)", (t) => {
  const r = repo(t);
  r.write("README.md", "# demo\n");
  r.write("src/app.js", "const token = process.env.GITHUB_TOKEN;\nexport default token;\n");
  r.write(".env.example", "GITHUB_TOKEN=\nDB_PASSWORD=changeme\nSTRIPE_SECRET_KEY=sk_test_your_secret_key_here\n");
  r.must("add", "-A");
  const first = r.commit("first");
  t.is(first.code, 0, first.out);
  t.is(r.commits(), 1);
  r.write("src/util.js", "export const add = (a, b) => a + b;\n");
  r.must("add", "src/util.js");
  const second = r.commit("second");
  t.is(second.code, 0, second.out);
  t.is(r.commits(), 2);
  t.is(r.git("log", "-1", "--format=%s").stdout.trim(), "second");
});

test("a staged GitHub token blocks the commit; the output names rule and path, never the token", (t) => {
  const r = seeded(t);
  r.write("scripts/release.sh", `#!/bin/sh\nGITHUB_TOKEN=${TOKEN}\ncurl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user\n`);
  r.must("add", "scripts/release.sh");
  const c = r.commit("add release script");
  t.not(c.code, 0, c.out);
  t.is(r.commits(), 1, "no commit was created");
  t.regex(c.out, /secret\.github\.pat/);
  t.regex(c.out, /scripts\/release\.sh/);
  assertNoToken(t, c.out);

  const s = r.scanJson();
  t.is(s.code, 1);
  t.deepEqual(
    s.json.findings.map((f) => [f.rule, f.kind, f.path, f.line, f.column]),
    [["secret.github.pat", "secret", "scripts/release.sh", 2, 14]],
  );
  assertNoToken(t, s.stdout + s.stderr);
});

test("a staged .env blocks the commit by its name, whatever it holds", (t) => {
  const r = seeded(t);
  r.write(".env", "NODE_ENV=development\nPORT=3000\n");
  r.must("add", ".env");
  const c = r.commit("add env");
  t.not(c.code, 0, c.out);
  t.is(r.commits(), 1);
  t.regex(c.out, /file\.dotenv/);
  t.regex(c.out, /\.env\b/);
  const s = r.scanJson();
  t.is(s.code, 1);
  t.deepEqual(
    s.json.findings.map((f) => [f.rule, f.kind, f.path]),
    [["file.dotenv", "file", ".env"]],
  );
});

test("a secret staged and then removed or cleaned in the working tree (not re-staged) still blocks: the index is what is committed", (t) => {
  const r = seeded(t);
  r.write("leak.txt", `token: ${TOKEN}\n`);
  r.write("src/app.js", `export const token = "${TOKEN}";\n`);
  r.must("add", "leak.txt", "src/app.js");
  unlinkSync(join(r.dir, "leak.txt"));
  r.write("src/app.js", "export const token = process.env.GITHUB_TOKEN;\n");
  t.false(readFileSync(join(r.dir, "src/app.js"), "utf8").includes(TOKEN));
  const c = r.commit("sneaky");
  t.not(c.code, 0, c.out);
  t.is(r.commits(), 1);
  t.regex(c.out, /leak\.txt/);
  t.regex(c.out, /src\/app\.js/);
  assertNoToken(t, c.out);
  t.deepEqual(
    r.scanJson().json.findings.map((f) => [f.rule, f.path]).sort(),
    [["secret.github.pat", "leak.txt"], ["secret.github.pat", "src/app.js"]],
  );
});

test("a secret only in the working tree (modified tracked file, untracked files) does not block", (t) => {
  const r = seeded(t);
  r.write("src/app.js", `export const token = "${TOKEN}";\n`); // modified, not staged
  r.write("scratch.txt", `${TOKEN}\n`); // untracked
  r.write(".env", `GITHUB_TOKEN=${TOKEN}\n`); // untracked credential file
  r.write("docs/usage.md", "# Usage\n\nRun `npm start`.\n");
  r.must("add", "docs/usage.md");
  const s = r.scanJson();
  t.is(s.code, 0, s.stdout + s.stderr);
  t.deepEqual(s.json.findings, []);
  const c = r.commit("docs");
  t.is(c.code, 0, c.out);
  t.is(r.commits(), 2);
  t.deepEqual(r.git("show", "--name-only", "--format=", "HEAD").stdout.trim().split("\n"), ["docs/usage.md"]);
});

test("staged deletions and renames do not crash the scan (deleting a committed secret is allowed)", (t) => {
  const r = seeded(t);
  r.write("old-token.txt", `${TOKEN}\n`);
  r.write("notes.md", "notes\n");
  r.must("add", "-A");
  r.must("commit", "-q", "--no-verify", "-m", "a secret got in");
  r.must("rm", "-q", "old-token.txt");
  r.must("mv", "notes.md", "NOTES.md");
  const s = r.scan();
  t.is(s.code, 0, s.out);
  t.notRegex(s.stderr, /error|exception|at .+\.js:\d+/i);
  const c = r.commit("remove the secret, rename notes");
  t.is(c.code, 0, c.out);
  t.is(r.commits(), 3);
  t.false(r.git("ls-files").stdout.includes("old-token.txt"));
});

test("file names with spaces and non-ASCII characters are read from the index and named as they are", (t) => {
  const r = seeded(t);
  r.write("docs/release notes.md", "# Notes de version\n\nRien de secret ici.\n");
  r.write("données/été 2024.txt", "ventes: 1200\n");
  r.write("config/clés de prod.yaml", `github_token: ${TOKEN}\n`);
  r.write("deploy keys/id_rsa", "not really a key, but named like one\n");
  r.must("add", "-A");
  const c = r.commit("unicode");
  t.not(c.code, 0, c.out);
  t.regex(c.out, /config\/clés de prod\.yaml/);
  t.regex(c.out, /deploy keys\/id_rsa/);
  assertNoToken(t, c.out);
  const s = r.scanJson();
  t.deepEqual(
    s.json.findings.map((f) => [f.rule, f.path]).sort(),
    [["file.ssh-private-key", "deploy keys/id_rsa"], ["secret.github.pat", "config/clés de prod.yaml"]],
  );
  // without the two offending files, the others (spaces, accents) commit fine
  r.must("rm", "-q", "--cached", "config/clés de prod.yaml", "deploy keys/id_rsa");
  const ok = r.commit("unicode, clean");
  t.is(ok.code, 0, ok.out);
  t.deepEqual(r.git("-c", "core.quotePath=false", "show", "--name-only", "--format=", "HEAD").stdout.trim().split("\n").sort(), ["docs/release notes.md", "données/été 2024.txt"]);
});

test("git commit -a and git commit PATH: the hook judges the index git is about to commit (GIT_INDEX_FILE)", (t) => {
  const r = seeded(t);
  r.write("src/app.js", `export const token = "${TOKEN}";\n`); // tracked, modified, not staged
  const all = r.commit("all", "-a");
  t.not(all.code, 0, all.out);
  t.regex(all.out, /src\/app\.js/);
  const only = r.commit("only", "--", "src/app.js");
  t.not(only.code, 0, only.out);
  t.regex(only.out, /src\/app\.js/);
  t.is(r.commits(), 1);
  assertNoToken(t, all.out + only.out);
});

test("--staged outside a git repository exits 2 with a message saying so", (t) => {
  const root = mkdtempSync(join(tmpdir(), "airlock-precommit-nogit-"));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const env = cleanEnv({ HOME: root, GIT_CONFIG_NOSYSTEM: "1", GIT_CEILING_DIRECTORIES: root });
  const dir = join(root, "plain");
  mkdirSync(dir);
  writeFileSync(join(dir, "file.txt"), `${TOKEN}\n`);
  for (const [args, cwd] of [[[], dir], [[dir], root], [["--format", "json", dir], root]]) {
    const r = run(process.execPath, [BIN, "scan", "--staged", ...args], { cwd, env });
    t.is(r.code, 2, `${args.join(" ")}: ${r.out}`);
    t.regex(r.stderr, /not inside a git repository/i);
    t.is(r.stdout, "", "nothing on stdout: a JSON consumer gets no half document");
    assertNoToken(t, r.out);
  }
});

test("with the pre-commit framework (when installed): a local hook blocks a staged token and ignores unstaged changes", (t) => {
  if (!run("sh", ["-c", "command -v pre-commit"], { env: process.env }).stdout.trim()) {
    t.pass("pre-commit is not installed; skipped");
    return;
  }
  const r = seeded(t, { hook: false });
  const cache = join(r.root, "pre-commit-cache");
  const env = { ...r.env, PRE_COMMIT_HOME: cache };
  const config = [
    "repos:",
    "  - repo: local",
    "    hooks:",
    "      - id: airlock-scan",
    "        name: airlock scan",
    `        entry: ${JSON.stringify(`${sh(process.execPath)} ${sh(BIN)} scan --staged`)}`,
    "        language: system",
    "        pass_filenames: false",
    "        always_run: true",
    "",
  ].join("\n");
  r.write(".pre-commit-config.yaml", config);
  r.must("add", ".pre-commit-config.yaml");
  const install = run("pre-commit", ["install"], { cwd: r.dir, env });
  t.is(install.code, 0, install.out);
  const git = (...args) => run("git", args, { cwd: r.dir, env });

  const clean = git("commit", "-q", "-m", "pre-commit config");
  t.is(clean.code, 0, clean.out);

  r.write("src/app.js", `export const token = "${TOKEN}";\n`);
  r.must("add", "src/app.js");
  const blocked = git("commit", "-q", "-m", "token");
  t.not(blocked.code, 0, blocked.out);
  t.regex(blocked.out, /secret\.github\.pat/);
  assertNoToken(t, blocked.out);

  // staged clean, working tree dirty: pre-commit stashes the unstaged part, the scan sees the index
  r.write("src/app.js", "export const token = process.env.GITHUB_TOKEN;\n");
  r.must("add", "src/app.js");
  r.write("src/app.js", `export const token = "${TOKEN}";\n`);
  const ok = git("commit", "-q", "-m", "clean");
  t.is(ok.code, 0, ok.out);
  t.true(readFileSync(join(r.dir, "src/app.js"), "utf8").includes(TOKEN), "the unstaged change is restored after the hook");
});

// ---------------------------------------------------------------------------------------------
// The hook manifest and the package pre-commit installs

test(".pre-commit-hooks.yaml: airlock-scan runs the package's bin with --staged, takes no filenames, always runs", (t) => {
  const manifest = parseYaml(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8"));
  t.true(Array.isArray(manifest));
  const hook = manifest.find((h) => h.id === "airlock-scan");
  t.truthy(hook);
  for (const key of ["id", "name", "entry", "language"]) t.is(typeof hook[key], "string", `${key} is required`);
  t.is(hook.language, "node");
  t.is(hook.pass_filenames, false);
  t.is(hook.always_run, true);
  const [bin, ...args] = hook.entry.split(/\s+/);
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  t.truthy(pkg.bin?.[bin], `entry's command ${bin} is a bin of the package`);
  t.deepEqual(args, ["scan", "--staged"]);
  t.is(pkg.scripts?.prepare, "npm run build", "a git install builds itself");
  if (run("sh", ["-c", "command -v pre-commit"], { env: process.env }).stdout.trim()) {
    const v = run("pre-commit", ["validate-manifest", join(ROOT, ".pre-commit-hooks.yaml")], { env: process.env });
    t.is(v.code, 0, v.out);
  }
});

function packedFiles() {
  // --ignore-scripts: the suite already built dist/; `prepare` would rebuild it under the other tests
  const r = run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, env: { ...process.env, npm_config_loglevel: "error" } });
  if (r.code !== 0) throw new Error(`npm pack --dry-run: ${r.out}`);
  const [info] = JSON.parse(r.stdout);
  return new Set(info.files.map((f) => f.path));
}

test("npm pack: the package holds the CLI, the library, the rules and their compiled snapshots, and no tests or fixtures", (t) => {
  const files = packedFiles();
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const required = ["package.json", "dist/cli/main.js", "dist/index.js", "dist/index.d.ts", "rules/sensitive-files.yaml", "rules/secrets.yaml"];
  // scripts/build-rules.mjs compiles every rules/*.yaml to dist/rules/*.json; src/core/rules-file.ts reads those
  for (const f of readdirSync(join(ROOT, "rules")).filter((f) => f.endsWith(".yaml"))) required.push(`rules/${f}`, `dist/rules/${f.replace(/\.yaml$/, ".json")}`);
  for (const target of Object.values(pkg.bin)) required.push(posix.normalize(target));
  for (const f of required) t.true(files.has(f), `${f} is packed`);
  t.regex(readFileSync(join(ROOT, pkg.bin.airlock), "utf8"), /^#!\/usr\/bin\/env node\n/, "the bin starts with a node shebang");
  const stray = [...files].filter((f) => /^(test|fixtures|bench|\.ci)\//.test(f) || /\.test\.[cm]?js$/.test(f) || /(^|\/)(\.env|\.npmrc|id_rsa|id_ed25519)$/.test(f));
  t.deepEqual(stray, [], "no tests, fixtures, benchmarks or credential-named files");
  t.false([...files].some((f) => f.includes("demo-workspace")));
});

test("npm pack prints only the tarball name despite the package's lifecycle scripts (pre-commit's node install reads its stdout as the file name)", (t) => {
  // pre-commit runs `npm pack` in its clone and passes the whole stdout to `npm install -g`.
  // Since npm 10.5 a `prepare` script's banner ("> airlock@0.1.0 prepare") lands on that
  // stdout unless the project's npm config sets foreground-scripts=false, and the install
  // fails. Checked on a probe package with the same scripts and the same project .npmrc, so
  // this repository's dist/ is not rebuilt under the other tests.
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const probe = mkdtempSync(join(tmpdir(), "airlock-pack-probe-"));
  t.teardown(() => rmSync(probe, { recursive: true, force: true }));
  const scripts = {};
  for (const event of ["prepack", "prepare", "postpack"]) if (pkg.scripts?.[event]) scripts[event] = `echo probe ${event} output`;
  writeFileSync(join(probe, "package.json"), JSON.stringify({ name: "probe", version: "1.0.0", scripts }));
  if (existsSync(join(ROOT, ".npmrc"))) writeFileSync(join(probe, ".npmrc"), readFileSync(join(ROOT, ".npmrc")));
  const r = run("npm", ["pack"], { cwd: probe, env: process.env });
  t.is(r.code, 0, r.out);
  t.is(r.stdout.trim(), "probe-1.0.0.tgz", `npm pack's stdout must be the tarball name alone; it was:\n${r.stdout}`);
});

test("npm pack: every module and file the packed code loads is packed, and every package it imports is a runtime dependency", (t) => {
  const files = packedFiles();
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const deps = new Set(Object.keys(pkg.dependencies ?? {}));
  const builtins = new Set(builtinModules);
  const missing = [];
  const undeclared = [];
  for (const f of [...files].filter((f) => /^dist\/.*\.js$/.test(f))) {
    const code = readFileSync(join(ROOT, f), "utf8").replace(/^\s*\/\/.*$/gm, "");
    const specs = [
      ...[...code.matchAll(/\bfrom\s+"([^"]+)"/g)].map((m) => m[1]),
      ...[...code.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]),
      ...[...code.matchAll(/\brequire(?:Cjs)?\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]),
      ...[...code.matchAll(/\bimport\s+"([^"]+)"/g)].map((m) => m[1]),
    ];
    for (const spec of specs) {
      if (spec.startsWith(".")) {
        const target = posix.normalize(posix.join(posix.dirname(f), spec));
        if (!files.has(target)) missing.push(`${f} imports ${spec}`);
      } else if (!spec.startsWith("node:") && !builtins.has(spec)) {
        const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
        if (!deps.has(name)) undeclared.push(`${f} imports ${spec}`);
      }
    }
    // files read at run time relative to the module: new URL("../../rules/x.yaml", import.meta.url)
    for (const m of code.matchAll(/new URL\(\s*"(\.[^"]*)"\s*,\s*import\.meta\.url\s*\)/g)) {
      const target = posix.normalize(posix.join(posix.dirname(f), m[1]));
      const isDir = m[1].endsWith("/");
      const present = isDir ? [...files].some((p) => p.startsWith(target)) : files.has(target);
      if (!present) missing.push(`${f} reads ${m[1]}`);
    }
  }
  t.deepEqual(missing, [], "relative imports and module-relative files resolve inside the package");
  t.deepEqual(undeclared, [], "bare imports are dependencies (not devDependencies)");
  t.true(existsSync(join(ROOT, "scripts/check-pack.sh")), "the end-to-end install check exists");
});
