// The analyzer's boundary: text in, findings out. Nothing that goes wrong inside can make it
// throw past here or answer allow: limits and internal errors become findings (ask).
import type { DetailedAnalysis, Finding, RawAnalysis } from "../core/types.js";
import { applyPolicy } from "../policy/apply.js";
import { defaultPolicy } from "../policy/policy.js";
import type { EffectivePolicy } from "../policy/policy.js";
import "./effects.js";
import { setTrustedHosts } from "./effects.js";
import { BudgetExceeded, Interp } from "./interp.js";
import type { Content } from "./values.js";

export const MAX_INPUT_BYTES = 100 * 1024;
export const DEFAULT_BUDGET_MS = 250;

export interface AnalyzeOptions {
  /** working directory the command runs in; relative paths resolve against it */
  cwd?: string;
  /** the home directory `~` and `$HOME` mean */
  home?: string;
  /** the effective policy (default: the built-in rules/policy.yaml) */
  policy?: EffectivePolicy;
  /** time budget for one analysis, in milliseconds */
  budgetMs?: number;
  /** follow links on this machine's disk (e.g. `diskRealpath`): a path with an innocent name
   *  that leads to a credential file or a system path is judged by where it leads. Off by
   *  default (a script checked in CI is not run there); the Claude Code hook turns it on. */
  realpath?: (absolute: string) => string | undefined;
}

/** Raw findings (default verdicts not yet applied) and the resolved simple commands. */
export function analyzeRaw(command: string, opts: AnalyzeOptions = {}): RawAnalysis {
  const findings: Finding[] = [];
  if (typeof command !== "string") {
    return { findings: [{ rule: "A4", verdict: "ask", message: "the command is not a string", start: 0, end: 0 }], commands: [] };
  }
  if (command.trim() === "") return { findings, commands: [] };
  const bytes = Buffer.byteLength(command, "utf8");
  if (bytes > MAX_INPUT_BYTES) {
    return { findings: [{ rule: "limits", verdict: "ask", message: `the command is ${bytes} bytes, over the ${MAX_INPUT_BYTES}-byte limit`, start: 0, end: command.length }], commands: [] };
  }
  const home = (opts.home ?? "/root").replace(/(.)\/+$/, "$1");
  const it = new Interp(command, { home, cwd: opts.cwd, deadline: performance.now() + (opts.budgetMs ?? DEFAULT_BUDGET_MS), ...(opts.realpath ? { realpath: opts.realpath } : {}) });
  setTrustedHosts(opts.policy?.network.trusted ?? []);
  try {
    const stdin: Content & { tty: boolean } = { taints: [], tty: true };
    it.runScript(command, { src: command, base: 0, outer: [0, command.length], depth: 0 }, it.newState(opts.cwd), stdin);
  } catch (err) {
    if (err instanceof BudgetExceeded) it.add("limits", err.message, 0, command.length);
    else if (err instanceof RangeError && /call stack/i.test(err.message)) it.add("limits", "the command is nested too deeply to analyse", 0, command.length);
    else it.add("internal", `internal error during analysis: ${err instanceof Error ? err.message : String(err)}`, 0, command.length);
  }
  return { findings: it.findings, commands: it.commands };
}

/** Analyses one bash command: the verdict, and findings that point at the span that caused them. */
export function analyzeCommand(command: string, opts: AnalyzeOptions = {}): DetailedAnalysis {
  let policy: EffectivePolicy;
  try {
    policy = opts.policy ?? defaultPolicy();
  } catch (err) {
    return {
      verdict: "ask",
      findings: [{ rule: "internal", verdict: "ask", message: `the policy could not be loaded: ${err instanceof Error ? err.message : String(err)}`, start: 0, end: 0 }],
      commands: [],
    };
  }
  let raw: RawAnalysis;
  try {
    raw = analyzeRaw(command, { ...opts, policy });
  } catch (err) {
    raw = { findings: [{ rule: "internal", verdict: "ask", message: `internal error: ${err instanceof Error ? err.message : String(err)}`, start: 0, end: typeof command === "string" ? command.length : 0 }], commands: [] };
  }
  const out = applyPolicy(raw, policy);
  out.findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return out;
}
