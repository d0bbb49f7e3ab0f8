// The JSON shape of `check --json` / `--jsonl` (README.md, "Checking commands").
import type { DetailedAnalysis, Finding, Verdict } from "../core/types.js";

/** The JSON line of `check --json` / `--jsonl`. */
export function checkJson(a: DetailedAnalysis): { verdict: Verdict; findings: Finding[] } {
  return {
    verdict: a.verdict,
    findings: a.findings.map((f) => {
      const o: Finding = { rule: f.rule, verdict: f.verdict, message: f.message, start: f.start, end: f.end };
      if (f.evidence) o.evidence = f.evidence;
      return o;
    }),
  };
}
