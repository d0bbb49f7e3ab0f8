// The workspace scrubber through the built CLI and library, on real trees in temp dirs: walking
// (ignore files, .git, symlinks, special and unreadable files, modes), what is found, the
// overlay and its manifest, and never losing or leaking data (source untouched, no secret in
// any output, bad paths refused, atomic under kill).
import test from "ava";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { airlock, BIN, ROOT } from "./helpers/cli.js";
import { scanWorkspace, scrubWorkspace } from "../dist/index.js";

// Fake secrets with the right shapes (none was ever issued).
const GH = "ghp_" + "Zq8Xw2Lm4Np6Rt1Vb3Cd5Fg7Hj9Kk0Ls2Mn4";
const GH2 = "ghp_" + "Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2";
const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz9aLqT1xy";
const KEY_BLOCK = ["-----BEGIN OPENSSH PRIVATE KEY-----", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz", "c2gtZWQyNTUxOQAAACBmYWtlLWtleS1mb3ItYWlybG9jay10ZXN0cy0wMDAwMDAw", "-----END OPENSSH PRIVATE KEY-----"].join("\n");

function tempDir(t, prefix = "airlock-scrub-") {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => {
    spawnSync("chmod", ["-R", "u+rwX", dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

function write(root, rel, text, mode) {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  if (mode !== undefined) chmodSync(file, mode);
  return file;
}

/** Every path under dir (files, links, dirs) with its type, mode and content hash. */
function snapshot(dir) {
  const out = {};
  const walk = (d) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      const st = lstatSync(p);
      const rel = relative(dir, p);
      if (st.isSymbolicLink()) out[rel] = `link ${readlinkSync(p)}`;
      else if (st.isDirectory()) {
        out[rel] = `dir ${(st.mode & 0o7777).toString(8)}`;
        walk(p);
      } else if (st.isFile()) out[rel] = `file ${(st.mode & 0o7777).toString(8)} ${createHash("sha256").update(readFileSync(p)).digest("hex")} ${st.mtimeMs}`;
      else out[rel] = "special";
    }
  };
  walk(dir);
  return out;
}

function files(dir) {
  return Object.entries(snapshot(dir))
    .filter(([, v]) => !v.startsWith("dir"))
    .map(([k]) => k)
    .sort();
}

/** A small project with one of everything. */
function project(t) {
  const root = tempDir(t);
  const src = join(root, "src");
  write(src, "README.md", "# project\n");
  write(src, "app/main.js", `const token = "${GH}";\nconsole.log("ok");\n`);
  write(src, "app/util.js", "export const add = (a, b) => a + b;\n");
  write(src, ".env", `AWS_SECRET_ACCESS_KEY=${AWS_SECRET}\n`);
  write(src, ".env.example", "AWS_SECRET_ACCESS_KEY=changeme\n");
  write(src, "deploy/id_ed25519", KEY_BLOCK + "\n", 0o600);
  write(src, "notes/key.txt", `first line\n${KEY_BLOCK}\nlast line\n`);
  write(src, "bin/run.sh", "#!/bin/sh\necho run\n", 0o755);
  write(src, ".gitignore", "secrets/\n*.log\n");
  write(src, "secrets/prod.txt", `token=${GH2}\n`);
  write(src, "debug.log", `log ${GH2}\n`);
  return { root, src, out: join(root, "out") };
}

// ── what is found ─────────────────────────────────────────────────────────────────────────────

test("scan: JSON has the documented shape, exits 1 on findings and 0 on a clean tree", (t) => {
  const p = project(t);
  const r = airlock(["scan", p.src, "--format", "json"]);
  t.is(r.code, 1, r.stderr);
  const doc = JSON.parse(r.stdout);
  const gh = doc.findings.find((f) => f.rule === "secret.github.pat");
  t.like(gh, { rule: "secret.github.pat", kind: "secret", path: "app/main.js", line: 1, column: 16 });
  t.regex(gh.preview, /^ghp_\*\*\*\*….{1,2}$/);
  t.like(doc.findings.find((f) => f.path === ".env" && f.kind === "file"), { rule: "file.dotenv", line: 1, column: 1 });
  t.like(doc.findings.find((f) => f.path === "deploy/id_ed25519" && f.kind === "file"), { rule: "file.ssh-private-key" });
  t.like(doc.findings.find((f) => f.path === "notes/key.txt"), { rule: "secret.private-key.openssh", line: 2, column: 1, endLine: 5 });
  t.is(typeof doc.stats.files, "number");
  t.is(typeof doc.stats.bytes, "number");
  // ignored paths are not scanned; .env.example is scanned and clean
  t.false(doc.findings.some((f) => f.path.startsWith("secrets/") || f.path === "debug.log" || f.path === ".env.example"));

  const clean = tempDir(t);
  write(clean, "a.txt", "hello\n");
  const c = airlock(["scan", clean, "--format", "json"]);
  t.is(c.code, 0, c.stderr);
  t.deepEqual(JSON.parse(c.stdout).findings, []);
});

test("scan --no-ignore also scans ignored paths; --format text names path:line:col and rule", (t) => {
  const p = project(t);
  const r = airlock(["scan", p.src, "--no-ignore", "--format", "json"]);
  const paths = JSON.parse(r.stdout).findings.map((f) => f.path);
  t.true(paths.includes("secrets/prod.txt"));
  t.true(paths.includes("debug.log"));
  const text = airlock(["scan", p.src]);
  t.is(text.code, 1);
  t.regex(text.stdout, /app\/main\.js:1:16 +secret\.github\.pat +ghp_\*\*\*\*…/);
  t.regex(text.stdout, /findings? in \d+ files?/);
});

test("scan: usage and input errors exit 2 with a message", (t) => {
  const missing = airlock(["scan", "/nonexistent/airlock-dir", "--format", "json"]);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /does not exist/);
  const dir = tempDir(t);
  const badFormat = airlock(["scan", dir, "--format", "xml"]);
  t.is(badFormat.code, 2);
  t.regex(badFormat.stderr, /--format/);
  const badBaseline = airlock(["scan", dir, "--baseline", join(dir, "none.json")]);
  t.is(badBaseline.code, 2);
  t.regex(badBaseline.stderr, /--baseline/);
  writeFileSync(join(dir, "file.txt"), "x");
  const notDir = airlock(["scan", join(dir, "file.txt")]);
  t.is(notDir.code, 2);
});

test("scan --baseline: known findings are not reported again; a new secret still is", (t) => {
  const p = project(t);
  const first = airlock(["scan", p.src, "--format", "json"]);
  const baseline = join(p.root, "baseline.json");
  writeFileSync(baseline, first.stdout);
  const again = airlock(["scan", p.src, "--format", "json", "--baseline", baseline]);
  t.is(again.code, 0, again.stdout);
  t.is(JSON.parse(again.stdout).baselined, JSON.parse(first.stdout).findings.length);
  // a line moves (same secret): still known; a new secret: reported
  write(p.src, "app/main.js", `// moved down\n\nconst token = "${GH}";\nconst other = "${GH2}";\n`);
  const after = airlock(["scan", p.src, "--format", "json", "--baseline", baseline]);
  t.is(after.code, 1);
  const f = JSON.parse(after.stdout).findings;
  t.is(f.length, 1);
  t.like(f[0], { path: "app/main.js", line: 4 });
});

test("binary files are checked by name, not by content; text after a NUL-free first block is scanned", async (t) => {
  const dir = tempDir(t);
  write(dir, "blob.bin", Buffer.concat([Buffer.from([0, 1, 2, 3]), Buffer.from(`token ${GH}\n`)]));
  write(dir, "keys/server.p12", Buffer.from([0, 1, 2, 3, 4]));
  const r = await scanWorkspace(dir);
  t.deepEqual(r.findings.map((f) => [f.path, f.kind]), [["keys/server.p12", "file"]]);
  t.regex(r.findings[0].rule, /^file\./);
  t.is(r.stats.binary, 2);
});

test("UTF-16 text (with a byte-order mark, or none, little- or big-endian) is scanned as text and redacted in its own encoding; other NUL-bearing files stay binary", async (t) => {
  const dir = tempDir(t);
  const out = join(tempDir(t, "airlock-scrub-out-"), "overlay");
  const le = (s) => Buffer.from(s, "utf16le");
  const be = (s) => Buffer.from(s, "utf16le").swap16();
  write(dir, "settings.ini", Buffer.concat([Buffer.from([0xff, 0xfe]), le(`name=app\r\ntoken=${GH}\r\nmode=fast\r\n`)]));
  write(dir, "export.txt", le(`first line\nsecond: "${GH2}"\n`));
  write(dir, "report.txt", be(`aws_secret_access_key = ${AWS_SECRET}\n`));
  // large: more than one read chunk (8 MiB), the secret at the end
  write(dir, "big.log", Buffer.concat([le("x".repeat(4_500_000) + "\n"), le(`token=${GH}\n`)]));
  write(dir, "blob.bin", Buffer.concat([Buffer.from([0, 1, 2, 3, 0, 0, 9]), Buffer.from(`token ${GH}\n`)]));
  const r = await scanWorkspace(dir);
  const found = r.findings.filter((f) => f.kind !== "file").map((f) => [f.path, f.line, f.column, f.rule]).sort();
  t.deepEqual(found, [
    ["big.log", 2, 7, "secret.github.pat"],
    ["export.txt", 2, 10, "secret.github.pat"],
    ["report.txt", 1, 25, "secret.aws.secret-access-key"],
    ["settings.ini", 2, 7, "secret.github.pat"],
  ]);
  t.is(r.stats.binary, 1);
  const scrub = airlock(["scrub", dir, out]);
  t.is(scrub.code, 0, scrub.stderr);
  t.is(readFileSync(join(out, "settings.ini")).subarray(2).toString("utf16le"), "name=app\r\ntoken=[REDACTED:secret.github.pat]\r\nmode=fast\r\n");
  t.is(readFileSync(join(out, "export.txt")).toString("utf16le"), 'first line\nsecond: "[REDACTED:secret.github.pat]"\n');
  t.is(Buffer.from(readFileSync(join(out, "report.txt"))).swap16().toString("utf16le"), "aws_secret_access_key = [REDACTED:secret.aws.secret-access-key]\n");
  t.true(readFileSync(join(out, "big.log")).toString("utf16le").endsWith("token=[REDACTED:secret.github.pat]\n"));
  t.deepEqual(readFileSync(join(out, "blob.bin")), readFileSync(join(dir, "blob.bin")));
  for (const f of ["settings.ini", "export.txt", "report.txt", "big.log"]) {
    const bytes = readFileSync(join(out, f));
    for (const secret of [GH, GH2, AWS_SECRET]) {
      t.false(bytes.includes(le(secret)) || bytes.includes(be(secret)) || bytes.includes(Buffer.from(secret)), `${f} still holds a secret`);
    }
  }
});

test("a large file is streamed in windows: secrets on both sides of and across a chunk boundary are found at the right lines, and redaction keeps every other byte", async (t) => {
  const dir = tempDir(t);
  const CHUNK = 8 * 1024 * 1024;
  const line = "x".repeat(99) + "\n"; // 100 bytes per line
  const lines = Math.ceil((CHUNK * 2.5) / 100);
  const parts = [];
  const planted = [];
  // the key block straddles the first chunk boundary; tokens sit near both boundaries and at the end
  const at = new Map([
    [Math.floor(CHUNK / 100) - 2, KEY_BLOCK],
    [Math.floor(CHUNK / 100) + 5, `token = "${GH}"`],
    [Math.floor((2 * CHUNK) / 100) - 1, `token = "${GH2}"`],
    [lines - 1, `AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`],
  ]);
  let lineNo = 1;
  for (let i = 0; i < lines; i++) {
    const special = at.get(i);
    if (special !== undefined) {
      planted.push(lineNo);
      parts.push(special + "\n");
      lineNo += special.split("\n").length;
    } else {
      parts.push(line);
      lineNo++;
    }
  }
  // a non-UTF-8 byte sequence must survive redaction byte for byte
  parts.push("\xff\xfe latin1 tail é\n");
  const data = Buffer.concat(parts.map((s) => Buffer.from(s, "latin1")));
  write(dir, "src/big.txt", data);
  const r = await scanWorkspace(dir);
  t.deepEqual(r.findings.map((f) => f.line), planted);
  t.deepEqual(r.findings.map((f) => f.rule), ["secret.private-key.openssh", "secret.github.pat", "secret.github.pat", "secret.aws.secret-access-key"]);

  const out = join(tempDir(t), "overlay");
  await scrubWorkspace(dir, out);
  const red = readFileSync(join(out, "src/big.txt"));
  const expected = Buffer.from(
    data
      .toString("latin1")
      .replace(KEY_BLOCK, "[REDACTED:secret.private-key.openssh]\n\n\n")
      .replace(GH, "[REDACTED:secret.github.pat]")
      .replace(GH2, "[REDACTED:secret.github.pat]")
      .replace(AWS_SECRET, "[REDACTED:secret.aws.secret-access-key]"),
    "latin1",
  );
  t.true(red.equals(expected), "only the secrets changed");
  t.is(red.toString("latin1").split("\n").length, data.toString("latin1").split("\n").length, "line structure kept");
});

// ── the overlay ───────────────────────────────────────────────────────────────────────────────

test("scrub: catalog files removed, inline secrets redacted in place, ignored paths left out, the rest copied byte for byte, with a manifest", (t) => {
  const p = project(t);
  const r = airlock(["scrub", p.src, p.out, "--json"]);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(files(p.out), [".airlock-manifest.json", ".env.example", ".gitignore", "README.md", "app/main.js", "app/util.js", "bin/run.sh", "notes/key.txt"]);
  t.is(readFileSync(join(p.out, "app/main.js"), "utf8"), 'const token = "[REDACTED:secret.github.pat]";\nconsole.log("ok");\n');
  t.is(readFileSync(join(p.out, "notes/key.txt"), "utf8"), "first line\n[REDACTED:secret.private-key.openssh]\n\n\n\nlast line\n");
  for (const same of ["README.md", "app/util.js", ".env.example", "bin/run.sh"]) t.deepEqual(readFileSync(join(p.out, same)), readFileSync(join(p.src, same)), same);
  const m = JSON.parse(readFileSync(join(p.out, ".airlock-manifest.json"), "utf8"));
  const entry = (path) => m.entries.find((e) => e.path === path);
  t.like(entry(".env"), { action: "removed", rules: ["file.dotenv"] });
  t.like(entry("deploy/id_ed25519"), { action: "removed", rules: ["file.ssh-private-key"] });
  t.like(entry("app/main.js"), { action: "redacted", rules: ["secret.github.pat"] });
  t.like(entry("app/main.js").secrets[0], { rule: "secret.github.pat", line: 1, column: 16, lines: 1 });
  t.regex(entry("app/main.js").secrets[0].fingerprint, /^[0-9a-f]{12}$/);
  t.like(entry("notes/key.txt").secrets[0], { line: 2, lines: 4 });
  t.like(m.summary, { removed: 2, redacted: 2, ignored: 2 });
  const json = JSON.parse(r.stdout);
  t.is(json.out, p.out);
  t.deepEqual(json.summary, m.summary);
});

test("the executable bit and other mode bits are kept; setuid and setgid are dropped", (t) => {
  const p = project(t);
  write(p.src, "bin/suid", "#!/bin/sh\n", 0o4755);
  write(p.src, "bin/sgid", "#!/bin/sh\n", 0o2750);
  write(p.src, "ro.txt", "read only\n", 0o444);
  write(p.src, "bin/secret.sh", `#!/bin/sh\nexport T=${GH}\n`, 0o750);
  mkdirSync(join(p.src, "locked"), { mode: 0o755 });
  write(p.src, "locked/a.txt", "a\n");
  chmodSync(join(p.src, "locked"), 0o555);
  t.is(airlock(["scrub", p.src, p.out]).code, 0);
  const mode = (rel) => statSync(join(p.out, rel)).mode & 0o7777;
  t.is(mode("bin/run.sh"), 0o755);
  t.is(mode("bin/suid"), 0o755);
  t.is(mode("bin/sgid"), 0o750);
  t.is(mode("ro.txt"), 0o444);
  t.is(mode("bin/secret.sh"), 0o750, "a redacted file keeps its mode");
  t.is(mode("locked"), 0o555, "directory modes are applied after filling them");
  t.is(readFileSync(join(p.out, "locked/a.txt"), "utf8"), "a\n");
});

test("walking: nested .gitignore with negations and anchors, .airlockignore, root .dockerignore (anchored), .git left out", (t) => {
  const dir = tempDir(t);
  const src = join(dir, "src");
  write(src, ".gitignore", "*.log\n/build\ntmp/\n");
  write(src, "a.log", "x");
  write(src, "build/out.js", "x");
  write(src, "lib/build/keep.js", "x"); // /build is anchored at the root
  write(src, "lib/.gitignore", "!keep.log\n");
  write(src, "lib/keep.log", "x");
  write(src, "lib/other.log", "x");
  write(src, "lib/tmp/t.txt", "x");
  write(src, ".airlockignore", "fixtures/\n");
  write(src, "fixtures/fake-token.txt", `token ${GH}\n`);
  write(src, ".dockerignore", "*.md\n");
  write(src, "README.md", "x");
  write(src, "docs/guide.md", "x");
  write(src, ".git/config", "[remote]\n");
  write(src, ".git/info/exclude", "excluded-by-git.txt\n");
  write(src, "excluded-by-git.txt", "x");
  const out = join(dir, "out");
  t.is(airlock(["scrub", src, out]).code, 0);
  t.deepEqual(files(out), [".airlock-manifest.json", ".airlockignore", ".dockerignore", ".gitignore", "docs/guide.md", "lib/.gitignore", "lib/build/keep.js", "lib/keep.log"]);
  const all = join(dir, "all");
  t.is(airlock(["scrub", src, all, "--no-ignore"]).code, 0);
  t.true(files(all).includes("fixtures/fake-token.txt"));
  t.true(files(all).includes("a.log"));
  t.false(files(all).some((f) => f.startsWith(".git/")), ".git stays out without --include-git");
});

test("--include-git copies .git/ and scans its config (credentials in remote URLs)", async (t) => {
  const dir = tempDir(t);
  write(dir, ".git/config", `[remote "origin"]\n\turl = https://deploy:${GH}@github.com/acme/app.git\n`);
  write(dir, "a.txt", "x\n");
  const without = await scanWorkspace(dir);
  t.deepEqual(without.findings, []);
  const withGit = await scanWorkspace(dir, { includeGit: true });
  t.true(withGit.findings.some((f) => f.path === ".git/config" && f.kind === "secret"), JSON.stringify(withGit.findings));
  const out = join(tempDir(t), "o");
  t.is(airlock(["scrub", dir, out, "--include-git"]).code, 0);
  t.false(readFileSync(join(out, ".git/config"), "utf8").includes(GH));
});

test("symlinks: inside the tree kept (re-pointed relative), leaving it dropped and recorded, never followed", (t) => {
  const dir = tempDir(t);
  const outside = join(dir, "outside");
  write(outside, "host-secret.txt", `token ${GH}\n`);
  const src = join(dir, "src");
  write(src, "config/production.yaml", "port: 80\n");
  symlinkSync("production.yaml", join(src, "config/current.yaml"));
  symlinkSync(join(src, "config/production.yaml"), join(src, "abs-inside")); // absolute, into the tree
  symlinkSync(join(outside, "host-secret.txt"), join(src, "abs-outside"));
  symlinkSync("../outside", join(src, "rel-outside-dir"));
  symlinkSync("/etc/passwd", join(src, "passwd"));
  symlinkSync("hop2", join(src, "hop1")); // a chain that leaves through its last hop
  symlinkSync("../outside/host-secret.txt", join(src, "hop2"));
  symlinkSync("missing-inside", join(src, "dangling-inside"));
  symlinkSync("../../nowhere", join(src, "dangling-outside"));
  const out = join(dir, "out");
  const r = airlock(["scrub", src, out, "--json"]);
  t.is(r.code, 0, r.stderr);
  t.is(readlinkSync(join(out, "config/current.yaml")), "production.yaml");
  t.is(readlinkSync(join(out, "abs-inside")), "config/production.yaml");
  t.is(readFileSync(join(out, "abs-inside"), "utf8"), "port: 80\n");
  t.is(readlinkSync(join(out, "dangling-inside")), "missing-inside");
  for (const gone of ["abs-outside", "rel-outside-dir", "passwd", "hop1", "hop2", "dangling-outside"]) {
    t.false(existsSync(join(out, gone)) || lstatExists(join(out, gone)), gone);
  }
  const m = JSON.parse(readFileSync(join(out, ".airlock-manifest.json"), "utf8"));
  const dropped = m.entries.filter((e) => e.action === "dropped").map((e) => e.path).sort();
  t.deepEqual(dropped, ["abs-outside", "dangling-outside", "hop1", "hop2", "passwd", "rel-outside-dir"]);
  // and nothing of the outside was read: the scan reports no secret
  t.is(airlock(["scan", src, "--format", "json"]).code, 0);
});

function lstatExists(p) {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

test("FIFOs and sockets are skipped and recorded (the scrub does not block on a FIFO)", async (t) => {
  const dir = tempDir(t);
  write(dir, "a.txt", "x\n");
  t.is(spawnSync("mkfifo", [join(dir, "pipe")]).status, 0);
  const server = createServer();
  await new Promise((r) => server.listen(join(dir, "sock"), r));
  t.teardown(() => server.close());
  const out = join(tempDir(t), "o");
  const r = await scrubWorkspace(dir, out);
  const skipped = r.manifest.entries.filter((e) => e.action === "skipped").map((e) => [e.path, e.reason]);
  t.deepEqual(skipped, [
    ["pipe", "FIFO: not copied"],
    ["sock", "socket: not copied"],
  ]);
  t.deepEqual(files(out), [".airlock-manifest.json", "a.txt"]);
});

test("an unreadable file is left out and recorded (it could not be checked, so it is not copied)", (t) => {
  const dir = tempDir(t);
  chmodSync(dir, 0o755);
  const src = join(dir, "src");
  write(src, "ok.txt", "fine\n");
  write(src, "locked.txt", `token ${GH}\n`, 0o000);
  mkdirSync(join(src, "lockeddir"));
  write(src, "lockeddir/inner.txt", "x\n");
  chmodSync(join(src, "lockeddir"), 0o000);
  chmodSync(src, 0o755);
  const outParent = join(dir, "outp");
  mkdirSync(outParent, { mode: 0o777 });
  chmodSync(outParent, 0o777);
  const out = join(outParent, "o");
  // as root every file is readable: run the CLI as an unprivileged user
  const asUser = process.getuid?.() === 0 ? ["runuser", "-u", "nobody", "--"] : [];
  if (asUser.length && spawnSync("runuser", ["-u", "nobody", "--", "true"]).status !== 0) return t.pass("cannot switch to an unprivileged user here");
  const r = spawnSync(asUser.length ? asUser[0] : process.execPath, [...asUser.slice(1), ...(asUser.length ? [process.execPath] : []), BIN, "scrub", src, out, "--json"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  t.is(r.status, 0, r.stderr);
  const m = JSON.parse(readFileSync(join(out, ".airlock-manifest.json"), "utf8"));
  const skipped = Object.fromEntries(m.entries.filter((e) => e.action === "skipped").map((e) => [e.path, e.reason]));
  t.regex(skipped["locked.txt"] ?? "", /EACCES/);
  t.regex(skipped["lockeddir"] ?? "", /EACCES/);
  t.false(existsSync(join(out, "locked.txt")));
  t.false(existsSync(join(out, "lockeddir")));
  t.true(existsSync(join(out, "ok.txt")));
});

// ── never lose or leak data ───────────────────────────────────────────────────────────────────

test("the source tree is never written: identical before and after scan and scrub, also when it is read-only", (t) => {
  const p = project(t);
  symlinkSync("app/main.js", join(p.src, "link"));
  const before = snapshot(p.src);
  t.is(airlock(["scan", p.src, "--format", "json"]).code, 1);
  t.is(airlock(["scrub", p.src, p.out]).code, 0);
  t.deepEqual(snapshot(p.src), before);
  // a read-only copy (all write bits off) scrubs the same way
  const ro = join(p.root, "ro");
  cpSync(p.src, ro, { recursive: true, verbatimSymlinks: true });
  spawnSync("chmod", ["-R", "a-w", ro]);
  const roBefore = snapshot(ro);
  const out2 = join(p.root, "out2");
  const r = airlock(["scrub", ro, out2]);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(snapshot(ro), roBefore);
  t.deepEqual(files(out2), files(p.out));
});

test("no output, manifest or message carries a secret in full", (t) => {
  const p = project(t);
  const outputs = [
    airlock(["scan", p.src]),
    airlock(["scan", p.src, "--format", "json"]),
    airlock(["scan", p.src, "--no-ignore", "--format", "json"]),
    airlock(["scrub", p.src, p.out, "--json"]),
  ].map((r) => r.stdout + r.stderr);
  outputs.push(readFileSync(join(p.out, ".airlock-manifest.json"), "utf8"));
  const overlay = Object.keys(snapshot(p.out)).filter((f) => statSync(join(p.out, f)).isFile()).map((f) => readFileSync(join(p.out, f), "utf8"));
  for (const secret of [GH, GH2, AWS_SECRET, KEY_BLOCK.split("\n")[1]]) {
    for (const o of [...outputs, ...overlay]) {
      t.false(o.includes(secret), `a secret leaked: ${secret.slice(0, 6)}…`);
      t.false(o.includes(secret.slice(4, 20)), "a long piece of a secret leaked");
    }
  }
});

test("bad paths: OUT inside SRC, SRC inside OUT, OUT = SRC, missing SRC, existing OUT — exit 2, nothing written", (t) => {
  const p = project(t);
  const before = snapshot(p.src);
  const cases = [
    [[p.src, join(p.src, "overlay")], /inside the source/],
    [[p.src, join(p.src, "app", "deeper", "overlay")], /inside the source/],
    [[join(p.src, "app"), p.src], /inside the output/],
    [[p.src, p.src], /source directory itself/],
    [[p.src, join(p.src, ".")], /source directory itself/],
    [[join(p.root, "missing"), join(p.root, "o")], /does not exist/],
  ];
  for (const [args, message] of cases) {
    const r = airlock(["scrub", ...args]);
    t.is(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    t.regex(r.stderr, message);
  }
  // a symlink to SRC as OUT's parent is still inside SRC
  symlinkSync(p.src, join(p.root, "alias"));
  const viaLink = airlock(["scrub", p.src, join(p.root, "alias", "overlay")]);
  t.is(viaLink.code, 2);
  t.deepEqual(snapshot(p.src), before);
  t.false(existsSync(join(p.root, "o")));
  // OUT exists: refused without --force
  mkdirSync(p.out);
  writeFileSync(join(p.out, "precious.txt"), "do not delete");
  const exists = airlock(["scrub", p.src, p.out]);
  t.is(exists.code, 2);
  t.regex(exists.stderr, /already exists/);
  // --force refuses a directory that is not an overlay
  const notOverlay = airlock(["scrub", p.src, p.out, "--force"]);
  t.is(notOverlay.code, 2);
  t.regex(notOverlay.stderr, /not an airlock overlay/);
  t.is(readFileSync(join(p.out, "precious.txt"), "utf8"), "do not delete");
});

test("--force replaces an earlier overlay only once the new one is complete", (t) => {
  const p = project(t);
  t.is(airlock(["scrub", p.src, p.out]).code, 0);
  write(p.src, "new.txt", "new\n");
  rmSync(join(p.src, "README.md"));
  t.is(airlock(["scrub", p.src, p.out, "--force"]).code, 0);
  t.true(existsSync(join(p.out, "new.txt")));
  t.false(existsSync(join(p.out, "README.md")));
  t.deepEqual(readdirSync(p.root).filter((n) => n.includes("airlock-")), [], "no temporary siblings left");
});

test.serial("killed mid-scrub: OUT is absent (never partial); the next scrub cleans the orphaned temporary and succeeds", async (t) => {
  const dir = tempDir(t);
  const src = join(dir, "src");
  // enough files that the scrub takes a while
  for (let i = 0; i < 4000; i++) write(src, `d${i % 40}/f${i}.txt`, `line ${i}\n`.repeat(200));
  const out = join(dir, "out");
  for (const signal of ["SIGKILL", "SIGTERM"]) {
    const child = spawn(process.execPath, [BIN, "scrub", src, out], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    let exited;
    const exit = new Promise((r) => child.on("exit", (c, s) => r((exited = c ?? s))));
    // kill once the temporary overlay has started to fill
    await waitFor(() => {
      if (exited !== undefined) throw new Error(`the scrub ended (${exited}) before it could be killed: ${stderr}`);
      return readdirSync(dir).some((n) => n.includes(`.airlock-tmp-${child.pid}-`) && safeCount(join(dir, n)) > 5);
    });
    child.kill(signal);
    const code = await exit;
    t.false(existsSync(out), `${signal}: no partial OUT`);
    if (signal === "SIGTERM") {
      t.is(code, 143, stderr);
      t.deepEqual(readdirSync(dir).filter((n) => n.includes(`.airlock-tmp-${child.pid}-`)), [], "SIGTERM: the temporary is removed");
    }
  }
  const r = airlock(["scrub", src, out]);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(readdirSync(dir).sort(), ["out", "src"], "the orphan of the killed run is gone");
  t.is(files(out).length, 4001);
});

function safeCount(d) {
  try {
    return readdirSync(d).length;
  } catch {
    return 0;
  }
}

async function waitFor(cond, ms = 60000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${cond}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

// ── the bundled demo workspace ────────────────────────────────────────────────────────────────

test("the demo workspace scrubs as fixtures/demo-workspace/EXPECTED.md says", (t) => {
  const src = join(ROOT, "fixtures/demo-workspace");
  const expected = readFileSync(join(src, "EXPECTED.md"), "utf8");
  const rows = [...expected.matchAll(/^\| `([^`]+)` \| (\w+) \|([^|]*)\|/gm)].map(([, path, action, rules]) => ({ path, action, rules: [...rules.matchAll(/`([^`]+)`/g)].map((m) => m[1]) }));
  t.true(rows.length >= 20, `${rows.length} rows`);
  const out = join(tempDir(t), "overlay");
  const r = airlock(["scrub", src, out, "--json"]);
  t.is(r.code, 0, r.stderr);
  const m = JSON.parse(readFileSync(join(out, ".airlock-manifest.json"), "utf8"));
  const byPath = new Map(m.entries.map((e) => [e.path, e]));
  for (const row of rows) {
    const path = row.path.replace(/\/$/, "");
    const e = byPath.get(path);
    if (row.action === "kept") {
      t.is(e, undefined, path);
      t.deepEqual(readFileSync(join(out, path)), readFileSync(join(src, path)), path);
    } else if (row.action === "redacted" || row.action === "removed") {
      t.like(e, { action: row.action, rules: row.rules }, path);
    } else if (row.action === "dropped") {
      t.is(e?.action, "dropped", path);
    } else if (row.action === "link") {
      t.true(lstatSync(join(out, path)).isSymbolicLink(), path);
    } else if (row.action === "ignored") {
      t.false(existsSync(join(out, path)), path);
    }
  }
  t.is(statSync(join(out, "scripts/publish-release.sh")).mode & 0o111, statSync(join(src, "scripts/publish-release.sh")).mode & 0o111);
});

test("worker threads and the calling thread give the same scan and the same overlay", async (t) => {
  const p = project(t);
  for (let i = 0; i < 300; i++) write(p.src, `gen/${i % 7}/f${i}.js`, i % 50 === 0 ? `const k = "${i % 100 === 0 ? GH : GH2}";\n` : `// file ${i}\n`);
  const here = await scanWorkspace(p.src, { threads: 0 });
  const threads = await scanWorkspace(p.src, { threads: 3 });
  t.deepEqual(threads.findings, here.findings);
  t.deepEqual({ ...threads.stats, ms: 0 }, { ...here.stats, ms: 0 });
  const a = await scrubWorkspace(p.src, join(p.root, "a"), { threads: 0 });
  const b = await scrubWorkspace(p.src, join(p.root, "b"), { threads: 3 });
  t.deepEqual(b.manifest.entries.map((e) => ({ ...e, secrets: e.secrets?.map((s) => ({ ...s, fingerprint: "" })) })), a.manifest.entries.map((e) => ({ ...e, secrets: e.secrets?.map((s) => ({ ...s, fingerprint: "" })) })));
  const strip = (snap) => Object.fromEntries(Object.entries(snap).filter(([k]) => k !== ".airlock-manifest.json").map(([k, v]) => [k, v.replace(/ [\d.]+$/, "")]));
  t.deepEqual(strip(snapshot(join(p.root, "b"))), strip(snapshot(join(p.root, "a"))));
  t.is(a.manifest.summary.redacted, 8); // 6 generated files, app/main.js, notes/key.txt
});

test("worker threads start when the library runs under node -e / --input-type (their options are not passed on)", (t) => {
  const p = project(t);
  const code = `const m = await import(${JSON.stringify(new URL("../dist/index.js", import.meta.url).href)}); const r = await m.scanWorkspace(${JSON.stringify(p.src)}, { threads: 2 }); console.log(r.findings.length);`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
  t.is(r.status, 0, r.stderr);
  t.true(Number(r.stdout.trim()) > 0);
});

test("a match that begins in one window with its secret in the next is still found once (keyword before the window's end, secret after)", async (t) => {
  const dir = tempDir(t);
  const CHUNK = 8 * 1024 * 1024;
  const SPAN = 32 * 1024; // MAX_SECRET_SPAN: where the first window stops accepting hits
  const secret = "s3cr3tPassw0rdValue42";
  const head = 'DB_PASSWORD = "';
  const files = [];
  for (const delta of [-40, -15, -3, 0, 3, 15, 40, SPAN - 10, SPAN + 10]) {
    const target = CHUNK - SPAN - head.length + delta; // where the line starts
    const full = Math.floor(target / 100);
    const rem = target - full * 100;
    const filler = "y".repeat(99) + "\n";
    const text = filler.repeat(full) + (rem > 0 ? "z".repeat(rem - 1) + "\n" : "") + `${head}${secret}"\n` + filler.repeat(Math.ceil(CHUNK / 100));
    const name = `d${delta}.txt`;
    write(dir, name, text);
    files.push({ name, line: full + (rem > 0 ? 1 : 0) + 1 });
  }
  const r = await scanWorkspace(dir, { threads: 0 });
  for (const f of files) {
    const hits = r.findings.filter((x) => x.path === f.name);
    t.deepEqual(hits.map((h) => [h.rule, h.line, h.column]), [["secret.generic.password-quoted", f.line, head.length + 1]], f.name);
  }
});
