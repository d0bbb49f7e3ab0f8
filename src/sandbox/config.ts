// The `sandbox:` section of the policy: its schema, its TypeScript type and its safe defaults.
// `sandboxConfig(raw)` takes the merged section (a plain object, as the layered loader produces
// it) and either returns a complete config or throws a UserError naming the field and what was
// expected. Every default is the hardened choice; loosening needs an explicit setting, and the
// settings that would weaken the boundary also need `allow_weaken` (see boundary.ts).
import { UserError } from "../core/types.js";

/** Ways to weaken the boundary that a policy may allow by name in `sandbox.allow_weaken`. */
export const WEAKEN_IDS = [
  "root-mount", // mounting `/`
  "sensitive-mount", // a home directory or its parent, a catalog path (~/.ssh, ~/.aws…), /etc, /proc, /sys, /dev…
  "docker-socket", // a container engine socket, or a directory that holds one
  "writable-mount", // an extra mount the agent may write to
  "privileged", // docker --privileged
  "network", // any network other than none
  "root-user", // uid or gid 0 inside the sandbox
] as const;
export type WeakenId = (typeof WEAKEN_IDS)[number];

export const NETWORK_MODES = ["none", "bridge", "host"] as const;
export type NetworkMode = (typeof NETWORK_MODES)[number];

export interface SandboxMount {
  /** host path (absolute once the CLI resolved it) */
  source: string;
  /** path inside the sandbox, absolute */
  target: string;
  writable: boolean;
}

export interface SandboxConfig {
  /** docker/gVisor image the agent runs in */
  image: string;
  uid: number;
  gid: number;
  /** docker --memory (and --memory-swap: no swap beyond it), e.g. "2g" */
  memory: string;
  /** docker --cpus */
  cpus: number;
  /** docker --pids-limit */
  pids_limit: number;
  /** size of the /tmp tmpfs, e.g. "512m" */
  tmp_size: string;
  /** size of the home tmpfs (/home/agent) */
  home_size: string;
  /** "default" (the engine's profile) or the absolute path of a seccomp profile; never "unconfined" */
  seccomp: string;
  /** host path of a proxy's unix socket, mounted at PROXY_SOCKET_TARGET */
  proxy_socket?: string;
  /** names of host environment variables passed in, besides PATH, HOME, TERM, LANG */
  env: string[];
  /** extra mounts (read-only unless `writable`) */
  mounts: SandboxMount[];
  network: NetworkMode;
  privileged: boolean;
  allow_weaken: WeakenId[];
  /** where runsc is installed, for the gVisor daemon.json fragment */
  runsc_path: string;
}

/** Inside the sandbox: the workspace, the home directory, the proxy socket. */
export const WORKSPACE = "/workspace";
export const AGENT_HOME = "/home/agent";
export const PROXY_SOCKET_TARGET = "/run/airlock/proxy.sock";

export const SANDBOX_DEFAULTS: Readonly<SandboxConfig> = Object.freeze({
  image: "node:20-bookworm-slim",
  uid: 1000,
  gid: 1000,
  memory: "2g",
  cpus: 2,
  pids_limit: 512,
  tmp_size: "512m",
  home_size: "256m",
  seccomp: "default",
  env: [],
  mounts: [],
  network: "none",
  privileged: false,
  allow_weaken: [],
  runsc_path: "/usr/local/bin/runsc",
});

const FIELDS = [
  "image",
  "user",
  "memory",
  "cpus",
  "pids_limit",
  "tmp_size",
  "home_size",
  "seccomp",
  "proxy_socket",
  "env",
  "mounts",
  "network",
  "privileged",
  "allow_weaken",
  "runsc_path",
] as const;

const SIZE = /^([1-9][0-9]*)([kmg]?)$/i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Image references: registry/name:tag@digest, no whitespace, no leading dash (never an option).
const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._\/:@+-]*$/;
/** Names the sandbox sets itself; a policy cannot pass the host's value in. */
const RESERVED_ENV = new Set(["PATH", "HOME", "TERM", "LANG", "AIRLOCK_PROXY_SOCKET"]);

/** "512m" → bytes. Suffixes k, m, g (powers of 1024); a bare number is bytes. */
export function parseSize(size: string): number {
  const m = SIZE.exec(size);
  if (!m) throw new UserError(`invalid size ${JSON.stringify(size)}: expected a number with an optional k, m or g suffix`);
  const unit = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as "" | "k" | "m" | "g"];
  return Number(m[1]) * unit;
}

