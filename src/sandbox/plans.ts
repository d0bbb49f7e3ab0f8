// One policy, four isolation technologies. Each plan is a pure function of the overlay path,
// the `sandbox:` config and a little host context (the home directory for the boundary checks,
// the environment values to pass in): argv arrays for docker, gVisor and bubblewrap, a settings
// object for sandbox-runtime. Nothing here runs anything; the CLI renders and `run` executes.
import { UserError } from "../core/types.js";
import { loadSensitiveCatalog } from "../catalog/sensitive-files.js";
import type { SensitiveCatalog } from "../catalog/sensitive-files.js";
import { assertBoundary } from "./boundary.js";
import type { Weakening } from "./boundary.js";
import { AGENT_HOME, normalizeAbsolute, parseSize, PROXY_SOCKET_TARGET, WORKSPACE } from "./config.js";
import type { SandboxConfig } from "./config.js";

export type Runtime = "docker" | "gvisor" | "bwrap" | "srt";
export const RUNTIMES: readonly Runtime[] = ["docker", "gvisor", "bwrap", "srt"];

export interface PlanContext {
  /** the host's home directory: mounts of it, above it or of its credential stores are refused */
  home?: string;
  /** values for the variables passed in (see sandboxEnv); default: sandboxEnv(cfg, {}) */
  env?: Record<string, string>;
  /** the command to run inside; docker: the image's default when empty; bwrap: /bin/sh */
  command?: string[];
  /** srt `network.allowedDomains`: the policy's `network.allow` */
  allowedDomains?: string[];
  /** `bwrap --version` output, when known: options newer than it are left out (with a note) */
  bwrapVersion?: string;
  catalog?: SensitiveCatalog;
}

export interface ArgvPlan {
  runtime: "docker" | "gvisor" | "bwrap";
  argv: string[];
  /** index of the first word after the options (docker: the image; bwrap: the command) */
  tail: number;
  /** what the plan could not express, or weakenings the policy allowed */
  notes: string[];
}

export interface GvisorPlan extends ArgvPlan {
  runtime: "gvisor";
  /** the fragment to merge into /etc/docker/daemon.json */
  daemonJson: { runtimes: { runsc: { path: string } } };
}

/** sandbox-runtime's settings file (srt --settings FILE): the fields airlock sets. */
export interface SrtSettings {
  network: { allowedDomains: string[]; deniedDomains: string[]; allowLocalBinding: boolean };
  filesystem: { denyRead: string[]; allowWrite: string[]; denyWrite: string[] };
}

export interface SrtPlan {
  runtime: "srt";
  settings: SrtSettings;
  /** the directory srt must be started in (the overlay) */
  cwd: string;
  command: string[];
  notes: string[];
}

export type Plan = ArgvPlan | GvisorPlan | SrtPlan;

/** PATH inside the sandbox: the system directories the plans bind, never the host's PATH. */
export const SANDBOX_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * The complete environment inside the sandbox: PATH and HOME of the sandbox, TERM and LANG
 * from the host (or neutral defaults), the variables the policy names (`sandbox.env`) when
 * the host has them, and the proxy socket's path. Nothing else of the host passes.
 */
export function sandboxEnv(cfg: SandboxConfig, hostEnv: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: SANDBOX_PATH,
    HOME: AGENT_HOME,
    TERM: hostEnv["TERM"] || "dumb",
    LANG: hostEnv["LANG"] || "C.UTF-8",
  };
  for (const name of cfg.env) {
    const v = hostEnv[name];
    if (v !== undefined) env[name] = v;
  }
  if (cfg.proxy_socket) env["AIRLOCK_PROXY_SOCKET"] = PROXY_SOCKET_TARGET;
  return env;
}

function checkOverlay(overlay: string): string {
  if (!overlay.startsWith("/")) throw new UserError(`the overlay path must be absolute, got ${JSON.stringify(overlay)}`);
  if (overlay.includes("\0")) throw new UserError(`the overlay path may not contain NUL`);
  return overlay.length > 1 ? overlay.replace(/\/+$/, "") : overlay;
}

function weakeningNotes(allowed: Weakening[]): string[] {
  return allowed.map((w) => `boundary weakened by policy (sandbox.allow_weaken: ${w.id}): ${w.message}`);
}

