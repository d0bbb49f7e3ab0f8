// The verdict rules' own examples (rules/commands.yaml `rule_examples`), run through the whole
// analyzer: `airlock rules check` and the test suite both call this.
import { readRulesFile, RULES_DIR } from "../core/rules-file.js";
import { analyzeCommand } from "./analyze.js";

export const EXAMPLE_CWD = "/home/dev/project";
export const EXAMPLE_HOME = "/home/dev";

interface RuleExamples {
  match?: string[];
  no_match?: string[];
}

export function checkCommandRules(file = RULES_DIR + "commands.yaml"): string[] {
  const raw = readRulesFile(file) as { rule_examples?: Record<string, RuleExamples> };
  const problems: string[] = [];
  const rules = raw.rule_examples ?? {};
  for (const id of ["P1", "P2", "P3", "A1", "A2", "A3", "A4"]) {
    const ex = rules[id];
    if (!ex || !ex.match?.length) problems.push(`${id}: has no examples`);
    if (!ex || !ex.no_match?.length) problems.push(`${id}: has no look-alikes (no_match)`);
  }
  for (const [id, ex] of Object.entries(rules)) {
    for (const c of ex.match ?? []) {
      const a = analyzeCommand(c, { cwd: EXAMPLE_CWD, home: EXAMPLE_HOME });
      if (!a.findings.some((f) => f.rule === id)) problems.push(`${id}: example not found: ${c} (got ${a.findings.map((f) => f.rule).join(",") || "no finding"})`);
    }
    for (const c of ex.no_match ?? []) {
      const a = analyzeCommand(c, { cwd: EXAMPLE_CWD, home: EXAMPLE_HOME });
      if (a.findings.some((f) => f.rule === id)) problems.push(`${id}: look-alike matched: ${c}`);
    }
  }
  return problems;
}
