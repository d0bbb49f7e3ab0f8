// Layered policy: built-in defaults ← user ← project ← managed. A layer may tighten any rule;
// only the managed layer may relax what is deny by default, and nothing below managed may
// loosen a rule the managed layer set. Pure apart from reading the files; the environment is
// passed in (nothing below cli/ reads process.env).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import type { Verdict } from "../core/types.js";
import { UserError, verdictRank } from "../core/types.js";
import { parseYamlText } from "../core/rules-file.js";
import { defaultPolicy } from "./policy.js";
import type { EffectivePolicy } from "./policy.js";
import { POLICY_AJV_OPTIONS, POLICY_SCHEMA } from "./schema.js";
import type { PolicyFile } from "./schema.js";

const require = createRequire(import.meta.url);

export type Layer = "default" | "user" | "project" | "managed";

export interface LoadedPolicy extends EffectivePolicy {
  audit: { enabled: boolean; path?: string };
  hook: { budget_ms: number; on_error: "ask" | "deny" };
  sandbox: Record<string, unknown>;
  /** where each setting came from: "rules.P3" → "managed (/etc/airlock/policy.yaml)" */
  origins: Record<string, string>;
  files: { layer: Layer; path: string }[];
}

export interface LoadOptions {
  cwd: string;
  home: string;
  env: Record<string, string | undefined>;
}

let validator: ((d: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params: Record<string, unknown> }[] | null };

/** The validator generated at build time (scripts/build-policy-validator.mjs), else compiled here. */
function loadValidator(): typeof validator {
  try {
    // relative to dist/policy/ (and to dist/cli/ for the bundled hook: the same depth)
    return require("../policy/policy-validator.cjs") as typeof validator;
  } catch {
    const Ajv = require("ajv").default as new (o: object) => { compile(s: object): typeof validator };
    return new Ajv(POLICY_AJV_OPTIONS).compile(POLICY_SCHEMA);
  }
}

function validate(doc: unknown, file: string): PolicyFile {
  if (doc === null || doc === undefined) return {};
  if (!validator) validator = loadValidator();
  if (!validator(doc)) {
    const e = validator.errors![0]!;
    const field = e.instancePath.replace(/^\//, "").replace(/\//g, ".") || "(top level)";
    const extra = e.params["additionalProperty"] ? ` "${String(e.params["additionalProperty"])}"` : "";
    const allowed = e.params["allowedValues"] ? ` (${(e.params["allowedValues"] as string[]).join(", ")})` : "";
    throw new UserError(`${file}: ${field}: ${e.message}${extra}${allowed}`);
  }
  return doc as PolicyFile;
}

function readLayer(file: string, layer: Layer, o: LoadOptions): PolicyFile | undefined {
  if (!existsSync(file)) return undefined;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UserError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return validate(parseCached(text, file, layer, o), file);
}

/**
 * YAML parsed once per content: the user's and project's policies are cached as JSON under
 * $XDG_CACHE_HOME/airlock/policy/<sha256 of the text>.json (loading the YAML parser costs a hook
 * ~50 ms). Never the managed policy: a cache the user can write must not stand in for a file
 * only root can. The cached document is validated like a parsed one.
 */
function parseCached(text: string, file: string, layer: Layer, o: LoadOptions): unknown {
  if (layer === "managed") return parseYamlText(text, file);
  const dir = join(o.env["XDG_CACHE_HOME"] || join(o.home, ".cache"), "airlock", "policy");
  // node:crypto is required here, not imported: loading it costs every hook process ~2 ms
  const { createHash } = require("node:crypto") as typeof import("node:crypto");
  const key = join(dir, `${createHash("sha256").update(text).digest("hex")}.json`);
  try {
    return JSON.parse(readFileSync(key, "utf8")) as unknown;
  } catch {
    // not cached yet (or unreadable): parse, then cache best-effort
  }
  const doc = parseYamlText(text, file);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${key}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(doc ?? null), { mode: 0o600 });
    renameSync(tmp, key);
  } catch {
    // a read-only home: no cache, same result
  }
  return doc;
}

