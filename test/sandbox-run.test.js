// The bwrap plan, really run: what the command inside can and cannot reach. Each check is a
// command whose exit code answers one question, with a control that shows the check can fail.
import test from "ava";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSandboxed, sandboxConfig, planBwrap, sandboxEnv } from "../dist/index.js";
import { findExecutable, runUnsupported, exitCodeOf } from "../dist/sandbox/run.js";
import { airlock } from "./helpers/cli.js";

const BWRAP = findExecutable("bwrap", process.env.PATH);
// Skip only where bwrap is missing or the kernel forbids unprivileged user namespaces.
const probe = BWRAP ? spawnSync(BWRAP, ["--unshare-user", "--ro-bind", "/", "/", "true"], { encoding: "utf8" }) : undefined;
const SKIP = !BWRAP
  ? "bwrap is not installed (Debian package bubblewrap)"
  : probe.status !== 0
    ? `this kernel refuses bwrap's user namespace: ${probe.stderr.trim()}`
    : undefined;

const real = (title, fn) =>
  test(title, async (t) => {
    if (SKIP) {
      t.log(`skipped: ${SKIP}`);
      t.pass();
      return;
    }
    await fn(t);
  });

function fixture() {
  const root = mkdtempSync(join(tmpdir(), "airlock-run-test-"));
  const src = join(root, "src");
  mkdirSync(join(src, "lib"), { recursive: true });
  writeFileSync(join(src, "lib", "main.js"), "console.log('hello from the workspace')\n");
  const home = join(root, "home");
  mkdirSync(join(home, ".ssh"), { recursive: true });
  writeFileSync(join(home, ".ssh", "id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\nFAKE-KEY-FOR-TESTS\n-----END OPENSSH PRIVATE KEY-----\n");
  return { root, src, home };
}

/** The library entry with a plain copy as the scrubber: what bwrap enforces, independent of scrubbing. */
async function run(f, command, extra = {}) {
  return runSandboxed({
    src: f.src,
    command: ["sh", "-c", `${command} >/dev/null 2>&1`],
    cfg: extra.cfg ?? sandboxConfig({}),
    hostEnv: { PATH: process.env.PATH, HOME: f.home, TERM: "xterm", AIRLOCK_TEST_SECRET_TOKEN: "fake-secret-value-123", ...extra.env },
    home: f.home,
    tmpdir: f.root,
    keep: extra.keep,
    scrub: async (from, to) => cpSync(from, to, { recursive: true }),
  });
}

real("the exit code comes back (7 → 7, 0 → 0)", async (t) => {
  const f = fixture();
  t.is((await run(f, "exit 7")).exitCode, 7);
  t.is((await run(f, "true")).exitCode, 0);
});

real("a command killed by a signal answers 128 + n", async (t) => {
  const f = fixture();
  t.is((await run(f, "kill -TERM $$")).exitCode, 128 + 15);
  t.is(exitCodeOf(null, "SIGKILL"), 137);
});

real("/workspace holds the overlay, is the cwd, and is not writable", async (t) => {
  const f = fixture();
  t.is((await run(f, 'test "$(pwd)" = /workspace && test -f lib/main.js')).exitCode, 0);
  t.not((await run(f, "touch /workspace/new-file")).exitCode, 0);
  t.not((await run(f, "rm /workspace/lib/main.js")).exitCode, 0);
  t.not((await run(f, "touch /new-file-in-root")).exitCode, 0);
  t.true(existsSync(join(f.src, "lib", "main.js")));
});

real("/tmp and the home directory are writable", async (t) => {
  const f = fixture();
  t.is((await run(f, 'echo ok > /tmp/x && test "$(cat /tmp/x)" = ok && echo ok > "$HOME/y"')).exitCode, 0);
});

real("no network: a connect to a port the test listens on from outside fails", async (t) => {
  const f = fixture();
  let connections = 0;
  const server = createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const port = server.address().port;
  try {
    const probeCmd = `exec bash -c 'exec 3<>/dev/tcp/127.0.0.1/${port}'`;
    // control: outside the sandbox the same command connects
    t.is(spawnSync("bash", ["-c", `exec 3<>/dev/tcp/127.0.0.1/${port}`]).status, 0);
    // the accept callback can lag on a loaded machine: wait for it (up to 5 s)
    for (let i = 0; i < 500 && connections === 0; i++) await new Promise((r) => setTimeout(r, 10));
    t.is(connections, 1);
    t.not((await run(f, probeCmd)).exitCode, 0);
    await new Promise((r) => setTimeout(r, 500));
    t.is(connections, 1, "nothing reached the listener from inside");
    // node, when it is visible inside, cannot connect either
    if (existsSync(process.execPath) && /^\/usr\//.test(process.execPath)) {
      const js = `require('net').connect(${port}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(3))`;
      t.is((await run(f, `${process.execPath} -e "${js}"`)).exitCode, 3);
    }
  } finally {
    server.close();
  }
});

real("the home directory's .ssh is not visible inside", async (t) => {
  const f = fixture();
  const key = join(f.home, ".ssh", "id_ed25519");
  // control: outside, the check sees it
  t.is(spawnSync("sh", ["-c", `test -e '${key}'`]).status, 0);
  t.is((await run(f, `test ! -e '${key}' && test ! -e '${f.home}' && test ! -e /root/.ssh && test "$(ls /home)" = agent && test -z "$(ls -A "$HOME")"`)).exitCode, 0);
});

real("a secret variable set outside is absent inside; only the allowlist passes", async (t) => {
  const f = fixture();
  t.is((await run(f, 'test -z "${AIRLOCK_TEST_SECRET_TOKEN+set}"')).exitCode, 0);
  t.is((await run(f, 'test "$HOME" = /home/agent && test "$TERM" = xterm && test "$PATH" = /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')).exitCode, 0);
  t.is((await run(f, 'test "$(env | cut -d= -f1 | grep -vx -e PWD -e SHLVL -e _ | sort | tr "\\n" " ")" = "HOME LANG PATH TERM "')).exitCode, 0);
  // control: named by the policy, it does pass (so the check above can fail)
  t.is((await run(f, 'test "$AIRLOCK_TEST_SECRET_TOKEN" = fake-secret-value-123', { cfg: sandboxConfig({ env: ["AIRLOCK_TEST_SECRET_TOKEN"] }) })).exitCode, 0);
});

real("--clearenv in the plan itself drops the host environment (bwrap started with the secret in its env)", (t) => {
  const f = fixture();
  const cfg = sandboxConfig({});
  const plan = planBwrap(f.src, cfg, { home: f.home, env: sandboxEnv(cfg, {}), command: ["sh", "-c", 'test -z "${AIRLOCK_TEST_SECRET_TOKEN+set}"'] });
  const inside = spawnSync(BWRAP, plan.argv.slice(1), { env: { ...process.env, AIRLOCK_TEST_SECRET_TOKEN: "fake-secret-value-123" } });
  t.is(inside.status, 0, String(inside.stderr));
  const without = plan.argv.filter((w) => w !== "--clearenv");
  t.is(spawnSync(BWRAP, without.slice(1), { env: { ...process.env, AIRLOCK_TEST_SECRET_TOKEN: "fake-secret-value-123" } }).status, 1, "control: without --clearenv the secret leaks");
});

real("the overlay is removed afterwards, or kept with --keep", async (t) => {
  const f = fixture();
  await run(f, "true");
  t.deepEqual(readdirSync(f.root).filter((n) => n.startsWith("airlock-run-")), []);
  const kept = await run(f, "true", { keep: true });
  t.true(existsSync(join(kept.overlay, "lib", "main.js")));
  t.true(kept.overlay.startsWith(f.root));
});

test("without bwrap or off Linux: a clear message naming the package", (t) => {
  t.regex(runUnsupported("linux", undefined), /package "bubblewrap".*apt-get install bubblewrap/);
  t.regex(runUnsupported("darwin", "/usr/bin/bwrap"), /needs Linux.*darwin/);
  t.is(runUnsupported("linux", "/usr/bin/bwrap"), undefined);
});

test("CLI: without bwrap on PATH, run exits 2 naming the package", (t) => {
  const f = fixture();
  const empty = join(f.root, "empty-bin");
  mkdirSync(empty);
  const r = airlock(["run", f.src, "--", "true"], { env: { PATH: empty, HOME: f.home } });
  t.is(r.code, 2, r.stderr);
  t.regex(r.stderr, /bubblewrap/);
});

// ── airlock run through the CLI: the real scrubber, streamed output ─────────────────────────

function project() {
  const f = fixture();
  writeFileSync(join(f.src, "README.md"), "# demo project\n");
  writeFileSync(join(f.src, ".env"), "DATABASE_PASSWORD=fake-dotenv-secret-4242\n");
  mkdirSync(join(f.src, "deploy"));
  writeFileSync(join(f.src, "deploy", "id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY-----\nfake-deploy-key-material-4242\n-----END OPENSSH PRIVATE KEY-----\n");
  writeFileSync(join(f.src, "deploy", "server.key"), "-----BEGIN PRIVATE KEY-----\nfake-tls-key-material-4242\n-----END PRIVATE KEY-----\n");
  const env = { HOME: f.home, XDG_CONFIG_HOME: join(f.home, ".config"), AIRLOCK_MANAGED_POLICY: join(f.root, "managed.yaml"), TMPDIR: f.root, AIRLOCK_TEST_SECRET_TOKEN: "fake-secret-value-123" };
  return { ...f, env };
}

real("CLI: inside, the scrubbed .env and keys are absent; output streams; the exit code comes back", (t) => {
  const p = project();
  const script = [
    "cat README.md",
    "if grep -rq 4242 /workspace; then echo LEAK; fi",
    "for f in .env deploy/id_rsa deploy/server.key; do if [ -e \"$f\" ] && grep -q 4242 \"$f\"; then echo \"LEAK $f\"; fi; done",
    'echo "token=${AIRLOCK_TEST_SECRET_TOKEN:-absent}"',
    "exit 7",
  ].join("\n");
  const r = airlock(["run", p.src, "--", "sh", "-c", script], { cwd: p.root, env: p.env });
  t.is(r.code, 7, r.stderr);
  t.true(r.stdout.includes("# demo project"), r.stdout);
  t.false(r.stdout.includes("LEAK"), r.stdout);
  t.true(r.stdout.includes("token=absent"), r.stdout);
  t.deepEqual(readdirSync(p.root).filter((n) => n.startsWith("airlock-run-")), [], "overlay removed");
  // the source tree is untouched
  t.true(existsSync(join(p.src, ".env")));
});

real("CLI: --keep prints where the overlay is, and it holds the scrubbed tree", (t) => {
  const p = project();
  const r = airlock(["run", p.src, "--keep", "--", "true"], { cwd: p.root, env: p.env });
  t.is(r.code, 0, r.stderr);
  const m = /overlay kept at (.+)\n/.exec(r.stderr);
  t.truthy(m, r.stderr);
  t.true(existsSync(join(m[1], "README.md")));
  t.false(spawnSync("grep", ["-rq", "4242", m[1]]).status === 0, "no secret in the kept overlay");
});

real("CLI: run refuses a weakening mount like plan does (exit 2, nothing run)", (t) => {
  const p = project();
  const r = airlock(["run", p.src, "--mount", `${p.home}/.ssh:/ssh`, "--", "sh", "-c", "echo RAN"], { cwd: p.root, env: p.env });
  t.is(r.code, 2);
  t.false(r.stdout.includes("RAN"));
  t.regex(r.stderr, /sensitive-mount/);
});
