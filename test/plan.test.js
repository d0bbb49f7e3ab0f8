// `airlock plan`: the exact argv of each runtime, the srt settings against sandbox-runtime's
// format, shell quoting that survives a real shell, and the refusals.
import test from "ava";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import Ajv from "ajv";
import { planDocker, planGvisor, planBwrap, planSrt, sandboxConfig, renderShell, renderJson, shellQuote, sandboxEnv, BoundaryRefusal, loadSensitiveCatalog } from "../dist/index.js";
import { renderArgv } from "../dist/sandbox/render.js";
import { airlock } from "./helpers/cli.js";

const HOME = "/home/dev";
const OVERLAY = "/srv/overlays/app";
const defaults = () => sandboxConfig({});

const DOCKER_HARDENING = [
  "--cap-drop", "ALL",
  "--security-opt", "no-new-privileges",
  "--read-only",
  "--tmpfs", "/tmp:rw,noexec,nosuid,nodev,size=512m",
  "--tmpfs", "/home/agent:rw,noexec,nosuid,nodev,size=256m,uid=1000,gid=1000,mode=0700",
  "--network", "none",
  "--memory", "2g",
  "--memory-swap", "2g",
  "--cpus", "2",
  "--pids-limit", "512",
  "--user", "1000:1000",
  "--ipc", "private",
  "-e", "HOME=/home/agent",
  "-v", "/srv/overlays/app:/workspace:ro",
  "-w", "/workspace",
];

test("docker: the exact hardened docker run with the policy defaults", (t) => {
  const plan = planDocker(OVERLAY, defaults(), { home: HOME });
  t.deepEqual(plan.argv, ["docker", "run", "--rm", ...DOCKER_HARDENING, "node:20-bookworm-slim"]);
  t.is(plan.argv[plan.tail], "node:20-bookworm-slim");
  t.false(plan.argv.some((w) => w.includes("unconfined")));
});

test("docker: policy values, a seccomp profile, named variables, a proxy socket and the command", (t) => {
  const cfg = sandboxConfig({
    image: "registry.example.test/agent:1.2",
    user: "2000:3000",
    memory: "4G",
    cpus: 0.5,
    pids_limit: 64,
    tmp_size: "64m",
    home_size: "32m",
    seccomp: "/etc/airlock/seccomp.json",
    env: ["ANTHROPIC_API_KEY", "CI"],
    proxy_socket: "/run/airlock-proxy/proxy.sock",
    mounts: ["/opt/toolchain:/opt/toolchain"],
  });
  const plan = planDocker(OVERLAY, cfg, { home: HOME, command: ["npm", "test"] });
  t.deepEqual(plan.argv, [
    "docker", "run", "--rm",
    "--cap-drop", "ALL",
    "--security-opt", "no-new-privileges",
    "--security-opt", "seccomp=/etc/airlock/seccomp.json",
    "--read-only",
    "--tmpfs", "/tmp:rw,noexec,nosuid,nodev,size=64m",
    "--tmpfs", "/home/agent:rw,noexec,nosuid,nodev,size=32m,uid=2000,gid=3000,mode=0700",
    "--network", "none",
    "--memory", "4g",
    "--memory-swap", "4g",
    "--cpus", "0.5",
    "--pids-limit", "64",
    "--user", "2000:3000",
    "--ipc", "private",
    "-e", "HOME=/home/agent",
    "-e", "ANTHROPIC_API_KEY",
    "-e", "CI",
    "-v", "/srv/overlays/app:/workspace:ro",
    "-v", "/opt/toolchain:/opt/toolchain:ro",
    "-v", "/run/airlock-proxy/proxy.sock:/run/airlock/proxy.sock",
    "-e", "AIRLOCK_PROXY_SOCKET=/run/airlock/proxy.sock",
    "-w", "/workspace",
    "registry.example.test/agent:1.2", "npm", "test",
  ]);
});

test("gvisor: the docker plan with --runtime=runsc and the daemon.json fragment", (t) => {
  const plan = planGvisor(OVERLAY, defaults(), { home: HOME });
  t.deepEqual(plan.argv, ["docker", "run", "--rm", "--runtime=runsc", ...DOCKER_HARDENING, "node:20-bookworm-slim"]);
  t.deepEqual(plan.daemonJson, { runtimes: { runsc: { path: "/usr/local/bin/runsc" } } });
  t.deepEqual(planGvisor(OVERLAY, sandboxConfig({ runsc_path: "/usr/bin/runsc" })).daemonJson.runtimes.runsc.path, "/usr/bin/runsc");
});

