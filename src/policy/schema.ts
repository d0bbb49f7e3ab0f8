// The schema every policy file (built-in, user, project, managed) is validated against.
// One schema is the source of truth: the TypeScript type below mirrors it.
/** The ajv options the schema is compiled with (here and in scripts/build-policy-validator.mjs). */
export const POLICY_AJV_OPTIONS = { allErrors: true, strict: false } as const;

export const POLICY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    version: { const: 1 },
    rules: {
      type: "object",
      additionalProperties: { enum: ["allow", "ask", "deny"] },
    },
    permissions: {
      type: "object",
      additionalProperties: false,
      properties: {
        allow: { type: "array", items: { type: "string", minLength: 1 } },
        ask: { type: "array", items: { type: "string", minLength: 1 } },
        deny: { type: "array", items: { type: "string", minLength: 1 } },
      },
    },
    network: {
      type: "object",
      additionalProperties: false,
      properties: {
        trusted: { type: "array", items: { type: "string", minLength: 1 } },
        allow: { type: "array", items: { type: "string", minLength: 1 } },
      },
    },
    audit: {
      type: "object",
      additionalProperties: false,
      properties: { enabled: { type: "boolean" }, path: { type: "string", minLength: 1 } },
    },
    hook: {
      type: "object",
      additionalProperties: false,
      properties: {
        budget_ms: { type: "number", exclusiveMinimum: 0, maximum: 60000 },
        on_error: { enum: ["ask", "deny"] },
      },
    },
    sandbox: { type: "object" },
  },
} as const;

export interface PolicyFile {
  version?: 1;
  rules?: Record<string, "allow" | "ask" | "deny">;
  permissions?: { allow?: string[]; ask?: string[]; deny?: string[] };
  network?: { trusted?: string[]; allow?: string[] };
  audit?: { enabled?: boolean; path?: string };
  hook?: { budget_ms?: number; on_error?: "ask" | "deny" };
  sandbox?: Record<string, unknown>;
}
