// The public library API of airlock.
export { loadSensitiveCatalog, checkSensitiveCatalog } from "./catalog/sensitive-files.js";
export type { SensitiveCatalog, CatalogMatch, SensitiveFileRule } from "./catalog/sensitive-files.js";
export { analyzeCommand, analyzeRaw, MAX_INPUT_BYTES } from "./shell/analyze.js";
export type { AnalyzeOptions } from "./shell/analyze.js";
export type { Verdict, Finding, Analysis, DetailedAnalysis, ResolvedCommand, RawAnalysis, Span } from "./core/types.js";
export { parserBackend } from "./shell/parse.js";
export { checkCommandRules } from "./shell/rule-examples.js";
export { loadSecretRules, findSecrets, previewSecret, redactSecrets, checkSecretRules, MAX_SECRET_SPAN } from "./catalog/secrets.js";
export type { SecretRule, SecretHit, SecretRuleSet, SecretPlaceholder } from "./catalog/secrets.js";
export { loadPolicy, findProjectPolicy } from "./policy/load.js";
export type { LoadedPolicy, LoadOptions } from "./policy/load.js";
export { applyPolicy } from "./policy/apply.js";
export { allowedByPermissions, permissionFindings } from "./policy/permissions.js";
export { defaultPolicy } from "./policy/policy.js";
export type { EffectivePolicy } from "./policy/policy.js";
export { judgeFileAccess } from "./shell/file-access.js";