const BWRAP_SYSTEM = [
  "--ro-bind", "/usr", "/usr",
  "--ro-bind-try", "/bin", "/bin",
  "--ro-bind-try", "/sbin", "/sbin",
  "--ro-bind-try", "/lib", "/lib",
  "--ro-bind-try", "/lib32", "/lib32",
  "--ro-bind-try", "/lib64", "/lib64",
  "--ro-bind-try", "/libx32", "/libx32",
  ...["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/hosts", "/etc/localtime", "/etc/ssl/certs"].flatMap((f) => ["--ro-bind-try", f, f]),
];

test("bwrap: the exact argv — all namespaces, no capabilities, cleared environment, read-only binds, no network", (t) => {
  const plan = planBwrap(OVERLAY, defaults(), { home: HOME, command: ["bash", "-lc", "make test"] });
  t.deepEqual(plan.argv, [
    "bwrap", "--unshare-all", "--unshare-user", "--disable-userns",
    "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--uid", "1000", "--gid", "1000", "--hostname", "airlock",
    "--clearenv",
    "--setenv", "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "--setenv", "HOME", "/home/agent",
    "--setenv", "TERM", "dumb",
    "--setenv", "LANG", "C.UTF-8",
    ...BWRAP_SYSTEM,
    "--ro-bind", "/srv/overlays/app", "/workspace",
    "--size", String(512 * 1024 * 1024), "--perms", "1777", "--tmpfs", "/tmp",
    "--size", String(256 * 1024 * 1024), "--perms", "0700", "--tmpfs", "/home/agent",
    "--proc", "/proc", "--dev", "/dev",
    "--remount-ro", "/", "--chdir", "/workspace", "--",
    "bash", "-lc", "make test",
  ]);
  t.false(plan.argv.includes("--share-net"));
  t.is(plan.argv[plan.tail], "bash");
});

test("bwrap: the environment is exactly the allowlist — PATH and HOME of the sandbox, TERM, LANG, the policy's names", (t) => {
  const cfg = sandboxConfig({ env: ["CI", "ABSENT_VAR"] });
  const env = sandboxEnv(cfg, { PATH: "/home/dev/bin:/usr/bin", HOME: "/home/dev", TERM: "xterm", LANG: "de_DE.UTF-8", CI: "1", AWS_SECRET_ACCESS_KEY: "not-passed-fake" });
  t.deepEqual(env, { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOME: "/home/agent", TERM: "xterm", LANG: "de_DE.UTF-8", CI: "1" });
  const argv = planBwrap(OVERLAY, cfg, { env }).argv;
  const setenv = [];
  argv.forEach((w, i) => w === "--setenv" && setenv.push(argv[i + 1]));
  t.deepEqual(setenv, ["PATH", "HOME", "TERM", "LANG", "CI"]);
  t.true(argv.indexOf("--clearenv") < argv.indexOf("--setenv"));
});

test("bwrap: an older bwrap loses only --disable-userns, with a note", (t) => {
  const plan = planBwrap(OVERLAY, defaults(), { bwrapVersion: "0.6.1" });
  t.false(plan.argv.includes("--disable-userns"));
  t.true(plan.notes.some((n) => n.includes("--disable-userns")));
  t.true(planBwrap(OVERLAY, defaults(), { bwrapVersion: "0.9.0" }).argv.includes("--disable-userns"));
});

test("bwrap: extra mounts are read-only unless rw, and the proxy socket is bound", (t) => {
  const cfg = sandboxConfig({ mounts: [{ source: "/opt/sdk", target: "/opt/sdk" }], proxy_socket: "/run/proxy/p.sock" });
  const argv = planBwrap(OVERLAY, cfg).argv;
  const at = argv.indexOf("/opt/sdk");
  t.deepEqual(argv.slice(at - 1, at + 2), ["--ro-bind", "/opt/sdk", "/opt/sdk"]);
  const s = argv.indexOf("/run/proxy/p.sock");
  t.deepEqual(argv.slice(s - 1, s + 2), ["--ro-bind", "/run/proxy/p.sock", "/run/airlock/proxy.sock"]);
});

