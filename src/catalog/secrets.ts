// Inline secret formats (rules/secrets.yaml) and the pure detection engine: text in, hits out.
// Load YAML → validate (a bad file names the file, the rule id and the field) → compile once.
//
// Chunking: findSecrets works on any string. Offsets, lines and columns are relative to the
// string it is given, so a caller scanning a large file in chunks adds its own offset and line.
// The longest match any shipped rule can produce is bounded by MAX_SECRET_SPAN (PEM / PGP
// blocks); a chunked scanner that overlaps chunks by at least that much never misses a secret.

import { fileURLToPath } from "node:url";
import { parseYamlText, readRulesFile } from "../core/rules-file.js";
import { UserError } from "../core/types.js";
import { shannonEntropy } from "./entropy.js";
import { regexReach } from "./regex-reach.js";

export interface SecretRule {
  id: string;
  description: string;
  /** JavaScript RegExp source. */
  regex: string;
  /** RegExp flags from the file (a subset of "imsu"); the engine adds "g" and "d" itself. */
  flags: string;
  /** Number or name of the capture group holding the secret; only that part is redacted. */
  secret_group: number | string;
  /** Lowercase literal substrings; the rule is only tried on text containing one of them. */
  keywords: string[];
  /** Minimum Shannon entropy (bits/char) of the secret group. */
  entropy?: number;
  examples: string[];
  negative_examples: string[];
}

/** A value shape that is never a secret (documentation placeholders, references, masks). Tested on the secret group. */
export interface SecretPlaceholder {
  id: string;
  description: string;
  regex: string;
  flags: string;
  /** Rule ids (or id prefixes ending in ".") the placeholder is limited to; empty = every rule. */
  only: string[];
  /** Rule ids (or id prefixes ending in ".") the placeholder does not apply to. */
  except: string[];
  /** Secret values the placeholder must match. */
  examples: string[];
  /** Secret values it must not match. */
  negative_examples: string[];
}

export interface SecretHit {
  rule: string;
  description: string;
  /** offsets of the secret (the secret group) in the scanned text, UTF-16 */
  start: number;
  end: number;
  /** 1-based line and column of `start` */
  line: number;
  column: number;
  /** number of lines the secret spans (PEM blocks span many) */
  lines: number;
  /** the secret itself — for redaction only; NEVER print it */
  secret: string;
}

export interface SecretRuleSet {
  readonly rules: readonly SecretRule[];
  /** When absent, the shipped placeholders apply. */
  readonly placeholders?: readonly SecretPlaceholder[];
}

/**
 * The longest secret (in UTF-16 code units) a shipped rule can match: PEM / PGP / PuTTY key
 * blocks are bounded at 32 KiB by their regexes; every other rule is far shorter. A chunked
 * scanner should overlap its chunks by at least this much.
 */
export const MAX_SECRET_SPAN = 32 * 1024;

