// Human-readable rendering of a command analysis: the verdict, each finding with its span
// marked under the command, and (with --explain) the simple commands as bash would run them.
import chalk from "chalk";
import type { DetailedAnalysis, Finding, Verdict } from "../core/types.js";

const COLOR: Record<Verdict, (s: string) => string> = {
  deny: (s) => chalk.red.bold(s),
  ask: (s) => chalk.yellow.bold(s),
  allow: (s) => chalk.green.bold(s),
};

/** The line of `command` holding offset `start`, with carets under [start, end). */
function markSpan(command: string, f: Finding): string[] {
  const lineStart = command.lastIndexOf("\n", Math.max(0, f.start - 1)) + 1;
  let lineEnd = command.indexOf("\n", f.start);
  if (lineEnd < 0) lineEnd = command.length;
  const line = command.slice(lineStart, lineEnd);
  const from = f.start - lineStart;
  const to = Math.max(from + 1, Math.min(f.end, lineEnd) - lineStart);
  const shown = line.length > 160 ? line.slice(Math.max(0, from - 60), Math.max(0, from - 60) + 160) : line;
  const shift = line.length > 160 ? Math.max(0, from - 60) : 0;
  return ["    " + shown.replace(/[\u0000-\u001f\u007f]/g, "·"), "    " + " ".repeat(Math.max(0, from - shift)) + chalk.cyan("^".repeat(Math.max(1, Math.min(to - from, 160))))];
}

export function renderCheckText(command: string, a: DetailedAnalysis, explain: boolean): string {
  const out: string[] = [];
  out.push(`${COLOR[a.verdict](a.verdict.toUpperCase())}${a.findings.length ? "" : chalk.dim("  no finding")}`);
  for (const f of a.findings) {
    out.push(`  ${COLOR[f.verdict](f.verdict.padEnd(5))} ${chalk.bold(f.rule)} ${f.message}`);
    if (f.end > f.start || f.start > 0) out.push(...markSpan(command, f));
    if (explain && f.evidence) out.push(chalk.dim(`    evidence: ${JSON.stringify(f.evidence)}`));
  }
  if (explain) {
    out.push(chalk.dim("simple commands (after unwrapping and quote removal):"));
    for (const c of a.commands) out.push(chalk.dim(`  ${c.dynamic ? "~ " : "  "}${JSON.stringify(c.argv)} [${c.start}, ${c.end})`));
  }
  return out.join("\n") + "\n";
}