/** docker's -v splits on ':'; a path with one would silently mount something else. */
function dockerPath(path: string, what: string): string {
  if (path.includes(":")) throw new UserError(`${what} ${JSON.stringify(path)} contains ':', which docker's -v syntax cannot express; rename or symlink-free copy it`);
  return path;
}

function dockerArgv(overlay: string, cfg: SandboxConfig, ctx: PlanContext, runtime: "docker" | "gvisor"): ArgvPlan {
  overlay = checkOverlay(overlay);
  const allowed = assertBoundary(overlay, cfg, ctx.home, ctx.catalog ?? loadSensitiveCatalog());
  const notes = weakeningNotes(allowed);
  const user = `${cfg.uid}:${cfg.gid}`;
  const argv = ["docker", "run", "--rm"];
  if (runtime === "gvisor") argv.push("--runtime=runsc");
  argv.push("--cap-drop", "ALL", "--security-opt", "no-new-privileges");
  if (cfg.seccomp !== "default") argv.push("--security-opt", `seccomp=${dockerPath(cfg.seccomp, "the seccomp profile")}`);
  else notes.push("seccomp: the engine's default profile applies (docker uses it unless told otherwise; never unconfined)");
  argv.push(
    "--read-only",
    "--tmpfs",
    `/tmp:rw,noexec,nosuid,nodev,size=${cfg.tmp_size}`,
    "--tmpfs",
    `${AGENT_HOME}:rw,noexec,nosuid,nodev,size=${cfg.home_size},uid=${cfg.uid},gid=${cfg.gid},mode=0700`,
    "--network",
    cfg.network,
    "--memory",
    cfg.memory,
    "--memory-swap",
    cfg.memory,
    "--cpus",
    String(cfg.cpus),
    "--pids-limit",
    String(cfg.pids_limit),
    "--user",
    user,
    "--ipc",
    "private",
  );
  if (cfg.privileged) argv.push("--privileged");
  argv.push("-e", `HOME=${AGENT_HOME}`);
  // Named variables are passed by name: docker takes the value from its own environment at run
  // time, so a printed plan never contains a secret.
  for (const name of cfg.env) argv.push("-e", name);
  argv.push("-v", `${dockerPath(overlay, "the overlay path")}:${WORKSPACE}:ro`);
  for (const m of cfg.mounts) argv.push("-v", `${dockerPath(m.source, "the mount source")}:${m.target}:${m.writable ? "rw" : "ro"}`);
  if (cfg.proxy_socket) {
    argv.push("-v", `${dockerPath(cfg.proxy_socket, "the proxy socket")}:${PROXY_SOCKET_TARGET}`, "-e", `AIRLOCK_PROXY_SOCKET=${PROXY_SOCKET_TARGET}`);
  }
  argv.push("-w", WORKSPACE);
  const tail = argv.length;
  argv.push(cfg.image, ...(ctx.command ?? []));
  return { runtime, argv, tail, notes };
}

/** A hardened `docker run` for the overlay. Throws BoundaryRefusal / UserError. */
export function planDocker(overlay: string, cfg: SandboxConfig, ctx: PlanContext = {}): ArgvPlan {
  return dockerArgv(overlay, cfg, ctx, "docker");
}

/** The fragment of /etc/docker/daemon.json that registers gVisor's runsc runtime. */
export function gvisorDaemonJson(cfg: SandboxConfig): GvisorPlan["daemonJson"] {
  return { runtimes: { runsc: { path: cfg.runsc_path } } };
}

/** The docker plan under gVisor (`--runtime=runsc`), with the daemon.json fragment to install it. */
export function planGvisor(overlay: string, cfg: SandboxConfig, ctx: PlanContext = {}): GvisorPlan {
  const plan = dockerArgv(overlay, cfg, ctx, "gvisor");
  return { ...plan, runtime: "gvisor", daemonJson: gvisorDaemonJson(cfg) };
}

