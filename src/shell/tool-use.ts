// One agent tool call judged: `Bash` commands through the analyzer, file tools' paths (and
// Grep/Glob patterns) through the sensitive-file catalog — what the Claude Code hook runs, for
// library users (an Agent SDK `canUseTool`, another agent's permission callback).
import { join, resolve } from "node:path";
import type { DetailedAnalysis, Finding, RawAnalysis } from "../core/types.js";
import { applyPolicy } from "../policy/apply.js";
import { defaultPolicy, type EffectivePolicy } from "../policy/policy.js";
import { analyzeCommand } from "./analyze.js";
import { diskRealpath, judgeFileAccess } from "./file-access.js";

/** The tools judged; any other tool gets no judgement (undefined). */
export const JUDGED_TOOLS = ["Bash", "Read", "Write", "Edit", "MultiEdit", "NotebookEdit", "Grep", "Glob", "LS"];

export interface ToolUseOptions {
  /** the agent's working directory (absolute) */
  cwd: string;
  home: string;
  policy?: EffectivePolicy;
  budgetMs?: number;
  /** How paths are followed through links on disk: default the file system's (a file tool
   *  acts on where a link leads; so does a command run here); `false` judges paths as written. */
  realpath?: ((absolute: string) => string | undefined) | false;
}

/**
 * Judge one tool call. `subject` is what was judged (the command, the path or the pattern).
 * Undefined for a tool airlock does not know; throws on a malformed input (a missing field),
 * which a caller must treat as "ask" or "deny" — never as allow.
 */
export function judgeToolUse(tool: string, input: Record<string, unknown>, o: ToolUseOptions): { subject: string; analysis: DetailedAnalysis } | undefined {
  if (!JUDGED_TOOLS.includes(tool)) return undefined;
  const policy = o.policy ?? defaultPolicy();
  if (tool === "Bash") {
    const subject = str(input, "command")!;
    const opts: Parameters<typeof analyzeCommand>[1] = { cwd: o.cwd, home: o.home, policy, realpath: o.realpath === undefined ? diskRealpath : o.realpath || undefined };
    if (o.budgetMs !== undefined) opts.budgetMs = o.budgetMs;
    return { subject, analysis: analyzeCommand(subject, opts) };
  }
  const r = fileToolFindings({ tool, input, cwd: o.cwd }, o.home, o.realpath === undefined ? diskRealpath : o.realpath || undefined);
  return { subject: r.subject, analysis: applyPolicy(r.raw, policy) };
}

function str(input: Record<string, unknown>, key: string, required = true): string | undefined {
  const v = input[key];
  if (typeof v === "string") return v;
  if (required) throw new Error(`tool_input.${key} is missing`);
  return undefined;
}

/** Findings for a file tool: reads of catalog files (A2), writes of protected paths (P2). */
function fileToolFindings(call: { tool: string; input: Record<string, unknown>; cwd: string }, home: string, realpath: ((p: string) => string | undefined) | undefined): { subject: string; raw: RawAnalysis } {
  const o = { cwd: call.cwd, home, realpath: realpath ?? (() => undefined) };
  const findings: Finding[] = [];
  let subject = "";
  const add = (path: string, mode: "read" | "write") => {
    subject = path;
    findings.push(...judgeFileAccess(path, mode, call.tool, o));
  };
  switch (call.tool) {
    case "Read":
      add(str(call.input, "file_path")!, "read");
      break;
    case "Write":
    case "Edit":
    case "MultiEdit":
      add(str(call.input, "file_path")!, "write");
      break;
    case "NotebookEdit":
      add(str(call.input, "notebook_path")!, "write");
      break;
    case "LS":
      subject = str(call.input, "path", false) ?? call.cwd;
      break;
    case "Glob":
    case "Grep": {
      const base = str(call.input, "path", false) ?? call.cwd;
      const pattern = call.tool === "Glob" ? str(call.input, "pattern")! : str(call.input, "glob", false);
      subject = pattern ?? base;
      // a search confined to a sensitive file or folder, or a glob naming catalog files
      findings.push(...judgeFileAccess(base, "read", call.tool, o).filter((f) => f.rule === "A2"));
      if (pattern) {
        const full = pattern.startsWith("/") || pattern.startsWith("~") ? pattern : join(resolve(call.cwd, base), pattern.replace(/^\*\*\//, ""));
        for (const p of new Set([full, full.replace(/\*\*\//g, "")])) findings.push(...judgeFileAccess(p, "read", call.tool, o).filter((f) => f.rule === "A2"));
      }
      break;
    }
  }
  const seen = new Set<string>();
  const unique = findings.filter((f) => (seen.has(f.rule + f.message) ? false : (seen.add(f.rule + f.message), true)));
  return { subject, raw: { findings: unique.map((f) => ({ ...f, start: 0, end: subject.length })), commands: [] } };
}

