// Minimal policy: the default verdict of each rule id, read from rules/policy.yaml.
// (Layered policy files and permission patterns are built on top of this.)
import { readRulesFile, RULES_DIR } from "../core/rules-file.js";
import type { Finding, Verdict } from "../core/types.js";
import { isVerdict, strongest } from "../core/types.js";

export { RULES_DIR };

export interface EffectivePolicy {
  rules: Record<string, Verdict>;
  permissions: { allow: string[]; ask: string[]; deny: string[] };
  network: { trusted: string[]; allow?: string[] };
}

let defaults: EffectivePolicy | undefined;

export function defaultPolicy(): EffectivePolicy {
  if (defaults) return defaults;
  const raw = readRulesFile(RULES_DIR + "policy.yaml") as Record<string, any>;
  const rules: Record<string, Verdict> = {};
  for (const [id, v] of Object.entries(raw["rules"] ?? {})) {
    if (!isVerdict(v)) throw new Error(`rules/policy.yaml: rules.${id}: expected allow|ask|deny`);
    rules[id] = v;
  }
  defaults = {
    rules,
    permissions: { allow: [...(raw["permissions"]?.["allow"] ?? [])], ask: [...(raw["permissions"]?.["ask"] ?? [])], deny: [...(raw["permissions"]?.["deny"] ?? [])] },
    network: { trusted: raw["network"]?.["trusted"] ?? [] },
  };
  return defaults;
}

/** The verdict a rule id carries under a policy; unknown ids are `ask` (fail closed). */
export function verdictFor(policy: EffectivePolicy, rule: string): Verdict {
  return policy.rules[rule] ?? "ask";
}

export function combine(findings: Finding[]): Verdict {
  let v: Verdict = "allow";
  for (const f of findings) v = strongest(v, f.verdict);
  return v;
}