const ID_PATTERN = /^secret\.[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PLACEHOLDER_ID = /^placeholder\.[a-z0-9]+(?:-[a-z0-9]+)*$/;
const RULE_FIELDS = new Set(["id", "description", "regex", "flags", "secret_group", "keywords", "entropy", "examples", "negative_examples"]);
const PLACEHOLDER_FIELDS = new Set(["id", "description", "regex", "flags", "only", "except", "examples", "negative_examples"]);
const TOP_FIELDS = new Set(["version", "placeholders", "rules"]);
const ALLOWED_FLAGS = /^[imsu]*$/;
/** Vendors whose rules are heuristics; any other rule covering the same text wins over them. */
const GENERIC_VENDORS = new Set(["generic"]);

// ---------------------------------------------------------------------------------------------
// Loading and validation

class RuleSet implements SecretRuleSet {
  readonly rules: readonly SecretRule[];
  readonly placeholders: readonly SecretPlaceholder[];
  constructor(rules: SecretRule[], placeholders: SecretPlaceholder[]) {
    this.rules = Object.freeze(rules.map((r) => Object.freeze({ ...r, keywords: Object.freeze([...r.keywords]) as string[] })));
    this.placeholders = Object.freeze(placeholders.map((p) => Object.freeze({ ...p })));
  }
}

let defaultRules: SecretRuleSet | undefined;

/** The secret formats shipped with airlock. */
export function defaultSecretRulesFile(): string {
  return fileURLToPath(new URL("../../rules/secrets.yaml", import.meta.url));
}

/** Loads, validates and compiles a rules file (default: the shipped rules/secrets.yaml, cached). A bad file throws UserError naming the file, the rule id and the field. */
export function loadSecretRules(file?: string): SecretRuleSet {
  if (file === undefined && defaultRules !== undefined) return defaultRules;
  const path = file ?? defaultSecretRulesFile();
  // The shipped rules' groups are checked at build time (`airlock rules check` runs in the test
  // suite); checking them again costs ~50 ms per process, which the hook's audit log pays.
  loadingShipped = file === undefined;
  let set: SecretRuleSet;
  try {
    set = secretRulesFromDocument(readRulesFile(path), path);
  } finally {
    loadingShipped = false;
  }
  if (file === undefined) defaultRules = set;
  return set;
}

let loadingShipped = false;

/** Parses and validates rules YAML text; `source` names it in messages. */
export function parseSecretRules(text: string, source: string): SecretRuleSet {
  return secretRulesFromDocument(parseYamlText(text, source), source);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Validates and compiles an already parsed rules document. */
export function secretRulesFromDocument(doc: unknown, source: string): SecretRuleSet {
  if (!isRecord(doc)) throw new UserError(`${source}: expected a mapping with a "rules" list at the top level`);
  for (const key of Object.keys(doc)) {
    if (!TOP_FIELDS.has(key)) throw new UserError(`${source}: unknown top-level field "${key}" (expected: ${[...TOP_FIELDS].join(", ")})`);
  }
  if (doc.version !== undefined && doc.version !== 1) {
    throw new UserError(`${source}: field "version": expected 1, got ${JSON.stringify(doc.version)}`);
  }
  if (!Array.isArray(doc.rules)) throw new UserError(`${source}: field "rules": expected a list of rules`);
  const placeholdersRaw = doc.placeholders ?? [];
  if (!Array.isArray(placeholdersRaw)) throw new UserError(`${source}: field "placeholders": expected a list`);
  const seen = new Set<string>();
  const rules = doc.rules.map((raw: unknown, i: number) => {
    const rule = validateRule(raw, i, source);
    if (seen.has(rule.id)) throw new UserError(`${source}: rule ${rule.id}: field "id": duplicate id`);
    seen.add(rule.id);
    return rule;
  });
  const placeholders = placeholdersRaw.map((raw: unknown, i: number) => validatePlaceholder(raw, i, source));
  const set = new RuleSet(rules, placeholders);
  compile(set, source); // regexes compiled (and their problems reported) once, at load
  return set;
}

function validateRule(raw: unknown, i: number, source: string): SecretRule {
  const anonymous = `${source}: rule #${i + 1}`;
  if (!isRecord(raw)) throw new UserError(`${anonymous}: expected a mapping with id, description, regex, secret_group, keywords`);
  const id = raw.id;
  if (typeof id !== "string" || !ID_PATTERN.test(id)) {
    throw new UserError(`${anonymous}: field "id": expected "secret.<vendor>.<name>" in kebab-case, got ${JSON.stringify(id)}`);
  }
  const where = `${source}: rule ${id}`;
  for (const key of Object.keys(raw)) {
    if (!RULE_FIELDS.has(key)) throw new UserError(`${where}: unknown field "${key}" (expected: ${[...RULE_FIELDS].join(", ")})`);
  }
  const description = nonEmptyString(raw.description, `${where}: field "description"`);
  const regex = nonEmptyString(raw.regex, `${where}: field "regex"`);
  const flags = flagString(raw.flags, `${where}: field "flags"`);
  const group = raw.secret_group;
  let secret_group: number | string;
  if (typeof group === "number" && Number.isInteger(group) && group >= 0) secret_group = group;
  else if (typeof group === "string" && /^[A-Za-z_$][\w$]*$/.test(group)) secret_group = group;
  else throw new UserError(`${where}: field "secret_group": expected a capture group number or name, got ${JSON.stringify(group)}`);
  if (!Array.isArray(raw.keywords) || raw.keywords.length === 0) {
    throw new UserError(`${where}: field "keywords": expected a non-empty list of lowercase strings`);
  }
  const keywords = raw.keywords.map((k: unknown, j: number) => {
    if (typeof k !== "string" || k.length === 0 || k !== k.toLowerCase()) {
      throw new UserError(`${where}: field "keywords"[${j}]: expected a non-empty lowercase string, got ${JSON.stringify(k)}`);
    }
    return k;
  });
  let entropy: number | undefined;
  if (raw.entropy !== undefined && raw.entropy !== null) {
    if (typeof raw.entropy !== "number" || !(raw.entropy >= 0 && raw.entropy <= 16)) {
      throw new UserError(`${where}: field "entropy": expected a number of bits per character between 0 and 16, got ${JSON.stringify(raw.entropy)}`);
    }
    entropy = raw.entropy;
  }
  const rule: SecretRule = {
    id,
    description,
    regex,
    flags,
    secret_group,
    keywords,
    examples: stringList(raw.examples, `${where}: field "examples"`),
    negative_examples: stringList(raw.negative_examples, `${where}: field "negative_examples"`),
  };
  if (entropy !== undefined) rule.entropy = entropy;
  return rule;
}

function validatePlaceholder(raw: unknown, i: number, source: string): SecretPlaceholder {
  const anonymous = `${source}: placeholder #${i + 1}`;
  if (!isRecord(raw)) throw new UserError(`${anonymous}: expected a mapping with id, description, regex`);
  const id = raw.id;
  if (typeof id !== "string" || !PLACEHOLDER_ID.test(id)) {
    throw new UserError(`${anonymous}: field "id": expected "placeholder.<name>" in kebab-case, got ${JSON.stringify(id)}`);
  }
  const where = `${source}: placeholder ${id}`;
  for (const key of Object.keys(raw)) {
    if (!PLACEHOLDER_FIELDS.has(key)) throw new UserError(`${where}: unknown field "${key}" (expected: ${[...PLACEHOLDER_FIELDS].join(", ")})`);
  }
  const p: SecretPlaceholder = {
    id,
    description: nonEmptyString(raw.description, `${where}: field "description"`),
    regex: nonEmptyString(raw.regex, `${where}: field "regex"`),
    flags: flagString(raw.flags, `${where}: field "flags"`),
    only: stringList(raw.only, `${where}: field "only"`),
    except: stringList(raw.except, `${where}: field "except"`),
    examples: stringList(raw.examples, `${where}: field "examples"`),
    negative_examples: stringList(raw.negative_examples, `${where}: field "negative_examples"`),
  };
  try {
    new RegExp(p.regex, p.flags);
  } catch (err) {
    throw new UserError(`${where}: field "regex": does not compile: ${(err as Error).message}`);
  }
  return p;
}

function nonEmptyString(v: unknown, where: string): string {
  if (typeof v !== "string" || v.trim().length === 0) throw new UserError(`${where}: expected a non-empty string`);
  return v.trim() === v ? v : v.trim();
}

function flagString(v: unknown, where: string): string {
  if (v === undefined || v === null) return "";
  if (typeof v !== "string" || !ALLOWED_FLAGS.test(v)) {
    throw new UserError(`${where}: expected a subset of "imsu" (the engine adds "g" and "d"), got ${JSON.stringify(v)}`);
  }
  return [...new Set(v)].join("");
}

function stringList(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new UserError(`${where}: expected a list of strings`);
  return value.map((v: unknown, j: number) => {
    if (typeof v !== "string" || v.length === 0) throw new UserError(`${where}[${j}]: expected a non-empty string`);
    return v;
  });
}

// ---------------------------------------------------------------------------------------------
// Compilation (once per rule set)

interface CompiledRule {
  rule: SecretRule;
  order: number;
  re: RegExp;
  /** Group number, or name; 0 = the whole match (no indices needed). */
  group: number | string;
  /** How far a match can reach from its start (regexReach); Infinity = run over the whole text. Computed on first use (-1 before). */
  reach: number;
  /** Indexes of the rule's keywords in the scanner. */
  keywordIndexes: number[];
  longestKeyword: number;
  generic: boolean;
  placeholders: RegExp[];
}

interface Compiled {
  rules: CompiledRule[];
  prefilter: KeywordScanner;
}

interface CompiledPlaceholder {
  p: SecretPlaceholder;
  re: RegExp;
}

const compiledCache = new WeakMap<SecretRuleSet, Compiled>();

/** Number of capture groups and the group names of a regex source. */
function groupsOf(re: RegExp): { count: number; names: string[] } {
  const m = new RegExp(`${re.source}|`, re.flags.replace(/[gyd]/g, "")).exec("");
  return { count: m ? m.length - 1 : 0, names: Object.keys(m?.groups ?? {}) };
}

function compileRule(rule: SecretRule, where: string): { re: RegExp; group: number | string } {
  let re: RegExp;
  const group = rule.secret_group;
  const flags = rule.flags + "g" + (group === 0 ? "" : "d");
  try {
    re = new RegExp(rule.regex, flags);
  } catch (err) {
    throw new UserError(`${where}: rule ${rule.id}: field "regex": does not compile: ${(err as Error).message}`);
  }
  if (loadingShipped) return { re, group };
  const { count, names } = groupsOf(re);
  if (typeof group === "number" ? group > count : !names.includes(group)) {
    throw new UserError(`${where}: rule ${rule.id}: field "secret_group": the regex has no group ${JSON.stringify(group)} (it has ${count} group(s)${names.length ? `: ${names.join(", ")}` : ""})`);
  }
  return { re, group };
}

function placeholdersOf(set: SecretRuleSet): readonly SecretPlaceholder[] {
  if (set.placeholders !== undefined) return set.placeholders;
  const shipped = loadSecretRules();
  return shipped === set ? [] : (shipped.placeholders ?? []);
}

/** `pattern` is a rule id, or an id prefix ending in ".". */
function idMatches(id: string, pattern: string): boolean {
  return pattern.endsWith(".") ? id.startsWith(pattern) : id === pattern;
}

function compile(set: SecretRuleSet, where = "secret rules"): Compiled {
  const cached = compiledCache.get(set);
  if (cached !== undefined) return cached;
  const placeholders: CompiledPlaceholder[] = placeholdersOf(set).map((p) => {
    try {
      return { p, re: new RegExp(p.regex, p.flags.replace(/[gy]/g, "")) };
    } catch (err) {
      throw new UserError(`${where}: placeholder ${p.id}: field "regex": does not compile: ${(err as Error).message}`);
    }
  });
  const keywordIndex = new Map<string, number>();
  const rules = set.rules.map((rule, order): CompiledRule => {
    const { re, group } = compileRule(rule, where);
    const keywords = [...new Set(rule.keywords.map((k) => k.toLowerCase()))];
    for (const k of keywords) if (!keywordIndex.has(k)) keywordIndex.set(k, keywordIndex.size);
    return {
      rule,
      order,
      re,
      group,
      reach: -1,
      keywordIndexes: keywords.map((k) => keywordIndex.get(k)!),
      longestKeyword: Math.max(0, ...keywords.map((k) => k.length)),
      generic: GENERIC_VENDORS.has(rule.id.split(".")[1] ?? ""),
      placeholders: placeholders
        .filter(({ p }) => (p.only ?? []).length === 0 || p.only.some((e) => idMatches(rule.id, e)))
        .filter(({ p }) => !(p.except ?? []).some((e) => idMatches(rule.id, e)))
        .map(({ re }) => re),
    };
  });
  const compiled: Compiled = { rules, prefilter: new KeywordScanner([...keywordIndex.keys()]) };
  compiledCache.set(set, compiled);
  return compiled;
}

// ---------------------------------------------------------------------------------------------
// Keyword prefilter
//
// One pass over the text finds every occurrence of every keyword, case-insensitively: a rolling
// trigram of lowercased bytes is looked up in a bitmap of the trigrams keywords start with (2 MiB,
// one byte per trigram: one load per position), and a table indexed by the first two characters
// points at the keywords to compare there. No lowercased copy
// of the text is made. Keywords shorter than three characters defeat the index (and make every
// chunk scan whole-text for their rules); `rules check` reports them. (String#includes per
// keyword costs a pass per keyword; one alternation regex of all keywords is slower still.)
//
// A rule then runs only in windows around its keywords' occurrences, each reaching as far as
// the rule's regex can (regexReach), instead of over the whole text: with ~280 rules, most of
// which find a keyword somewhere in a large chunk, whole-text runs would cost a pass per rule.

const LOWER = new Uint8Array(128).map((_, c) => (c >= 65 && c <= 90 ? c + 32 : c));
/** Occurrences of one keyword beyond which its rules scan the whole text rather than windows. */
const DENSE = 1024;
/** Extra context on each side of a window, so lookbehinds and anchors see real text. */
const MARGIN = 64;

interface KeywordScan {
  /** present[k] === 1 when keyword k occurs; 2 when it occurs too often (or was not indexed) to list where. */
  present: Uint8Array;
  /** Start offsets of keyword k's occurrences when present[k] === 1. */
  positions: (number[] | undefined)[];
}

class KeywordScanner {
  readonly keywords: string[];
  /** Bigram (lower(a) << 7 | lower(b)) → 1 + index into `buckets`, 0 = no keyword starts so. */
  private readonly table = new Uint16Array(128 * 128);
  /** Trigram (lower(a) << 14 | lower(b) << 7 | lower(c)) → 1 when some keyword starts so. */
  private readonly trigrams = new Uint8Array(1 << 21);
  private readonly buckets: number[][] = [];
  /** Keywords that cannot go in the table (shorter than 3, or not ASCII): checked with includes. */
  private readonly others: number[] = [];

  constructor(keywords: string[]) {
    this.keywords = keywords;
    keywords.forEach((k, i) => {
      const a = k.charCodeAt(0);
      const b = k.charCodeAt(1);
      const c = k.charCodeAt(2);
      if (k.length < 3 || a >= NOT_ASCII || b >= NOT_ASCII || c >= NOT_ASCII || LOWER[a] !== a || LOWER[b] !== b || LOWER[c] !== c) {
        this.others.push(i);
        return;
      }
      const key = (a << 7) | b;
      let slot = this.table[key]!;
      if (slot === 0) {
        this.buckets.push([]);
        slot = this.buckets.length;
        this.table[key] = slot;
      }
      this.buckets[slot - 1]!.push(i);
      this.trigrams[(key << 7) | c] = 1;
    });
  }

  /**
   * `bytes`: the text as one byte per UTF-16 unit (latin1), when the caller has it already (the
   * scrubber reads files as bytes). Walking a typed array is about twice as fast as charCodeAt.
   * A unit above 255 wraps to its low byte there: that can only add a candidate position, which
   * matchesAt and the rule's regex then reject — it never hides an ASCII keyword.
   */
  scan(text: string, bytes: Uint8Array = Buffer.from(text, "latin1")): KeywordScan {
    const count = this.keywords.length;
    const present = new Uint8Array(count);
    const positions: (number[] | undefined)[] = new Array<number[] | undefined>(count);
    const keywords = this.keywords;
    const buckets = this.buckets;
    const table = this.table;
    const trigrams = this.trigrams;
    const n = Math.min(text.length, bytes.length);
    // A rolling trigram of lowercased bytes, 7 bits each; a byte that is not ASCII reads as
    // NOT_ASCII (DEL), which no indexed keyword contains, so its trigrams are never set.
    let h = n > 1 ? (LOWER7[bytes[0]!]! << 7) | LOWER7[bytes[1]!]! : 0;
    for (let i = 0; i + 2 < n; i++) {
      h = ((h << 7) | LOWER7[bytes[i + 2]!]!) & 0x1fffff;
      if (trigrams[h] === 0) continue;
      for (const k of buckets[table[h >> 7]! - 1]!) {
        if (present[k] === 2 || !matchesAt(text, i, keywords[k]!)) continue;
        const list = positions[k];
        if (list === undefined) {
          present[k] = 1;
          positions[k] = [i];
        } else if (list.length < DENSE) list.push(i);
        else {
          present[k] = 2; // nothing more to learn about it in this text
          positions[k] = undefined;
        }
      }
    }
    if (this.others.length > 0) {
      const lower = text.toLowerCase();
      for (const k of this.others) if (lower.includes(keywords[k]!)) present[k] = 2;
    }
    return { present, positions };
  }
}

/** What a byte that is not ASCII reads as in the trigram index (DEL: in no keyword). */
const NOT_ASCII = 127;
/** Byte → its ASCII lowercase, or NOT_ASCII. */
const LOWER7 = new Uint8Array(256).map((_, c) => (c < NOT_ASCII ? LOWER[c]! : NOT_ASCII));


/** Does `keyword` (lowercase, ASCII-led) occur at `i` in `text`, ignoring ASCII case? Its first two
 *  characters are known to be there (the bigram table); the third is checked: a bucket holds
 *  every keyword with that bigram. */
function matchesAt(text: string, i: number, keyword: string): boolean {
  if (i + keyword.length > text.length) return false;
  for (let j = 2; j < keyword.length; j++) {
    let c = text.charCodeAt(i + j);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== keyword.charCodeAt(j)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Detection

interface Candidate {
  c: CompiledRule;
  start: number;
  end: number;
}

/** Is `secret` a placeholder for this rule? */
function isPlaceholder(c: CompiledRule, secret: string): boolean {
  for (const re of c.placeholders) if (re.test(secret)) return true;
  return false;
}

/**
 * Runs a rule over text[from, to). Inside a window (not the whole text), a match that starts
 * within MARGIN of a cut or ends within MARGIN of one is not trusted (an anchor or lookaround
 * saw the cut instead of the real text); the window of the keyword it contains holds it whole.
 */
function scanRule(c: CompiledRule, text: string, from: number, to: number, out: Candidate[]): void {
  const re = c.re;
  const sub = from === 0 && to === text.length ? text : text.slice(from, to);
  const headCut = from > 0 ? MARGIN : 0;
  const tailCut = to < text.length ? sub.length - MARGIN : sub.length;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sub)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (m.index < headCut || m.index + m[0].length > tailCut) {
      if (m.index + m[0].length > tailCut && m.index >= headCut) break;
      re.lastIndex = m.index + 1;
      continue;
    }
    let start: number;
    let end: number;
    if (c.group === 0) {
      start = m.index;
      end = start + m[0].length;
    } else {
      const span = typeof c.group === "number" ? m.indices?.[c.group] : m.indices?.groups?.[c.group];
      if (span === undefined) continue; // the group did not take part in this match
      [start, end] = span;
    }
    if (end <= start) continue;
    start += from;
    end += from;
    const secret = text.slice(start, end);
    if (c.rule.entropy !== undefined && shannonEntropy(secret) < c.rule.entropy) continue;
    if (isPlaceholder(c, secret)) continue;
    out.push({ c, start, end });
  }
}

/** Runs a rule where its keywords occur: in merged windows around them, or over the whole text. */
function runRule(c: CompiledRule, text: string, scan: KeywordScan, out: Candidate[]): void {
  const n = text.length;
  let any = false;
  for (const k of c.keywordIndexes) if (scan.present[k] !== 0) any = true;
  if (!any) return;
  if (c.reach < 0) c.reach = regexReach(c.rule.regex, c.rule.flags);
  let whole = !Number.isFinite(c.reach);
  const starts: number[] = [];
  for (const k of c.keywordIndexes) {
    const seen = scan.present[k];
    if (seen === 0) continue;
    if (seen === 2) whole = true;
    else if (!whole) for (const p of scan.positions[k]!) starts.push(p);
  }
  if (whole) {
    scanRule(c, text, 0, n, out);
    return;
  }
  starts.sort((a, b) => a - b);
  const reach = c.reach + MARGIN;
  const windows: number[] = [];
  let covered = 0;
  for (const p of starts) {
    const from = Math.max(0, p - reach);
    const to = Math.min(n, p + c.longestKeyword + reach);
    const last = windows.length - 1;
    if (last > 0 && from <= windows[last]!) {
      covered += to - windows[last]!;
      windows[last] = to;
    } else {
      windows.push(from, to);
      covered += to - from;
    }
  }
  if (covered * 2 > n) {
    scanRule(c, text, 0, n, out);
    return;
  }
  for (let w = 0; w < windows.length; w += 2) scanRule(c, text, windows[w]!, windows[w + 1]!, out);
}

/**
 * Every secret in `text`, sorted by start. Overlapping hits are resolved: a vendor rule wins
 * over a generic one, then the longer span, then the rule listed first. Offsets, lines and
 * columns are relative to `text` (see MAX_SECRET_SPAN for chunked callers). `bytes`, when the
 * caller has it, is `text` as latin1 bytes (saves a copy; see KeywordScanner.scan).
 */
export function findSecrets(text: string, rules?: SecretRuleSet, bytes?: Uint8Array): SecretHit[] {
  const compiled = compile(rules ?? loadSecretRules());
  if (text.length === 0) return [];
  const scan = compiled.prefilter.scan(text, bytes);
  const candidates: Candidate[] = [];
  for (const c of compiled.rules) runRule(c, text, scan, candidates);
  if (candidates.length === 0) return [];
  return toHits(text, resolveOverlaps(candidates));
}

function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  candidates.sort(
    (a, b) =>
      Number(a.c.generic) - Number(b.c.generic) ||
      b.end - b.start - (a.end - a.start) ||
      a.c.order - b.c.order ||
      a.start - b.start,
  );
  // Accepted spans, kept sorted by start and disjoint.
  const kept: Candidate[] = [];
  for (const cand of candidates) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid]!.start < cand.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = kept[lo - 1];
    const next = kept[lo];
    if (prev !== undefined && prev.end > cand.start) continue;
    if (next !== undefined && next.start < cand.end) continue;
    kept.splice(lo, 0, cand);
  }
  return kept;
}

