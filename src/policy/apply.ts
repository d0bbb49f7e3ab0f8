// Turns the analyzer's raw findings into a verdict under a policy: each rule id's verdict,
// plus the user's deny/ask permission patterns. An allow pattern never removes a finding.
import type { DetailedAnalysis, RawAnalysis } from "../core/types.js";
import { combine, verdictFor } from "./policy.js";
import type { EffectivePolicy } from "./policy.js";
import { permissionFindings } from "./permissions.js";

export function applyPolicy(raw: RawAnalysis, policy: EffectivePolicy): DetailedAnalysis {
  const findings = raw.findings.map((f) => ({ ...f, verdict: verdictFor(policy, f.rule) }));
  findings.push(...permissionFindings(raw.commands, policy));
  return { verdict: combine(findings), findings, commands: raw.commands };
}
