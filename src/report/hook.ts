// Claude Code PreToolUse hook output: `hookSpecificOutput` with `permissionDecision` and a
// reason written for the agent as much as for the person.
import type { Finding, Verdict } from "../core/types.js";

export interface HookOutput {
  hookSpecificOutput: {
    hookEventName: "PreToolUse";
    permissionDecision: "allow" | "deny" | "ask";
    permissionDecisionReason: string;
  };
}

const cut = (s: string, n = 120): string => (s.length > n ? s.slice(0, n) + "…" : s);

/** The reason names the rule ids and the spans' text, and asks the agent not to work around it. */
export function hookReason(verdict: Verdict, findings: Finding[], subject: string): string {
  const strongest = findings.filter((f) => f.verdict === verdict);
  const lines = (strongest.length ? strongest : findings).slice(0, 4).map((f) => {
    const span = subject.slice(f.start, f.end);
    return `${f.rule}: ${f.message}${span && span !== subject ? ` (at \`${cut(span.replace(/\n/g, "⏎"), 80)}\`)` : ""}`;
  });
  const head = verdict === "deny" ? "airlock blocked this tool call" : "airlock asks for confirmation of this tool call";
  const tail =
    verdict === "deny"
      ? "Do not look for a workaround (another tool, flag, path or encoding): report this block to the user and ask how to proceed."
      : "A person should confirm this; do not try another way to do the same thing.";
  return `${head}. ${lines.join("; ")}. ${tail}`;
}

export function hookDecision(decision: "allow" | "deny" | "ask", reason: string): HookOutput {
  return { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: decision, permissionDecisionReason: reason } };
}
