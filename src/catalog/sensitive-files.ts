// The sensitive-file catalog: which paths are credential stores. Read by the command analyzer
// (what it guards) and the workspace scrubber (what it strips), so the two always agree.
// Load YAML → validate (a bad file names the file, the entry and the field) → compile once.

import { fileURLToPath } from "node:url";
import { parseYamlText, readRulesDigest, readRulesFile } from "../core/rules-file.js";
import { UserError } from "../core/types.js";
import {
  GlobIndex,
  compileGlob,
  globProblem,
  seedCompiledGlobs,
  testGlob,
  viewPath,
  type CompiledGlob,
} from "./glob.js";

export interface SensitiveFileRule {
  id: string;
  description: string;
  kind: string;
  paths: string[];
  exclude: string[];
  examples: string[];
  negative_examples: string[];
}

export interface CatalogMatch {
  id: string;
  description: string;
  kind: string;
}

export interface SensitiveCatalog {
  readonly rules: readonly SensitiveFileRule[];
  /** path: absolute (~ already expanded) or workspace-relative, POSIX separators. home: the home dir for `~/` globs. */
  match(path: string, ctx?: { home?: string }): CatalogMatch | undefined;
}

/** What `kind` may say; used in messages ("reads a private key"). */
export const SENSITIVE_KINDS = ["credential", "private-key", "history", "environment", "keystore", "config"] as const;
export type SensitiveKind = (typeof SENSITIVE_KINDS)[number];

/** The home directory the catalog's own examples are written against (`airlock rules check`, tests). */
export const EXAMPLE_HOME = "/home/dev";