function toHits(text: string, kept: Candidate[]): SecretHit[] {
  const hits: SecretHit[] = [];
  let line = 1;
  let lineStart = 0;
  let pos = 0;
  for (const { c, start, end } of kept) {
    for (let nl = text.indexOf("\n", pos); nl !== -1 && nl < start; nl = text.indexOf("\n", nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    pos = start;
    const secret = text.slice(start, end);
    let lines = 1;
    for (let nl = secret.indexOf("\n"); nl !== -1; nl = secret.indexOf("\n", nl + 1)) lines++;
    hits.push({ rule: c.rule.id, description: c.rule.description, start, end, line, column: start - lineStart + 1, lines, secret });
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------
// Output helpers

/**
 * A safe preview: at most 4 leading and 2 trailing characters, never more than a third of
 * the secret, never the whole of it ("ghp_****…a1").
 */
export function previewSecret(secret: string): string {
  const flat = secret.replace(/[\r\n\t]+/g, " ");
  const budget = Math.floor(flat.length / 3);
  const lead = Math.min(4, Math.ceil((budget * 2) / 3));
  const trail = Math.min(2, budget - lead);
  return `${flat.slice(0, lead)}****…${trail > 0 ? flat.slice(flat.length - trail) : ""}`;
}

/** The marker that replaces a secret in redacted text. */
export function redactionMarker(rule: string): string {
  return `[REDACTED:${rule}]`;
}

/**
 * `text` with each hit's secret replaced by a marker naming its rule. Line structure is
 * kept: a multi-line secret becomes the marker followed by the same line breaks. Hits must
 * come from findSecrets on this same text (a hit whose secret is not at its offsets throws).
 */
export function redactSecrets(text: string, hits: SecretHit[]): string {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = "";
  let pos = 0;
  for (const h of sorted) {
    if (h.start < pos) {
      if (h.end <= pos) continue; // inside a span already redacted
      throw new Error(`redactSecrets: overlapping hits at offset ${h.start} (${h.rule})`);
    }
    if (h.end > text.length || text.slice(h.start, h.end) !== h.secret) {
      throw new Error(`redactSecrets: hit ${h.rule} at offset ${h.start} does not match the text`);
    }
    const breaks = h.secret.match(/\r\n|\n|\r/g);
    out += text.slice(pos, h.start) + redactionMarker(h.rule) + (breaks ? breaks.join("") : "");
    pos = h.end;
  }
  return out + text.slice(pos);
}

// ---------------------------------------------------------------------------------------------
// `airlock rules check`

/** Problems in a rule set: duplicate ids, regexes that don't compile, missing secret groups, examples that don't fire through the whole engine, negatives that do, placeholders that don't match their examples. Empty = fine. */
export function checkSecretRules(rules: SecretRuleSet): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  let fatal = false; // the engine cannot run a set whose regexes do not compile
  for (const rule of rules.rules) {
    if (seen.has(rule.id)) problems.push(`${rule.id}: duplicate id`);
    seen.add(rule.id);
    if (!ID_PATTERN.test(rule.id)) problems.push(`${rule.id}: id is not "secret.<vendor>.<name>" in kebab-case`);
    try {
      compileRule(rule, "rules");
    } catch (err) {
      fatal = true;
      problems.push(`${rule.id}: ${(err as Error).message.replace(/^rules: rule \S+: /, "")}`);
    }
    if (rule.keywords.length === 0) problems.push(`${rule.id}: has no keywords`);
    for (const k of rule.keywords) {
      if (k !== k.toLowerCase()) problems.push(`${rule.id}: keyword ${JSON.stringify(k)} is not lowercase`);
      if (k.length < 3) problems.push(`${rule.id}: keyword ${JSON.stringify(k)} is shorter than 3 characters (the keyword index cannot use it)`);
    }
    const reach = regexReach(rule.regex, rule.flags);
    if (!Number.isFinite(reach)) problems.push(`${rule.id}: regex has unbounded repetition (*, + or {n,}); bound it so the rule can run in windows`);
    else if (reach > MAX_SECRET_SPAN) problems.push(`${rule.id}: a match can reach ${reach} characters, more than MAX_SECRET_SPAN (${MAX_SECRET_SPAN})`);
    if (rule.examples.length === 0) problems.push(`${rule.id}: has no examples`);
    if (rule.negative_examples.length === 0) problems.push(`${rule.id}: has no negative_examples`);
  }
  let placeholders: readonly SecretPlaceholder[] = [];
  try {
    placeholders = placeholdersOf(rules);
  } catch (err) {
    fatal = true;
    problems.push(`placeholders: ${(err as Error).message}`);
  }
  for (const p of placeholders) {
    let re: RegExp;
    try {
      re = new RegExp(p.regex, p.flags);
    } catch (err) {
      fatal = true;
      problems.push(`${p.id}: regex does not compile: ${(err as Error).message}`);
      continue;
    }
    if (p.examples.length === 0) problems.push(`${p.id}: has no examples`);
    for (const ex of p.examples) if (!re.test(ex)) problems.push(`${p.id}: example ${JSON.stringify(ex)} does not match`);
    for (const ex of p.negative_examples) if (re.test(ex)) problems.push(`${p.id}: negative example ${JSON.stringify(ex)} matches`);
  }
  if (fatal) return problems;
  for (const rule of rules.rules) {
    for (const ex of rule.examples) {
      const hits = findSecrets(ex, rules);
      if (hits.some((h) => h.rule === rule.id)) continue;
      const lower = ex.toLowerCase();
      const why = !rule.keywords.some((k) => lower.includes(k))
        ? "none of its keywords occur in it"
        : hits.length > 0
          ? `claimed by ${[...new Set(hits.map((h) => h.rule))].join(", ")}`
          : "no hit";
      problems.push(`${rule.id}: example ${JSON.stringify(ex)} does not fire (${why})`);
    }
    for (const ex of rule.negative_examples) {
      if (findSecrets(ex, rules).some((h) => h.rule === rule.id)) problems.push(`${rule.id}: negative example ${JSON.stringify(ex)} fires`);
    }
  }
  return problems;
}