/** System directories the agent's tools need, read-only; `-try`: absent on some systems. */
const BWRAP_SYSTEM: [string, boolean][] = [
  ["/usr", true],
  ["/bin", false],
  ["/sbin", false],
  ["/lib", false],
  ["/lib32", false],
  ["/lib64", false],
  ["/libx32", false],
];
/**
 * The few files of /etc a program needs: the dynamic linker's cache, Debian's alternatives
 * (symlink targets of /usr/bin/awk, editor, java…), user and group names (not secrets: see the
 * catalog), name-service order, /etc/hosts (localhost), the time zone, public CA certificates.
 * Not /etc itself: /etc/shadow, ssh host keys and service credentials live there.
 */
export const BWRAP_ETC = [
  "/etc/ld.so.cache",
  "/etc/ld.so.conf",
  "/etc/ld.so.conf.d",
  "/etc/alternatives",
  "/etc/passwd",
  "/etc/group",
  "/etc/nsswitch.conf",
  "/etc/hosts",
  "/etc/localtime",
  "/etc/ssl/certs",
];

function versionAtLeast(version: string | undefined, want: [number, number]): boolean {
  const m = version ? /(\d+)\.(\d+)/.exec(version) : null;
  if (!m) return true; // unknown: assume current
  const [maj, min] = [Number(m[1]), Number(m[2])];
  return maj > want[0] || (maj === want[0] && min >= want[1]);
}

/** The bubblewrap argv: every namespace unshared, no capabilities, no network, a read-only root. */
export function planBwrap(overlay: string, cfg: SandboxConfig, ctx: PlanContext = {}): ArgvPlan {
  overlay = checkOverlay(overlay);
  const allowed = assertBoundary(overlay, cfg, ctx.home, ctx.catalog ?? loadSensitiveCatalog());
  const notes = weakeningNotes(allowed);
  const env = ctx.env ?? sandboxEnv(cfg, {});
  // --unshare-user explicitly: --unshare-all only *tries* it, and --uid needs it (fail, not fall back).
  const argv = ["bwrap", "--unshare-all", "--unshare-user"];
  if (versionAtLeast(ctx.bwrapVersion, [0, 8])) argv.push("--disable-userns");
  else notes.push(`bwrap ${ctx.bwrapVersion} predates --disable-userns (0.8): the agent can create nested user namespaces`);
  if (cfg.network !== "none") {
    argv.push("--share-net");
    notes.push(`network "${cfg.network}": bwrap shares the host's network namespace`);
  }
  argv.push("--die-with-parent", "--new-session", "--cap-drop", "ALL", "--uid", String(cfg.uid), "--gid", String(cfg.gid), "--hostname", "airlock");
  argv.push("--clearenv");
  for (const [k, v] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new UserError(`environment variable name ${JSON.stringify(k)} is not valid`);
    argv.push("--setenv", k, v);
  }
  for (const [dir, required] of BWRAP_SYSTEM) argv.push(required ? "--ro-bind" : "--ro-bind-try", dir, dir);
  for (const f of BWRAP_ETC) argv.push("--ro-bind-try", f, f);
  argv.push("--ro-bind", overlay, WORKSPACE);
  for (const m of cfg.mounts) argv.push(m.writable ? "--bind" : "--ro-bind", normalizeAbsolute(m.source), m.target);
  if (cfg.proxy_socket) argv.push("--ro-bind", cfg.proxy_socket, PROXY_SOCKET_TARGET);
  argv.push("--size", String(parseSize(cfg.tmp_size)), "--perms", "1777", "--tmpfs", "/tmp");
  argv.push("--size", String(parseSize(cfg.home_size)), "--perms", "0700", "--tmpfs", AGENT_HOME);
  argv.push("--proc", "/proc", "--dev", "/dev");
  // The root is a tmpfs bwrap builds; once everything is mounted it becomes read-only too.
  argv.push("--remount-ro", "/", "--chdir", WORKSPACE, "--");
  const tail = argv.length;
  argv.push(...(ctx.command && ctx.command.length > 0 ? ctx.command : ["/bin/sh"]));
  if (cfg.privileged) notes.push("privileged: bwrap has no privileged mode; ignored");
  notes.push("bwrap: memory, CPU and process limits are not set by bwrap (use systemd-run --user --scope -p MemoryMax=… or ulimit around it)");
  notes.push("bwrap: tmpfs mounts cannot be noexec; no seccomp filter (bwrap takes one only as a file descriptor)");
  return { runtime: "bwrap", argv, tail, notes };
}