/** "SRC:DST" or "SRC:DST:ro|rw" (the docker -v form). Paths with a ':' must use the mapping form. */
export function parseMountSpec(spec: string, where: string): SandboxMount {
  const parts = spec.split(":");
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === "")) {
    throw new UserError(`${where}: invalid mount ${JSON.stringify(spec)}: expected SOURCE:TARGET[:ro|rw]`);
  }
  const mode = parts[2] ?? "ro";
  if (mode !== "ro" && mode !== "rw") throw new UserError(`${where}: invalid mount ${JSON.stringify(spec)}: the mode must be ro or rw`);
  return checkMount({ source: parts[0]!, target: parts[1]!, writable: mode === "rw" }, where);
}

/** Targets a mount may not cover: the sandbox's own structure. */
const RESERVED_TARGETS = ["/", WORKSPACE, "/tmp", AGENT_HOME, "/proc", "/dev", "/sys", "/usr", "/etc", "/bin", "/lib", "/lib64", "/sbin", "/run/airlock"];

function checkMount(m: SandboxMount, where: string): SandboxMount {
  if (!m.target.startsWith("/")) throw new UserError(`${where}: mount target ${JSON.stringify(m.target)} must be an absolute path`);
  const target = normalizeAbsolute(m.target);
  if (RESERVED_TARGETS.includes(target)) {
    throw new UserError(`${where}: mount target ${target} is part of the sandbox itself (reserved: ${RESERVED_TARGETS.join(", ")})`);
  }
  if (m.source.includes("\0") || target.includes("\0")) throw new UserError(`${where}: mount paths may not contain NUL`);
  return { source: m.source, target, writable: m.writable };
}

/** Collapses `//`, `/./` and `/x/../` of an absolute path; keeps it absolute; no trailing slash. */
export function normalizeAbsolute(path: string): string {
  const out: string[] = [];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return "/" + out.join("/");
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(raw: Record<string, unknown>, key: string, check?: (s: string) => boolean, expected?: string): string | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || v.length === 0 || (check && !check(v))) {
    throw new UserError(`sandbox.${key}: expected ${expected ?? "a non-empty string"}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function int(raw: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new UserError(`sandbox.${key}: expected an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function stringList(raw: Record<string, unknown>, key: string): string[] | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string" || x.length === 0)) {
    throw new UserError(`sandbox.${key}: expected a list of non-empty strings, got ${JSON.stringify(v)}`);
  }
  return v as string[];
}

/**
 * Validates the merged `sandbox:` section of the policy and fills safe defaults.
 * `raw` may be undefined or {} (all defaults). Throws UserError naming the field.
 */