/** The project layer: `.airlock/policy.yaml` in cwd or a parent, up to the repository root. */
export function findProjectPolicy(cwd: string): string | undefined {
  let dir = cwd;
  for (;;) {
    const f = join(dir, ".airlock", "policy.yaml");
    if (existsSync(f)) return f;
    if (existsSync(join(dir, ".git"))) return undefined; // the repository root: stop
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function policyFiles(o: LoadOptions): { layer: Layer; path: string }[] {
  const out: { layer: Layer; path: string }[] = [];
  const xdg = o.env["XDG_CONFIG_HOME"] || join(o.home, ".config");
  out.push({ layer: "user", path: join(xdg, "airlock", "policy.yaml") });
  const project = findProjectPolicy(o.cwd);
  if (project) out.push({ layer: "project", path: project });
  out.push({ layer: "managed", path: o.env["AIRLOCK_MANAGED_POLICY"] || "/etc/airlock/policy.yaml" });
  return out;
}

export function loadPolicy(o: LoadOptions): LoadedPolicy {
  const base = defaultPolicy();
  const defaults = base.rules;
  const p: LoadedPolicy = {
    rules: { ...base.rules },
    permissions: { allow: [...base.permissions.allow], ask: [...base.permissions.ask], deny: [...base.permissions.deny] },
    network: { trusted: [...base.network.trusted], allow: [] },
    audit: { enabled: true },
    hook: { budget_ms: 1000, on_error: "ask" },
    sandbox: {},
    origins: {},
    files: [],
  };
  for (const k of Object.keys(p.rules)) p.origins[`rules.${k}`] = "default";
  const managedRules = new Set<string>();
  // Managed last, so it can override; but read it first to know what it locks.
  const files = policyFiles(o).filter((f) => existsSync(f.path));
  const layers = files.map((f) => ({ ...f, doc: readLayer(f.path, f.layer, o)! }));
  for (const l of layers) {
    p.files.push({ layer: l.layer, path: l.path });
    const where = `${l.layer} (${l.path})`;
    for (const [id, v] of Object.entries(l.doc.rules ?? {})) {
      const current = p.rules[id] ?? "ask";
      const loosens = verdictRank(v) < verdictRank(current);
      if (l.layer !== "managed") {
        if (managedRules.has(id) && loosens) continue;
        if (loosens && defaults[id] === "deny") continue; // only the managed layer relaxes a deny
      } else managedRules.add(id);
      p.rules[id] = v as Verdict;
      p.origins[`rules.${id}`] = where;
    }
    for (const kind of ["allow", "ask", "deny"] as const) {
      for (const pat of l.doc.permissions?.[kind] ?? []) {
        // allow patterns from below managed never cover what managed denies (checked at match time)
        p.permissions[kind].push(pat);
        p.origins[`permissions.${kind}.${pat}`] = where;
      }
    }
    for (const h of l.doc.network?.trusted ?? []) {
      p.network.trusted.push(h);
      p.origins[`network.trusted.${h}`] = where;
    }
    for (const h of l.doc.network?.allow ?? []) {
      (p.network as { allow: string[] }).allow.push(h);
      p.origins[`network.allow.${h}`] = where;
    }
    if (l.doc.audit) {
      if (l.doc.audit.enabled !== undefined && !(p.origins["audit.enabled"]?.startsWith("managed") && l.layer !== "managed")) {
        p.audit.enabled = l.doc.audit.enabled;
        p.origins["audit.enabled"] = where;
      }
      if (l.doc.audit.path) {
        p.audit.path = l.doc.audit.path;
        p.origins["audit.path"] = where;
      }
    }
    if (l.doc.hook?.budget_ms !== undefined) {
      p.hook.budget_ms = l.doc.hook.budget_ms;
      p.origins["hook.budget_ms"] = where;
    }
    if (l.doc.hook?.on_error) {
      // on_error may only get stricter below managed
      if (l.layer === "managed" || l.doc.hook.on_error === "deny") {
        p.hook.on_error = l.doc.hook.on_error;
        p.origins["hook.on_error"] = where;
      }
    }
    if (l.doc.sandbox) {
      p.sandbox = { ...p.sandbox, ...l.doc.sandbox };
      p.origins["sandbox"] = where;
    }
  }
  return p;
}