const WILDCARD = /[*?[]/;
const WILDCARDS = /\[[^\]]*\]|[*?]/g;
const ID_PATTERN = /^file\.[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ENTRY_FIELDS = new Set(["id", "description", "kind", "paths", "exclude", "examples", "negative_examples"]);
const TOP_FIELDS = new Set(["version", "exclude", "entries"]);

interface CompiledRule {
  rule: SensitiveFileRule;
  result: CatalogMatch;
  exclude: CompiledGlob[];
}

interface IndexedGlob {
  rule: number;
  glob: CompiledGlob;
}

class Catalog implements SensitiveCatalog {
  readonly rules: readonly SensitiveFileRule[];
  /** Globs every match must avoid (templates: `.env.example`, `*.sample`, …). */
  readonly globalExclude: readonly string[];
  private readonly compiled: CompiledRule[];
  private readonly globalExcludeGlobs: CompiledGlob[];
  private readonly index = new GlobIndex<IndexedGlob>();

  constructor(rules: SensitiveFileRule[], globalExclude: string[]) {
    this.rules = Object.freeze(rules.map((r) => Object.freeze({ ...r })));
    this.globalExclude = Object.freeze([...globalExclude]);
    this.globalExcludeGlobs = globalExclude.flatMap(compileGlob);
    this.compiled = rules.map((rule, i) => {
      for (const path of rule.paths) {
        for (const glob of compileGlob(path)) this.index.add(glob.key, { rule: i, glob });
      }
      return {
        rule,
        result: Object.freeze({ id: rule.id, description: rule.description, kind: rule.kind }),
        exclude: rule.exclude.flatMap(compileGlob),
      };
    });
  }

  match(path: string, ctx?: { home?: string }): CatalogMatch | undefined {
    const found = this.matchPath(path, ctx?.home);
    if (found !== undefined) return found;
    // A wildcard in the last segment (`cat ~/.aws/*`, `cat .env*`) is what a shell would
    // expand; the catalog cannot list the folder, so it answers for the likeliest expansions:
    // the pattern with its wildcards emptied (`.env*` → `.env`) and the folder itself.
    const slash = path.lastIndexOf("/");
    const last = path.slice(slash + 1);
    if (!WILDCARD.test(last)) return undefined;
    const emptied = path.slice(0, slash + 1) + last.replace(WILDCARDS, "");
    return this.matchPath(emptied, ctx?.home) ?? (slash > 0 ? this.matchPath(path.slice(0, slash), ctx?.home) : undefined);
  }

  private matchPath(path: string, home: string | undefined): CatalogMatch | undefined {
    const view = viewPath(path, home);
    if (view === undefined) return undefined;
    // The first rule in file order wins, so specific entries are listed before generic ones.
    let best = Number.POSITIVE_INFINITY;
    this.index.candidates(view, ({ rule, glob }) => {
      if (rule >= best || !testGlob(glob, view)) return;
      if (this.compiled[rule]?.exclude.some((g) => testGlob(g, view))) return;
      best = rule;
    });
    if (best === Number.POSITIVE_INFINITY) return undefined;
    if (this.globalExcludeGlobs.some((g) => testGlob(g, view))) return undefined;
    return this.compiled[best]?.result;
  }

  /** Does one rule (ignoring the others and the global excludes) match? For checks. */
  ruleMatches(ruleIndex: number, path: string, home: string | undefined): boolean {
    const view = viewPath(path, home);
    const c = this.compiled[ruleIndex];
    if (view === undefined || c === undefined) return false;
    return c.rule.paths.some((p) => compileGlob(p).some((g) => testGlob(g, view))) && !c.exclude.some((g) => testGlob(g, view));
  }
}

let defaultCatalog: SensitiveCatalog | undefined;
let loadingShipped = false;

/** The catalog shipped with airlock. */
export function defaultCatalogFile(): string {
  return fileURLToPath(new URL("../../rules/sensitive-files.yaml", import.meta.url));
}

/** Loads, validates (a bad file throws UserError naming the file, the entry id and the field), compiles once. Default file: rules/sensitive-files.yaml. Cached when called without a file. */
export function loadSensitiveCatalog(file?: string): SensitiveCatalog {
  if (file === undefined && defaultCatalog !== undefined) return defaultCatalog;
  const path = file ?? defaultCatalogFile();
  // The shipped catalog's globs are compiled and checked at build time (`airlock rules check`
  // in the test suite); compiling them again in every hook process would cost ~20 ms.
  loadingShipped = file === undefined;
  if (loadingShipped) {
    const records = readRulesDigest(path, "globs");
    if (isRecord(records)) seedCompiledGlobs(records as Parameters<typeof seedCompiledGlobs>[0]);
  }
  let catalog: SensitiveCatalog;
  try {
    catalog = catalogFromDocument(readRulesFile(path), path);
  } finally {
    loadingShipped = false;
  }
  if (file === undefined) defaultCatalog = catalog;
  return catalog;
}

/** Parses and validates catalog YAML text; `source` names it in messages. */
export function parseCatalog(text: string, source: string): SensitiveCatalog {
  return catalogFromDocument(parseYamlText(text, source), source);
}

/** Validates and compiles an already parsed catalog document. */
export function catalogFromDocument(doc: unknown, source: string): SensitiveCatalog {
  if (!isRecord(doc)) throw new UserError(`${source}: expected a mapping with an "entries" list at the top level`);
  for (const key of Object.keys(doc)) {
    if (!TOP_FIELDS.has(key)) throw new UserError(`${source}: unknown top-level field "${key}" (expected: ${[...TOP_FIELDS].join(", ")})`);
  }
  if (doc.version !== undefined && doc.version !== 1) {
    throw new UserError(`${source}: field "version": expected 1, got ${JSON.stringify(doc.version)}`);
  }
  const globalExclude = globList(doc.exclude, `${source}: top-level field "exclude"`, false);
  if (!Array.isArray(doc.entries)) throw new UserError(`${source}: field "entries": expected a list of entries`);
  const rules = doc.entries.map((raw: unknown, i: number) => validateEntry(raw, i, source));
  return new Catalog(rules, globalExclude);
}

function validateEntry(raw: unknown, i: number, source: string): SensitiveFileRule {
  const anonymous = `${source}: entry #${i + 1}`;
  if (!isRecord(raw)) throw new UserError(`${anonymous}: expected a mapping with id, description, kind, paths`);
  const id = raw.id;
  if (typeof id !== "string" || !ID_PATTERN.test(id)) {
    throw new UserError(`${anonymous}: field "id": expected "file.<name>" in kebab-case, got ${JSON.stringify(id)}`);
  }
  const where = `${source}: entry ${id}`;
  for (const key of Object.keys(raw)) {
    if (!ENTRY_FIELDS.has(key)) {
      throw new UserError(`${where}: unknown field "${key}" (expected: ${[...ENTRY_FIELDS].join(", ")})`);
    }
  }
  const description = raw.description;
  if (typeof description !== "string" || description.trim().length === 0) {
    throw new UserError(`${where}: field "description": expected a non-empty string`);
  }
  const kind = raw.kind;
  if (typeof kind !== "string" || !(SENSITIVE_KINDS as readonly string[]).includes(kind)) {
    throw new UserError(`${where}: field "kind": expected one of ${SENSITIVE_KINDS.join(", ")}, got ${JSON.stringify(kind)}`);
  }
  return {
    id,
    description: description.trim(),
    kind,
    paths: globList(raw.paths, `${where}: field "paths"`, true),
    exclude: globList(raw.exclude, `${where}: field "exclude"`, false),
    examples: stringList(raw.examples, `${where}: field "examples"`),
    negative_examples: stringList(raw.negative_examples, `${where}: field "negative_examples"`),
  };
}

function globList(value: unknown, where: string, required: boolean): string[] {
  if (value === undefined || value === null) {
    if (required) throw new UserError(`${where}: expected a non-empty list of globs`);
    return [];
  }
  if (!Array.isArray(value) || (required && value.length === 0)) {
    throw new UserError(`${where}: expected a ${required ? "non-empty " : ""}list of globs`);
  }
  return value.map((glob: unknown, j: number) => {
    // the shipped catalog's globs are checked by `airlock rules check` (in the test suite), not
    // again in every hook process
    if (loadingShipped && typeof glob === "string") return glob;
    const problem = globProblem(glob);
    if (problem !== undefined) throw new UserError(`${where}[${j}]: ${JSON.stringify(glob)} ${problem}`);
    return glob as string;
  });
}

function stringList(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new UserError(`${where}: expected a list of paths`);
  return value.map((v: unknown, j: number) => {
    if (typeof v !== "string" || v.length === 0) throw new UserError(`${where}[${j}]: expected a non-empty string`);
    return v;
  });
}

/** Validation problems for `airlock rules check`: duplicate ids, bad globs, examples that don't match, negatives that match. Empty array = fine. */
export function checkSensitiveCatalog(catalog: SensitiveCatalog): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const own = catalog instanceof Catalog ? catalog : new Catalog([...catalog.rules], []);
  const ctx = { home: EXAMPLE_HOME };
  catalog.rules.forEach((rule, i) => {
    if (seen.has(rule.id)) problems.push(`${rule.id}: duplicate id`);
    seen.add(rule.id);
    if (!ID_PATTERN.test(rule.id)) problems.push(`${rule.id}: id is not "file.<name>" in kebab-case`);
    if (!(SENSITIVE_KINDS as readonly string[]).includes(rule.kind)) problems.push(`${rule.id}: unknown kind "${rule.kind}"`);
    for (const [field, globs] of [["paths", rule.paths], ["exclude", rule.exclude]] as const) {
      globs.forEach((g, j) => {
        const problem = globProblem(g);
        if (problem !== undefined) problems.push(`${rule.id}: ${field}[${j}] ${JSON.stringify(g)} ${problem}`);
      });
    }
    if (rule.examples.length === 0) problems.push(`${rule.id}: has no examples`);
    if (rule.negative_examples.length === 0) problems.push(`${rule.id}: has no negative_examples`);
    for (const ex of rule.examples) {
      if (!own.ruleMatches(i, ex, ctx.home)) {
        problems.push(`${rule.id}: example ${JSON.stringify(ex)} does not match the entry's own globs`);
        continue;
      }
      const got = catalog.match(ex, ctx);
      if (got === undefined) problems.push(`${rule.id}: example ${JSON.stringify(ex)} matches nothing (a global exclude?)`);
      else if (got.id !== rule.id) problems.push(`${rule.id}: example ${JSON.stringify(ex)} is claimed by ${got.id}, listed earlier`);
    }
    for (const neg of rule.negative_examples) {
      if (own.ruleMatches(i, neg, ctx.home) && catalog.match(neg, ctx)?.id === rule.id) {
        problems.push(`${rule.id}: negative example ${JSON.stringify(neg)} matches the entry`);
        continue;
      }
      const got = catalog.match(neg, ctx);
      if (got !== undefined) problems.push(`${rule.id}: negative example ${JSON.stringify(neg)} matches ${got.id}`);
    }
  });
  return problems;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function firstLine(s: string): string {
  return s.split("\n")[0] ?? s;
}
