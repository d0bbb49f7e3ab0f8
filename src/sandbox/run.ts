// `airlock run`: scrub a source tree into a private temporary overlay, run a command under the
// bubblewrap plan with the overlay at /workspace, hand back its exit status, remove the overlay.
// The caller passes in everything that comes from the process (environment, temp directory,
// the scrubber): this module never reads process.env and never exits.
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { accessSync, constants as fsConstants, mkdtempSync, realpathSync, rmSync, statSync } from "node:fs";
import { constants as osConstants } from "node:os";
import { delimiter, join } from "node:path";
import { UserError } from "../core/types.js";
import type { SandboxConfig } from "./config.js";
import { planBwrap, sandboxEnv } from "./plans.js";
import type { ArgvPlan } from "./plans.js";

export interface RunOptions {
  /** the source tree to scrub (absolute) */
  src: string;
  /** what to run inside, at /workspace */
  command: string[];
  cfg: SandboxConfig;
  /** the host environment: PATH finds bwrap; TERM, LANG and the policy's names are passed in */
  hostEnv: Record<string, string | undefined>;
  /** the host home directory (for the boundary checks) */
  home?: string;
  /** where the private overlay directory is created */
  tmpdir: string;
  /** keep the overlay afterwards */
  keep?: boolean;
  /** writes the scrubbed copy of src to out (out does not exist yet) */
  scrub: (src: string, out: string) => Promise<unknown>;
  /** the bwrap executable; default: found on hostEnv.PATH */
  bwrap?: string;
  /** told the plan before it runs and the child once it is started (to forward signals) */
  onPlan?: (plan: ArgvPlan, overlay: string) => void;
  onSpawn?: (child: ChildProcess) => void;
}

export interface RunResult {
  /** the command's exit code; 128 + n when it was killed by signal n */
  exitCode: number;
  signal?: NodeJS.Signals;
  /** the overlay, when kept */
  overlay?: string;
}

/** The Debian/Ubuntu package that provides bwrap. */
export const BWRAP_PACKAGE = "bubblewrap";

/** The first executable `name` on a PATH string, or undefined. */
export function findExecutable(name: string, pathVar: string | undefined): string | undefined {
  for (const dir of (pathVar ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Why `run` cannot work on this host, or undefined when it can. */
export function runUnsupported(platform: string, bwrap: string | undefined): string | undefined {
  if (platform !== "linux") {
    return `airlock run needs Linux (bubblewrap uses Linux namespaces); this is ${platform}. Use \`airlock plan --runtime docker\` or \`--runtime srt\` to get a sandbox for this system.`;
  }
  if (!bwrap) {
    return `airlock run needs bubblewrap, and no \`bwrap\` is on PATH. Install the package "${BWRAP_PACKAGE}" (Debian/Ubuntu: apt-get install ${BWRAP_PACKAGE}; Fedora: dnf install ${BWRAP_PACKAGE}).`;
  }
  return undefined;
}

/** `bwrap --version` → "0.8.0", or undefined when it does not answer. */
export function bwrapVersion(bwrap: string): string | undefined {
  const r = spawnSync(bwrap, ["--version"], { encoding: "utf8", env: {}, timeout: 5000 });
  const m = /(\d+\.\d+(?:\.\d+)?)/.exec(r.stdout ?? "");
  return r.status === 0 && m ? m[1] : undefined;
}

export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const n = signal ? osConstants.signals[signal] : undefined;
  return n ? 128 + n : 1;
}

/** Scrubs, runs under bwrap, cleans up. Throws UserError when it cannot run. */
export async function runSandboxed(o: RunOptions): Promise<RunResult> {
  if (o.command.length === 0) throw new UserError("airlock run: no command given (airlock run SRC -- COMMAND...)");
  const bwrap = o.bwrap ?? findExecutable("bwrap", o.hostEnv["PATH"]);
  const why = runUnsupported(process.platform, bwrap);
  if (why) throw new UserError(why);
  let src: string;
  try {
    src = realpathSync(o.src);
    if (!statSync(src).isDirectory()) throw new UserError(`airlock run: ${o.src} is not a directory`);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`airlock run: cannot read ${o.src}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }

  // Refuse a weakening before any work: the same plan, for where the overlay will be.
  const version = bwrapVersion(bwrap!);
  const ctx = { home: o.home, env: sandboxEnv(o.cfg, o.hostEnv), command: o.command, ...(version ? { bwrapVersion: version } : {}) };
  planBwrap(join(o.tmpdir, "airlock-run-pending", "workspace"), o.cfg, ctx);

  const dir = mkdtempSync(join(o.tmpdir, "airlock-run-"));
  const overlay = join(dir, "workspace");
  let keep = false;
  try {
    await o.scrub(src, overlay);
    const real = realpathSync(overlay);
    const plan = planBwrap(real, o.cfg, ctx);
    o.onPlan?.(plan, real);
    // bwrap itself gets an empty environment too; what the command sees is --clearenv/--setenv.
    const child = spawn(bwrap!, plan.argv.slice(1), { stdio: "inherit", env: {} });
    o.onSpawn?.(child);
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (c, s) => resolve({ code: c, signal: s }));
    });
    keep = o.keep === true;
    return { exitCode: exitCodeOf(code, signal), ...(signal ? { signal } : {}), ...(keep ? { overlay: real } : {}) };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
