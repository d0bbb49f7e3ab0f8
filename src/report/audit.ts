// The audit log: one JSON line per hook decision, appended with a single write so that
// concurrent hooks never interleave lines (O_APPEND writes of one buffer are atomic for
// regular files on Linux and macOS at these sizes). Inline secrets are redacted first.
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { defaultSecretRulesFile, findSecrets, loadSecretRules, redactSecrets as redactWithRules } from "../catalog/secrets.js";
import { readRulesDigest, readRulesFile } from "../core/rules-file.js";

export interface AuditEntry {
  time: string;
  cwd: string;
  tool: string;
  verdict: string;
  rules: string[];
  subject: string;
}

/** Where the log goes: the policy's path, else $XDG_STATE_HOME/airlock/audit.jsonl. */
export function auditPath(env: Record<string, string | undefined>, home: string, configured?: string): string {
  if (configured) return configured.startsWith("~/") ? join(home, configured.slice(2)) : configured;
  return join(env["XDG_STATE_HOME"] || join(home, ".local", "state"), "airlock", "audit.jsonl");
}

/** A redacted preview: a short prefix, never the whole value. */
function mask(v: string): string {
  const keep = Math.min(4, Math.floor(v.length / 4));
  return `${v.slice(0, keep)}****[redacted]`;
}

// Well-known token shapes and secret-named assignments. (The full secret catalog, when
// present, is applied by the caller through `redactWith`.)
const PATTERNS: RegExp[] = [
  /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{16,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk-(?:proj-|ant-[a-z0-9]+-)?[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{30,}|hf_[A-Za-z0-9]{30,}|pypi-[A-Za-z0-9_-]{40,}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})\b/g,
];
const ASSIGN = /\b([A-Za-z_][A-Za-z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY)[A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;|&]+)/gi;
const URL_CREDS = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)([^@\s/]+)(@)/gi;
const HAS_URL_CREDS = /:\/\/[^:/\s@]+:[^@\s/]+@/;
const BEARER = /(\b(?:Bearer|token|Basic)\s+)([A-Za-z0-9._~+/=-]{12,})/g;

let keywordList: string[] | undefined;
/** The secret formats' keywords, from the rules file alone (no regex compiled): ~1 ms. */
function secretKeywords(): string[] {
  if (keywordList !== undefined) return keywordList;
  try {
    const file = defaultSecretRulesFile();
    const digest = readRulesDigest(file, "keywords");
    const all = Array.isArray(digest)
      ? digest.filter((k): k is string => typeof k === "string")
      : ((readRulesFile(file) as { rules?: { keywords?: unknown }[] }).rules ?? []).flatMap((r) => (Array.isArray(r.keywords) ? r.keywords.filter((k): k is string => typeof k === "string") : []));
    // "://" is in nearly every command that touches the network; a URL carries a credential
    // only with user:password@, which HAS_URL_CREDS below checks for instead
    keywordList = [...new Set(all)].filter((k) => k !== "://");
  } catch {
    keywordList = [];
  }
  return keywordList;
}

/**
 * `text` with inline secrets redacted: by the secret formats (rules/secrets.yaml) — loaded only
 * when one of their keywords occurs, so a plain command costs no rule compilation — then by a
 * few built-in shapes (secret-named assignments, credential URLs, bearer tokens) as a backstop.
 */
export function redactSecrets(text: string, extra?: (t: string) => string): string {
  let out = text;
  const lower = text.toLowerCase();
  if (HAS_URL_CREDS.test(text) || secretKeywords().some((k) => lower.includes(k))) {
    const rules = loadSecretRules();
    out = redactWithRules(out, findSecrets(out, rules));
  }
  for (const re of PATTERNS) out = out.replace(re, (m) => mask(m));
  out = out.replace(ASSIGN, (_m, k: string, v: string) => (v.startsWith("$") || v.startsWith("[REDACTED:") ? `${k}=${v}` : `${k}=${mask(v.replace(/^["']|["']$/g, ""))}`));
  out = out.replace(URL_CREDS, (m, a: string, p: string, b: string) => (p.startsWith("[REDACTED:") ? m : `${a}${mask(p)}${b}`));
  out = out.replace(BEARER, (_m, a: string, v: string) => (v.startsWith("$") || v.startsWith("[REDACTED:") ? `${a}${v}` : `${a}${mask(v)}`));
  return extra ? extra(out) : out;
}

export function appendAudit(file: string, entry: AuditEntry): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  appendFileSync(file, JSON.stringify(entry) + "\n", { mode: 0o600 });
}
