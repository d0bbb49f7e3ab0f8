// Turns the analyzer's raw findings into a verdict under a policy.
import type { DetailedAnalysis, RawAnalysis } from "../core/types.js";
import { combine, verdictFor } from "./policy.js";
import type { EffectivePolicy } from "./policy.js";

export function applyPolicy(raw: RawAnalysis, policy: EffectivePolicy): DetailedAnalysis {
  const findings = raw.findings.map((f) => ({ ...f, verdict: verdictFor(policy, f.rule) }));
  return { verdict: combine(findings), findings, commands: raw.commands };
}