// sandbox-runtime's settings format (anthropic-experimental/sandbox-runtime, src/sandbox/sandbox-config.ts:
// SandboxRuntimeConfigSchema — network and filesystem required, unknown top-level keys rejected;
// README "Configuration"), as a JSON schema for the fields airlock writes.
const SRT_DOMAIN = "^(localhost|\\*\\.[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+|[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+|\\[[0-9A-Fa-f:.]+\\])(:[1-9][0-9]{0,4})?$";
const SRT_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["network", "filesystem"],
  properties: {
    network: {
      type: "object",
      required: ["allowedDomains", "deniedDomains"],
      additionalProperties: false,
      properties: {
        allowedDomains: { type: "array", items: { type: "string", pattern: SRT_DOMAIN } },
        deniedDomains: { type: "array", items: { type: "string" } },
        allowLocalBinding: { type: "boolean" },
      },
    },
    filesystem: {
      type: "object",
      required: ["denyRead", "allowWrite", "denyWrite"],
      additionalProperties: false,
      properties: {
        denyRead: { type: "array", items: { type: "string", minLength: 1 } },
        allowRead: { type: "array", items: { type: "string", minLength: 1 } },
        allowWrite: { type: "array", items: { type: "string", minLength: 1 } },
        denyWrite: { type: "array", items: { type: "string", minLength: 1 } },
      },
    },
  },
};

test("srt: settings validate against sandbox-runtime's format; writes only to the workspace and /tmp; domains from network.allow", (t) => {
  const plan = planSrt(OVERLAY, defaults(), { home: HOME, allowedDomains: ["registry.npmjs.org", "*.github.com", "api.example.test:443"] });
  const validate = new Ajv({ allErrors: true, strict: false }).compile(SRT_SCHEMA);
  t.true(validate(plan.settings), JSON.stringify(validate.errors));
  t.deepEqual(plan.settings.filesystem.allowWrite, [OVERLAY, "/tmp"]);
  t.deepEqual(plan.settings.filesystem.denyWrite, []);
  t.deepEqual(plan.settings.network, { allowedDomains: ["registry.npmjs.org", "*.github.com", "api.example.test:443"], deniedDomains: [], allowLocalBinding: false });
  t.is(plan.cwd, OVERLAY);
  t.deepEqual(JSON.parse(renderJson(plan)), plan.settings);
});

test("srt: denyRead comes from the sensitive-file catalog — home stores, the workspace at any depth, system files; braces expanded", (t) => {
  const deny = planSrt(OVERLAY, defaults(), { home: HOME }).settings.filesystem.denyRead;
  for (const p of ["~/.aws/credentials", "~/.npmrc", `${OVERLAY}/**/.env`, `${OVERLAY}/**/id_rsa`, `${OVERLAY}/**/.aws/credentials`, "/etc/shadow", "~/id_ed25519"]) {
    t.true(deny.includes(p), p);
  }
  t.false(deny.some((p) => p.includes("{") || p.includes("}")), "no brace alternatives left");
  t.false(deny.includes("~/etc/shadow"));
  // every catalog rule is represented
  const catalog = loadSensitiveCatalog();
  t.true(catalog.rules.every((r) => r.paths.some((g) => deny.some((d) => d.endsWith(g.replace(/^(\*\*\/)+/, "").replace(/\{([^,}]*)[^}]*\}/g, "$1"))))));
});

test("srt: a network.allow entry sandbox-runtime would reject is refused, naming it", (t) => {
  for (const bad of ["*", "*.com", "https://example.test", "example.test/path"]) {
    const err = t.throws(() => planSrt(OVERLAY, defaults(), { allowedDomains: [bad] }));
    t.true(err.message.includes(JSON.stringify(bad)), err.message);
  }
});

// ── shell quoting: what a real shell reads back is the argv ─────────────────────────────────