export function sandboxConfig(raw: unknown): SandboxConfig {
  if (raw === undefined || raw === null) raw = {};
  if (!isRecord(raw)) throw new UserError(`sandbox: expected a mapping, got ${JSON.stringify(raw)}`);
  for (const key of Object.keys(raw)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      throw new UserError(`sandbox: unknown field "${key}" (expected: ${FIELDS.join(", ")})`);
    }
  }
  const cfg: SandboxConfig = { ...SANDBOX_DEFAULTS, env: [], mounts: [], allow_weaken: [] };

  const image = str(raw, "image", (s) => IMAGE.test(s), "an image reference such as node:20-bookworm-slim");
  if (image) cfg.image = image;

  const user = raw["user"];
  if (user !== undefined) {
    const m = typeof user === "string" ? /^([0-9]{1,10}):([0-9]{1,10})$/.exec(user) : null;
    if (!m || Number(m[1]) > 2 ** 31 - 2 || Number(m[2]) > 2 ** 31 - 2) {
      throw new UserError(`sandbox.user: expected "UID:GID" with numeric ids (e.g. "1000:1000"), got ${JSON.stringify(user)}`);
    }
    cfg.uid = Number(m[1]);
    cfg.gid = Number(m[2]);
  }

  for (const key of ["memory", "tmp_size", "home_size"] as const) {
    const v = str(raw, key, (s) => SIZE.test(s), 'a size such as "512m" or "2g"');
    if (v) cfg[key] = v.toLowerCase();
  }
  const memory = parseSize(cfg.memory);
  if (memory < 6 * 1024 ** 2) throw new UserError(`sandbox.memory: docker needs at least 6m, got ${JSON.stringify(cfg.memory)}`);

  const cpus = raw["cpus"];
  if (cpus !== undefined) {
    if (typeof cpus !== "number" || !(cpus > 0) || cpus > 1024) {
      throw new UserError(`sandbox.cpus: expected a number greater than 0 (e.g. 2 or 0.5), got ${JSON.stringify(cpus)}`);
    }
    cfg.cpus = cpus;
  }
  const pids = int(raw, "pids_limit", 1, 4194304);
  if (pids !== undefined) cfg.pids_limit = pids;

  const seccomp = raw["seccomp"];
  if (seccomp !== undefined) {
    if (seccomp === "unconfined") {
      throw new UserError(`sandbox.seccomp: "unconfined" turns the syscall filter off and is never allowed; use "default" or the path of a profile`);
    }
    if (typeof seccomp !== "string" || (seccomp !== "default" && !seccomp.startsWith("/"))) {
      throw new UserError(`sandbox.seccomp: expected "default" or the absolute path of a seccomp profile, got ${JSON.stringify(seccomp)}`);
    }
    cfg.seccomp = seccomp;
  }

  const proxy = str(raw, "proxy_socket", (s) => s.startsWith("/") && !/[\0:]/.test(s), "the absolute path of a unix socket (without ':')");
  if (proxy) cfg.proxy_socket = normalizeAbsolute(proxy);

  const env = stringList(raw, "env") ?? [];
  for (const name of env) {
    if (!ENV_NAME.test(name)) throw new UserError(`sandbox.env: ${JSON.stringify(name)} is not an environment variable name`);
    if (RESERVED_ENV.has(name)) throw new UserError(`sandbox.env: ${name} is set by the sandbox itself and cannot be passed in from the host`);
  }
  cfg.env = [...new Set(env)];

  const mounts = raw["mounts"];
  if (mounts !== undefined) {
    if (!Array.isArray(mounts)) throw new UserError(`sandbox.mounts: expected a list of "SOURCE:TARGET[:ro|rw]" strings or {source, target, writable} mappings`);
    cfg.mounts = mounts.map((m, i) => {
      const where = `sandbox.mounts[${i}]`;
      if (typeof m === "string") return parseMountSpec(m, where);
      if (isRecord(m) && typeof m["source"] === "string" && typeof m["target"] === "string" && m["source"] && m["target"]) {
        for (const k of Object.keys(m)) if (!["source", "target", "writable"].includes(k)) throw new UserError(`${where}: unknown field "${k}" (expected: source, target, writable)`);
        if (m["writable"] !== undefined && typeof m["writable"] !== "boolean") throw new UserError(`${where}.writable: expected true or false`);
        return checkMount({ source: m["source"], target: m["target"], writable: m["writable"] === true }, where);
      }
      throw new UserError(`${where}: expected "SOURCE:TARGET[:ro|rw]" or a mapping with source and target, got ${JSON.stringify(m)}`);
    });
  }

  const network = raw["network"];
  if (network !== undefined) {
    if (!(NETWORK_MODES as readonly unknown[]).includes(network)) {
      throw new UserError(`sandbox.network: expected one of ${NETWORK_MODES.join(", ")}, got ${JSON.stringify(network)}`);
    }
    cfg.network = network as NetworkMode;
  }

  const privileged = raw["privileged"];
  if (privileged !== undefined) {
    if (typeof privileged !== "boolean") throw new UserError(`sandbox.privileged: expected true or false, got ${JSON.stringify(privileged)}`);
    cfg.privileged = privileged;
  }

  const weaken = stringList(raw, "allow_weaken") ?? [];
  for (const id of weaken) {
    if (!(WEAKEN_IDS as readonly string[]).includes(id)) {
      throw new UserError(`sandbox.allow_weaken: unknown id ${JSON.stringify(id)} (expected: ${WEAKEN_IDS.join(", ")})`);
    }
  }
  cfg.allow_weaken = [...new Set(weaken)] as WeakenId[];

  const runsc = str(raw, "runsc_path", (s) => s.startsWith("/"), "the absolute path of runsc");
  if (runsc) cfg.runsc_path = runsc;

  return cfg;
}
