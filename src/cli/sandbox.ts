// `airlock plan` and `airlock run`: the overlay inside a hardened boundary.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import type { ChildProcess } from "node:child_process";
import type { Command } from "commander";
import { UserError } from "../core/types.js";
import { parseYamlText } from "../core/rules-file.js";
import { loadPolicy } from "../policy/load.js";
import type { LoadedPolicy } from "../policy/load.js";
import { NETWORK_MODES, parseMountSpec, sandboxConfig } from "../sandbox/config.js";
import type { NetworkMode, SandboxConfig } from "../sandbox/config.js";
import { gvisorDaemonJson, planFor, RUNTIMES } from "../sandbox/plans.js";
import type { Runtime } from "../sandbox/plans.js";
import { renderJson, renderShell } from "../sandbox/render.js";
import { findExecutable, runSandboxed, runUnsupported } from "../sandbox/run.js";
import { EXIT } from "./exit.js";

/** Settings that bring something in from the host or weaken the boundary: never from a project's own policy file. */
const TRUSTED_ONLY = ["allow_weaken", "env"] as const;

function fail(err: unknown): never {
  if (err instanceof UserError) {
    process.stderr.write(`airlock: ${err.message}\n`);
    process.exit(EXIT.usage);
  }
  process.stderr.write(`airlock: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(EXIT.internal);
}

function home(): string {
  return process.env["HOME"] || homedir();
}

/**
 * The effective `sandbox:` section. A repository's own `.airlock/policy.yaml` travels with the
 * code the agent works on, so it may tighten the sandbox but not open it: `allow_weaken` and
 * `env` count only from the user and managed layers.
 */
function effectiveSandbox(policy: LoadedPolicy): { raw: Record<string, unknown>; warnings: string[] } {
  const raw: Record<string, unknown> = { ...policy.sandbox };
  const warnings: string[] = [];
  for (const key of TRUSTED_ONLY) delete raw[key];
  for (const f of policy.files) {
    let section: unknown;
    try {
      const doc = parseYamlText(readFileSync(f.path, "utf8"), f.path) as Record<string, unknown> | null;
      section = doc?.["sandbox"];
    } catch (err) {
      throw new UserError(`${f.path}: ${(err as Error).message}`);
    }
    if (typeof section !== "object" || section === null) continue;
    for (const key of TRUSTED_ONLY) {
      const v = (section as Record<string, unknown>)[key];
      if (v === undefined) continue;
      if (f.layer === "project") warnings.push(`${f.path}: sandbox.${key} is ignored in a project policy (it would let the repository open its own sandbox); set it in ~/.config/airlock/policy.yaml or the managed policy`);
      else raw[key] = v;
    }
  }
  return { raw, warnings };
}

type Scrubber = (src: string, out: string, opts: Record<string, unknown>) => Promise<unknown>;

/** The scrubber, loaded only when a run needs it. */
async function loadScrubber(): Promise<Scrubber> {
  return (await import("../scrub/overlay.js")).scrubWorkspace as Scrubber;
}

function loadSandbox(cwd: string): { cfg: SandboxConfig; policy: LoadedPolicy; warnings: string[] } {
  const policy = loadPolicy({ cwd, home: home(), env: process.env });
  const { raw, warnings } = effectiveSandbox(policy);
  return { cfg: sandboxConfig(raw), policy, warnings };
}

/** Absolute, and with symlinks resolved where the path exists (a link to / is a mount of /). */
function hostPath(p: string, cwd: string): string {
  const abs = isAbsolute(p) ? p : resolve(cwd, p);
  try {
    return existsSync(abs) ? realpathSync(abs) : resolve(abs);
  } catch {
    return resolve(abs);
  }
}

function withHostPaths(cfg: SandboxConfig, cwd: string): SandboxConfig {
  return {
    ...cfg,
    mounts: cfg.mounts.map((m) => ({ ...m, source: hostPath(m.source, cwd) })),
    ...(cfg.proxy_socket ? { proxy_socket: hostPath(cfg.proxy_socket, cwd) } : {}),
  };
}

interface PlanOpts {
  runtime: string;
  format: string;
  mount: string[];
  privileged?: boolean;
  network?: string;
  image?: string;
  daemonJson?: boolean;
}

interface RunOpts {
  keep?: boolean;
  mount: string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function applyFlags(cfg: SandboxConfig, o: { mount: string[]; privileged?: boolean; network?: string; image?: string }): SandboxConfig {
  const out = { ...cfg, mounts: [...cfg.mounts, ...o.mount.map((m) => parseMountSpec(m, "--mount"))] };
  if (o.privileged) out.privileged = true;
  if (o.network !== undefined) {
    if (!(NETWORK_MODES as readonly string[]).includes(o.network)) throw new UserError(`--network: expected one of ${NETWORK_MODES.join(", ")}, got ${JSON.stringify(o.network)}`);
    out.network = o.network as NetworkMode;
  }
  if (o.image !== undefined) out.image = sandboxConfig({ image: o.image }).image;
  return out;
}

function planAction(overlayArg: string, command: string[], o: PlanOpts): void {
  try {
    if (!(RUNTIMES as readonly string[]).includes(o.runtime)) throw new UserError(`--runtime: expected one of ${RUNTIMES.join(", ")}, got ${JSON.stringify(o.runtime)}`);
    if (o.format !== "shell" && o.format !== "json") throw new UserError(`--format: expected shell or json, got ${JSON.stringify(o.format)}`);
    const cwd = process.cwd();
    const { cfg: base, policy, warnings } = loadSandbox(cwd);
    const cfg = withHostPaths(applyFlags(base, o), cwd);
    for (const w of warnings) process.stderr.write(`airlock: warning: ${w}\n`);
    if (o.daemonJson) {
      if (o.runtime !== "gvisor") throw new UserError("--daemon-json is for --runtime gvisor");
      process.stdout.write(JSON.stringify(gvisorDaemonJson(cfg), null, 2) + "\n");
      return;
    }
    const overlay = hostPath(overlayArg, cwd);
    const plan = planFor(o.runtime as Runtime, overlay, cfg, {
      home: home(),
      command,
      allowedDomains: policy.network.allow ?? [],
    });
    if (existsSync(overlay) && !existsSync(join(overlay, ".airlock-manifest.json"))) {
      process.stderr.write(`airlock: warning: ${overlay} has no .airlock-manifest.json: it does not look like a scrubbed overlay (airlock scrub SRC OUT)\n`);
    }
    if (o.format === "json") {
      for (const n of plan.notes) process.stderr.write(`airlock: note: ${n}\n`);
      if (plan.runtime === "gvisor") process.stderr.write(`airlock: note: install gVisor in docker with: airlock plan ${overlayArg} --runtime gvisor --daemon-json\n`);
      process.stdout.write(renderJson(plan));
    } else {
      process.stdout.write(renderShell(plan));
    }
    if (cfg.env.length > 0 && plan.runtime === "bwrap") {
      process.stderr.write(`airlock: note: the plan passes no host values for ${cfg.env.join(", ")} (printing them could leak secrets); airlock run passes them\n`);
    }
  } catch (err) {
    fail(err);
  }
}

async function runAction(src: string, command: string[], o: RunOpts): Promise<void> {
  let child: ChildProcess | undefined;
  const forward = (sig: NodeJS.Signals) => () => {
    if (child && child.exitCode === null) child.kill(sig);
  };
  const handlers = (["SIGINT", "SIGTERM", "SIGHUP"] as const).map((sig) => [sig, forward(sig)] as const);
  try {
    const cwd = process.cwd();
    const { cfg: base, warnings } = loadSandbox(cwd);
    const cfg = withHostPaths(applyFlags(base, { mount: o.mount }), cwd);
    for (const w of warnings) process.stderr.write(`airlock: warning: ${w}\n`);
    const why = runUnsupported(process.platform, findExecutable("bwrap", process.env["PATH"]));
    if (why) throw new UserError(why);
    for (const [sig, h] of handlers) process.on(sig, h);
    const result = await runSandboxed({
      src: hostPath(src, cwd),
      command,
      cfg,
      hostEnv: process.env,
      home: home(),
      tmpdir: tmpdir(),
      keep: o.keep === true,
      scrub: async (from, to) => (await loadScrubber())(from, to, {}),
      onSpawn: (c) => {
        child = c;
      },
    });
    if (result.overlay) process.stderr.write(`airlock: overlay kept at ${result.overlay}\n`);
    process.exit(result.exitCode);
  } catch (err) {
    fail(err);
  } finally {
    for (const [sig, h] of handlers) process.off(sig, h);
  }
}

export function registerSandbox(program: Command): void {
  if (program.commands.some((c) => c.name() === "plan")) return;
  program
    .command("plan")
    .description("print a hardened sandbox for a scrubbed overlay: docker, gVisor, bubblewrap or sandbox-runtime")
    .argument("<overlay>", "the scrubbed overlay directory (airlock scrub SRC OUT)")
    .argument("[command...]", "the command to run inside (after --)")
    .option("--runtime <runtime>", `one of ${RUNTIMES.join(", ")}`, "docker")
    .option("--format <format>", "shell (quoted, with notes as comments) or json (argv array; srt: the settings object)", "shell")
    .option("--mount <source:target[:ro|rw]>", "an extra mount (repeatable; read-only unless :rw)", collect, [])
    .option("--privileged", "docker --privileged (refused unless sandbox.allow_weaken names privileged)")
    .option("--network <mode>", `${NETWORK_MODES.join(", ")} (anything but none is refused unless sandbox.allow_weaken names network)`)
    .option("--image <image>", "the docker/gVisor image (default: sandbox.image)")
    .option("--daemon-json", "gvisor: print only the /etc/docker/daemon.json fragment that registers runsc")
    .action((overlay: string, command: string[], o: PlanOpts) => planAction(overlay, command, o));
  program
    .command("run")
    .description("scrub SRC to a temporary overlay and run COMMAND in it under bubblewrap (no network, no host environment)")
    .argument("<src>", "the source directory to scrub")
    .argument("<command...>", "the command to run at /workspace (after --)")
    .option("--keep", "keep the overlay afterwards and print where it is")
    .option("--mount <source:target[:ro|rw]>", "an extra mount (repeatable; read-only unless :rw)", collect, [])
    .action((src: string, command: string[], o: RunOpts) => runAction(src, command, o));
}