function shellWords(shell, rendered) {
  const r = spawnSync(shell, ["-c", `printf '%s\\0' ${rendered}`], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${shell} failed: ${r.stderr}`);
  return r.stdout.split("\0").slice(0, -1);
}

const NASTY = ["it's", 'say "hi"', "$HOME", "$(id)", "`id`", "a\\b", "two\nlines", "tab\there", "*", "", "!x", "#not-a-comment", "~", "a b", "-", "--", "x=y", "é ü", "'", "''", ";", "&&", "|"];

test("shell: every nasty word survives bash and sh exactly", (t) => {
  const argv = ["bwrap", ...NASTY];
  for (const shell of ["bash", "sh"]) t.deepEqual(shellWords(shell, renderArgv(argv, 1)), argv, shell);
});

test("shell: a rendered plan with a path of spaces, quotes, $ and newlines reads back as its argv", (t) => {
  const overlay = "/tmp/it's a \"work\"space $HOME\n`x` dir";
  const cfg = sandboxConfig({ mounts: [{ source: "/opt/my tools/$v", target: "/opt/tools" }] });
  for (const plan of [planDocker(overlay, cfg, { command: ["sh", "-c", "echo '$1' \"$2\""] }), planBwrap(overlay, cfg, { command: NASTY }), planGvisor(overlay, cfg)]) {
    const text = renderShell(plan);
    const command = text.split("\n").filter((l) => !l.startsWith("#")).join("\n");
    t.deepEqual(shellWords("bash", command), plan.argv, plan.runtime);
    t.deepEqual(shellWords("sh", command), plan.argv, plan.runtime);
  }
});

test("shell: property — any list of words (no NUL) round-trips through bash", (t) => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: "binary", maxLength: 12 }).map((s) => s.replace(/\0/g, "")), { maxLength: 6 }), (words) => {
      const argv = ["docker", ...words];
      return JSON.stringify(shellWords("bash", renderArgv(argv, 1))) === JSON.stringify(argv);
    }),
    { numRuns: 150 },
  );
  t.is(shellQuote("plain/path-1.0"), "plain/path-1.0");
  t.is(shellQuote("it's"), `'it'\\''s'`);
});

// ── refusals ─────────────────────────────────────────────────────────────────────────────────

const refused = (fn) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof BoundaryRefusal) return err.weakenings.map((w) => w.id);
    throw err;
  }
  return [];
};

test("refuses mounting /, a home directory, a catalog store, a docker socket, --privileged, network, root", (t) => {
  const cases = [
    ["/", {}, ["root-mount"]],
    [HOME, {}, ["sensitive-mount"]],
    ["/home", {}, ["sensitive-mount"]],
    [OVERLAY, { mounts: [`${HOME}/.ssh:/ssh`] }, ["sensitive-mount"]],
    [OVERLAY, { mounts: [`${HOME}/.ssh/keys:/keys`] }, ["sensitive-mount"]],
    [OVERLAY, { mounts: [`${HOME}/.aws:/aws`] }, ["sensitive-mount"]],
    [OVERLAY, { mounts: ["/etc:/hostetc"] }, ["sensitive-mount"]],
    [OVERLAY, { mounts: ["/var/run/docker.sock:/var/run/docker.sock"] }, ["docker-socket"]],
    [OVERLAY, { mounts: ["/srv/data:/data:rw"] }, ["writable-mount"]],
    [OVERLAY, { privileged: true }, ["privileged"]],
    [OVERLAY, { network: "bridge" }, ["network"]],
    [OVERLAY, { user: "0:0" }, ["root-user"]],
  ];
  for (const [overlay, raw, ids] of cases) {
    for (const plan of [planDocker, planGvisor, planBwrap]) {
      t.deepEqual(refused(() => plan(overlay, sandboxConfig(raw), { home: HOME })), ids, `${plan.name} ${overlay} ${JSON.stringify(raw)}`);
    }
  }
  // fine: a project below home, a toolchain dir, a socket of one's own proxy
  t.deepEqual(refused(() => planDocker(`${HOME}/projects/app`, sandboxConfig({ mounts: ["/opt/sdk:/opt/sdk"], proxy_socket: "/run/user/1000/proxy.sock" }), { home: HOME })), []);
});

test("allow_weaken lets exactly the named weakening through, with a note", (t) => {
  const cfg = sandboxConfig({ network: "bridge", allow_weaken: ["network"] });
  const plan = planDocker(OVERLAY, cfg, { home: HOME });
  t.is(plan.argv[plan.argv.indexOf("--network") + 1], "bridge");
  t.true(plan.notes.some((n) => n.includes("allow_weaken: network")));
  t.deepEqual(refused(() => planDocker(OVERLAY, sandboxConfig({ network: "bridge", privileged: true, allow_weaken: ["network"] }), { home: HOME })), ["privileged"]);
  t.true(planBwrap(OVERLAY, cfg, { home: HOME }).argv.includes("--share-net"));
});