/** sandbox-runtime's domain patterns: host, *.host.tld, localhost, [ipv6], optional :port. */
const SRT_DOMAIN = /^(?:localhost|\*\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|\[[0-9A-Fa-f:.]+\])(?::(?:[1-9][0-9]{0,4}))?$/;

/** Expands `{a,b}` alternatives (no nesting in the catalog), since srt's globs have none. */
export function expandBraces(glob: string): string[] {
  const m = /\{([^{}]*)\}/.exec(glob);
  if (!m) return [glob];
  const head = glob.slice(0, m.index);
  const rest = glob.slice(m.index + m[0].length);
  return m[1]!.split(",").flatMap((alt) => expandBraces(head + alt + rest));
}

/** Top-level folders whose catalog paths (written `**\/etc/shadow`) also mean the absolute path. */
const ROOT_DIRS = new Set(["etc", "proc", "run", "var"]);

/**
 * The catalog's globs as sandbox-runtime `denyRead` paths. The catalog matches names at any
 * depth; srt expands globs on disk, so each becomes the forms that can exist: in the home
 * directory (`~/.aws/credentials`, `~/.npmrc`), anywhere in the workspace
 * (`OVERLAY/**\/.env`), and absolute for system files (`/etc/shadow`).
 */
export function srtDenyRead(catalog: Pick<SensitiveCatalog, "rules">, overlay: string): string[] {
  const out = new Set<string>();
  for (const rule of catalog.rules) {
    for (const glob of rule.paths.flatMap(expandBraces)) {
      if (glob.startsWith("~/") || glob.startsWith("/")) {
        out.add(glob);
        continue;
      }
      const rest = glob.replace(/^(?:\*\*\/)+/, "");
      const first = rest.split("/")[0]!;
      if (rest.includes("/") && ROOT_DIRS.has(first)) out.add("/" + rest);
      else out.add("~/" + rest);
      out.add(`${overlay}/**/${rest}`);
    }
  }
  return [...out];
}

/** A sandbox-runtime settings object for the overlay. */
export function planSrt(overlay: string, cfg: SandboxConfig, ctx: PlanContext = {}): SrtPlan {
  overlay = checkOverlay(overlay);
  const catalog = ctx.catalog ?? loadSensitiveCatalog();
  const allowed = assertBoundary(overlay, { ...cfg, network: "none", privileged: false }, ctx.home, catalog);
  const notes = weakeningNotes(allowed);
  const domains = ctx.allowedDomains ?? [];
  for (const d of domains) {
    if (!SRT_DOMAIN.test(d)) {
      throw new UserError(`network.allow: ${JSON.stringify(d)} is not a domain sandbox-runtime accepts (a host such as api.example.com, *.example.com, localhost, optionally :port; no "*" alone, no scheme or path)`);
    }
  }
  if (cfg.mounts.length > 0) notes.push("srt does not mount: sandbox.mounts are ignored (srt reads the host filesystem except denyRead)");
  notes.push("srt: reads of the host filesystem are allowed except denyRead (the catalog's credential stores); writes only to the workspace and /tmp");
  notes.push("srt: the catalog matches names case-insensitively; srt's globs are case-sensitive on Linux");
  return {
    runtime: "srt",
    settings: {
      network: { allowedDomains: [...new Set(domains)], deniedDomains: [], allowLocalBinding: false },
      filesystem: { denyRead: srtDenyRead(catalog, overlay), allowWrite: [overlay, "/tmp"], denyWrite: [] },
    },
    cwd: overlay,
    command: ctx.command ?? [],
    notes,
  };
}

/** One entry point for all four. */
export function planFor(runtime: Runtime, overlay: string, cfg: SandboxConfig, ctx: PlanContext = {}): Plan {
  switch (runtime) {
    case "docker":
      return planDocker(overlay, cfg, ctx);
    case "gvisor":
      return planGvisor(overlay, cfg, ctx);
    case "bwrap":
      return planBwrap(overlay, cfg, ctx);
    case "srt":
      return planSrt(overlay, cfg, ctx);
    default: {
      const never: never = runtime;
      throw new UserError(`unknown runtime ${JSON.stringify(never)}`);
    }
  }
}