test("the sandbox section is validated: each mistake names the field", (t) => {
  const cases = [
    [{ seccomp: "unconfined" }, /sandbox\.seccomp: "unconfined" .*never allowed/],
    [{ memory: "lots" }, /sandbox\.memory/],
    [{ user: "root" }, /sandbox\.user/],
    [{ cpus: 0 }, /sandbox\.cpus/],
    [{ mounts: ["/a"] }, /sandbox\.mounts\[0\]/],
    [{ mounts: ["/a:/workspace"] }, /reserved/],
    [{ mounts: ["/a:relative"] }, /absolute/],
    [{ env: ["PATH"] }, /sandbox\.env: PATH is set by the sandbox/],
    [{ env: ["not a name"] }, /sandbox\.env/],
    [{ allow_weaken: ["everything"] }, /sandbox\.allow_weaken: unknown id "everything"/],
    [{ network: "on" }, /sandbox\.network/],
    [{ imgae: "x" }, /unknown field "imgae"/],
    [{ image: "--privileged" }, /sandbox\.image/],
    ["yes", /sandbox: expected a mapping/],
  ];
  for (const [raw, re] of cases) t.regex(t.throws(() => sandboxConfig(raw)).message, re, JSON.stringify(raw));
  t.deepEqual(sandboxConfig(undefined), sandboxConfig({}));
});

test("docker: a path with ':' is refused rather than misparsed by -v", (t) => {
  t.regex(t.throws(() => planDocker("/tmp/a:b", defaults())).message, /':'/);
});

// ── the CLI ──────────────────────────────────────────────────────────────────────────────────

function project() {
  const root = mkdtempSync(join(tmpdir(), "airlock-plan-"));
  const home = join(root, "home");
  const cwd = join(root, "proj");
  mkdirSync(join(cwd, ".git"), { recursive: true });
  mkdirSync(join(home, ".ssh"), { recursive: true });
  const overlay = join(root, "over lay's $dir");
  mkdirSync(overlay);
  writeFileSync(join(overlay, ".airlock-manifest.json"), "{}");
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), AIRLOCK_MANAGED_POLICY: join(root, "managed.yaml") };
  return { root, home, cwd, overlay, env };
}

test("CLI: --format json is the argv, --format shell reads back as the same argv", (t) => {
  const p = project();
  for (const runtime of ["docker", "gvisor", "bwrap"]) {
    const json = airlock(["plan", p.overlay, "--runtime", runtime, "--format", "json", "--", "sh", "-c", "echo \"$1\""], { cwd: p.cwd, env: p.env });
    t.is(json.code, 0, json.stderr);
    const argv = JSON.parse(json.stdout);
    t.true(argv.includes(runtime === "bwrap" ? p.overlay : `${p.overlay}:/workspace:ro`));
    const shell = airlock(["plan", p.overlay, "--runtime", runtime, "--", "sh", "-c", "echo \"$1\""], { cwd: p.cwd, env: p.env });
    t.is(shell.code, 0, shell.stderr);
    t.deepEqual(shellWords("bash", shell.stdout.split("\n").filter((l) => !l.startsWith("#")).join("\n")), argv, runtime);
  }
  const daemon = airlock(["plan", p.overlay, "--runtime", "gvisor", "--daemon-json"], { cwd: p.cwd, env: p.env });
  t.deepEqual(JSON.parse(daemon.stdout), { runtimes: { runsc: { path: "/usr/local/bin/runsc" } } });
});

test("CLI: srt json is the settings object; srt shell writes it and starts srt in the overlay", (t) => {
  const p = project();
  mkdirSync(join(p.home, ".config", "airlock"), { recursive: true });
  writeFileSync(join(p.home, ".config", "airlock", "policy.yaml"), "network:\n  allow: [registry.npmjs.org]\n");
  const json = airlock(["plan", p.overlay, "--runtime", "srt", "--format", "json"], { cwd: p.cwd, env: p.env });
  t.is(json.code, 0, json.stderr);
  const settings = JSON.parse(json.stdout);
  t.deepEqual(settings.network.allowedDomains, ["registry.npmjs.org"]);
  t.deepEqual(settings.filesystem.allowWrite, [p.overlay, "/tmp"]);
  const shell = airlock(["plan", p.overlay, "--runtime", "srt", "--", "npm", "test"], { cwd: p.cwd, env: p.env });
  // run the snippet with a fake srt that prints its cwd and the settings it was given
  const bin = join(p.root, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "srt"), '#!/bin/sh\npwd\ncat "$2"\nshift 2\nprintf "%s\\n" "$@"\n', { mode: 0o755 });
  const r = spawnSync("sh", ["-c", shell.stdout], { encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin` } });
  t.is(r.status, 0, r.stderr);
  const [cwd, ...rest] = r.stdout.split("\n");
  t.is(cwd, p.overlay);
  const out = rest.join("\n");
  t.deepEqual(JSON.parse(out.slice(0, out.lastIndexOf("}") + 1)), settings);
  t.true(out.trimEnd().endsWith("npm\ntest"));
});

test("CLI: refusals exit 2 with the reason and the policy key that would allow them", (t) => {
  const p = project();
  const cases = [
    [["plan", "/"], "root-mount"],
    [["plan", p.home], "sensitive-mount"],
    [["plan", p.overlay, "--mount", `${p.home}/.ssh:/ssh`], "sensitive-mount"],
    [["plan", p.overlay, "--mount", "/var/run/docker.sock:/var/run/docker.sock"], "docker-socket"],
    [["plan", p.overlay, "--privileged"], "privileged"],
    [["plan", p.overlay, "--network", "host", "--runtime", "bwrap"], "network"],
  ];
  for (const [args, id] of cases) {
    const r = airlock(args, { cwd: p.cwd, env: p.env });
    t.is(r.code, 2, args.join(" "));
    t.is(r.stdout, "");
    t.true(r.stderr.includes(`[${id}]`) && r.stderr.includes(`sandbox.allow_weaken: [${id}]`), r.stderr);
  }
  // a symlink to / is a mount of /
  const link = join(p.root, "innocent");
  spawnSync("ln", ["-s", "/", link]);
  t.is(airlock(["plan", link], { cwd: p.cwd, env: p.env }).code, 2);
  t.is(airlock(["plan", p.overlay, "--runtime", "lxc"], { cwd: p.cwd, env: p.env }).code, 2);
});

test("CLI: allow_weaken counts from the user policy, not from the repository's own policy", (t) => {
  const p = project();
  mkdirSync(join(p.cwd, ".airlock"));
  writeFileSync(join(p.cwd, ".airlock", "policy.yaml"), "sandbox:\n  allow_weaken: [privileged]\n  env: [AWS_SECRET_ACCESS_KEY]\n");
  const r = airlock(["plan", p.overlay, "--privileged", "--format", "json"], { cwd: p.cwd, env: p.env });
  t.is(r.code, 2);
  t.true(r.stderr.includes("sandbox.allow_weaken is ignored in a project policy"), r.stderr);
  const withEnv = airlock(["plan", p.overlay, "--format", "json"], { cwd: p.cwd, env: p.env });
  t.is(withEnv.code, 0);
  t.false(JSON.parse(withEnv.stdout).includes("AWS_SECRET_ACCESS_KEY"));
  mkdirSync(join(p.home, ".config", "airlock"), { recursive: true });
  writeFileSync(join(p.home, ".config", "airlock", "policy.yaml"), "sandbox:\n  allow_weaken: [privileged]\n");
  const ok = airlock(["plan", p.overlay, "--privileged", "--format", "json"], { cwd: p.cwd, env: p.env });
  t.is(ok.code, 0, ok.stderr);
  t.true(JSON.parse(ok.stdout).includes("--privileged"));
  t.true(ok.stderr.includes("boundary weakened by policy"));
});

test("CLI: policy values reach the plan; a bad sandbox section exits 2 naming the field", (t) => {
  const p = project();
  mkdirSync(join(p.cwd, ".airlock"));
  writeFileSync(join(p.cwd, ".airlock", "policy.yaml"), "sandbox:\n  memory: 1g\n  pids_limit: 100\n  image: example.test/agent:2\n");
  const r = airlock(["plan", p.overlay, "--format", "json"], { cwd: p.cwd, env: p.env });
  t.is(r.code, 0, r.stderr);
  const argv = JSON.parse(r.stdout);
  t.is(argv[argv.indexOf("--memory") + 1], "1g");
  t.is(argv[argv.indexOf("--pids-limit") + 1], "100");
  t.is(argv.at(-1), "example.test/agent:2");
  writeFileSync(join(p.cwd, ".airlock", "policy.yaml"), "sandbox:\n  seccomp: unconfined\n");
  const bad = airlock(["plan", p.overlay], { cwd: p.cwd, env: p.env });
  t.is(bad.code, 2);
  t.regex(bad.stderr, /sandbox\.seccomp/);
});
