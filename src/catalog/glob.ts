// Path globs of the sensitive-file catalog: classification, compilation, and a candidate index
// so that matching one path tests only the few globs that could possibly match it.
//
// Glob forms (documented for users at the top of rules/sensitive-files.yaml):
//   `name` (no slash)   the basename, at any depth, in either path form
//   `/abs/…`            absolute paths only
//   `~/…`               paths inside the home directory (ctx.home, or a path written `~/…`)
//   anything else       any depth in either path form: `**/` is implied when not written
// Matching is case-insensitive and `dot: true` (a leading dot is just a character).

import { createRequire } from "node:module";
import type picomatchType from "picomatch";

// Loaded on first use (importing it costs ~15 ms; most processes never need a regex glob).
const requireCjs = createRequire(import.meta.url);
let picomatchLib: typeof picomatchType | undefined;
function picomatch(): typeof picomatchType {
  return (picomatchLib ??= requireCjs("picomatch") as typeof picomatchType);
}
import { posix } from "node:path";

export type GlobScope = "basename" | "absolute" | "home" | "any";

/** Which bucket of the index a glob is filed under; see `indexKey`. */
export type IndexKey =
  | { kind: "name"; value: string }
  | { kind: "ext"; value: string }
  | { kind: "prefix"; value: string }
  | { kind: "suffix"; value: string }
  | { kind: "segment"; value: string }
  | { kind: "always" };

export interface CompiledGlob {
  /** The glob as written (one alternative of its braces). */
  source: string;
  scope: GlobScope;
  /** The compiled glob, or, for a glob without wildcards, its lower-cased literal text. */
  re: RegExp | undefined;
  literal: string | undefined;
  key: IndexKey;
}

/** A path prepared once for testing against many globs. */
export interface PathView {
  /** Normalised, without a leading slash: what `any` globs see. */
  rel: string;
  /** `rel`, `abs` and `homeRel` lower-cased, for literal globs. */
  relKey: string;
  absKey: string | undefined;
  homeRelKey: string | undefined;
  /** Normalised with its leading slash, when the input was absolute. */
  abs: string | undefined;
  /** The part below the home directory, when the path is inside it. */
  homeRel: string | undefined;
  base: string;
  /** Lower-cased basename, last extension (after the last dot) and every segment: index keys. */
  baseKey: string;
  extKey: string | undefined;
  segmentKeys: string[];
}

const PM_OPTIONS = { dot: true, nocase: true } as const;
const HOME_PREFIX = /^(?:~|\$HOME|\$\{HOME\})(?:\/|$)/;
const SPECIAL = /[*?[\]{}()!+@\\]/;

/** Why a glob is unusable, or undefined when it is fine. */
export function globProblem(glob: unknown): string | undefined {
  if (typeof glob !== "string") return "must be a string";
  if (glob.length === 0) return "must not be empty";
  if (glob.trim() !== glob) return "must not start or end with whitespace";
  if (glob.includes("\0")) return "must not contain a NUL byte";
  if (glob.startsWith("!")) return "must not be a negation (use `exclude`)";
  if (glob.startsWith("./")) return "must not start with ./ (globs already match at any depth)";
  if (glob.endsWith("/")) return "must not end with /";
  if (glob.includes("//")) return "must not contain //";
  if (glob.split("/").some((s) => s === "." || s === "..")) return "must not contain . or .. segments";
  if (glob.includes("~") && !glob.startsWith("~/")) return "~ is only allowed as a leading ~/ (the home directory)";
  if (glob === "~/") return "must name something below ~/";
  try {
    for (const g of compileGlob(glob)) void g.re; // force the lazy compile: a bad glob fails here
  } catch (e) {
    return `does not compile: ${(e as Error).message}`;
  }
  return undefined;
}

const compiledCache = new Map<string, CompiledGlob[]>();

/** One alternative of a glob. A regex is compiled on first use: a process (the hook) tests a
 *  handful of paths against a few globs picked by the index, so compiling all of them up front
 *  would cost more than the tests. A class, so that the lazy getter is shared, not made per glob. */
class Alternative implements CompiledGlob {
  private compiled: RegExp | undefined;
  constructor(
    readonly source: string,
    readonly scope: GlobScope,
    private readonly pattern: string,
    readonly literal: string | undefined,
    readonly key: IndexKey,
  ) {}
  get re(): RegExp | undefined {
    if (this.literal !== undefined) return undefined;
    return (this.compiled ??= globToRegExp(this.pattern));
  }
}

/** A compiled alternative as plain data (scripts/build-rules.mjs saves the shipped catalog's). */
export type GlobRecord = [source: string, scope: GlobScope, pattern: string, literal: string | null, key: IndexKey];

/**
 * Compiles one glob (after brace expansion, one CompiledGlob per alternative); memoised.
 * Globs without wildcards are compared as strings, without a regex. Throws on a glob
 * picomatch cannot compile; globProblem() says why in words.
 */
export function compileGlob(glob: string): CompiledGlob[] {
  const cached = compiledCache.get(glob);
  if (cached !== undefined) return cached;
  const compiled = globRecords(glob).map(fromRecord);
  compiledCache.set(glob, compiled);
  return compiled;
}

/** What compileGlob makes of a glob, as data. */
export function globRecords(glob: string): GlobRecord[] {
  return expandBraces(glob).map((alt): GlobRecord => {
    const { scope, pattern } = stripScope(alt);
    const key = indexKey(pattern);
    const bare = scope === "any" ? pattern.slice(3) : pattern; // "any" patterns start with **/
    const literal = !SPECIAL.test(bare) && !bare.split("/").includes("**") ? bare.toLowerCase() : null;
    return [alt, scope, pattern, literal, key];
  });
}

function fromRecord([source, scope, pattern, literal, key]: GlobRecord): CompiledGlob {
  return new Alternative(source, scope, pattern, literal ?? undefined, key);
}

/** Fills compileGlob's memo from records made at build time (the same function's output). */
export function seedCompiledGlobs(records: Record<string, GlobRecord[]>): void {
  for (const [glob, alts] of Object.entries(records)) if (!compiledCache.has(glob)) compiledCache.set(glob, alts.map(fromRecord));
}

function stripScope(glob: string): { scope: GlobScope; pattern: string } {
  if (glob.startsWith("~/")) return { scope: "home", pattern: glob.slice(2) };
  if (glob.startsWith("/")) return { scope: "absolute", pattern: glob };
  if (!glob.includes("/")) return { scope: "basename", pattern: glob };
  return { scope: "any", pattern: glob.startsWith("**/") ? glob : `**/${glob}` };
}

/**
 * The cheapest necessary condition of a glob, used to find candidates:
 * a literal basename; else a literal directory segment that is not too common (`.aws`);
 * else a literal suffix with an extension (`*.pem` → ext `pem`); else a literal basename
 * prefix (`id_*`) or suffix (`*_rsa`); else a common directory segment; else none.
 */
export function indexKey(pattern: string): IndexKey {
  const segments = pattern.split("/").filter((s) => s.length > 0);
  const last = segments[segments.length - 1] ?? "";
  if (!SPECIAL.test(last)) return { kind: "name", value: last.toLowerCase() };
  const dirs = segments
    .slice(0, -1)
    .filter((s) => !SPECIAL.test(s))
    .map((s) => s.toLowerCase())
    .reverse();
  const specificDir = dirs.find((s) => !GENERIC_SEGMENTS.has(s));
  if (specificDir !== undefined) return { kind: "segment", value: specificDir };
  const tail = literalTail(last);
  const dot = tail.lastIndexOf(".");
  if (dot >= 0 && dot < tail.length - 1) return { kind: "ext", value: tail.slice(dot + 1).toLowerCase() };
  const head = literalHead(last);
  if (head.length > 0) return { kind: "prefix", value: head.toLowerCase() };
  if (tail.length > 0) return { kind: "suffix", value: tail.toLowerCase() };
  if (dirs[0] !== undefined) return { kind: "segment", value: dirs[0] };
  return { kind: "always" };
}

// Directory names too common to narrow anything down; an extension is a better key than these.
const GENERIC_SEGMENTS = new Set([
  "config", ".config", "etc", "home", "users", "library", "application support", "appdata",
  "roaming", "local", ".local", "share", "cache", ".cache", "default", "src", "lib",
]);

function literalTail(segment: string): string {
  let i = segment.length;
  while (i > 0 && !SPECIAL.test(segment[i - 1] ?? "")) i--;
  return segment.slice(i);
}

function literalHead(segment: string): string {
  let i = 0;
  while (i < segment.length && !SPECIAL.test(segment[i] ?? "")) i++;
  return segment.slice(0, i);
}

/**
 * The glob subset the catalog is written in (`*`, `?`, `**` segments, `[…]` classes; braces are
 * expanded before) translated directly, with picomatch's `dot` and `nocase` semantics;
 * anything else (extglobs, escapes) goes to picomatch. test/catalog.test.js checks that both
 * agree on every glob of the shipped catalog.
 */
export function globToRegExp(pattern: string): RegExp {
  if (/[()!+@\\]/.test(pattern)) return picomatch().makeRe(pattern, PM_OPTIONS);
  const segs = pattern.split("/");
  let out = "^";
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const last = i === segs.length - 1;
    if (seg === "**") {
      if (last) out += i === 0 ? ".*" : "(?:/.*)?";
      else out += i === 0 ? "(?:.*/)?" : "(?:/.*)?/";
      continue;
    }
    if (i > 0 && segs[i - 1] !== "**") out += "/";
    let re = "";
    for (let k = 0; k < seg.length; k++) {
      const c = seg[k]!;
      if (c === "*") re += "[^/]*";
      else if (c === "?") re += "[^/]";
      else if (c === "[") {
        const close = seg.indexOf("]", k + 2);
        if (close < 0) {
          re += "\\[";
          continue;
        }
        let body = seg.slice(k + 1, close);
        if (body.startsWith("!")) body = "^" + body.slice(1);
        re += "[" + body.replace(/\\/g, "\\\\") + "]";
        k = close;
      } else re += c.replace(/[.+^${}()|\]\\]/g, "\\$&");
    }
    out += re;
  }
  return new RegExp(out + "$", "i");
}

/** The same glob compiled by picomatch (the reference for tests). */
export function globToRegExpReference(pattern: string): RegExp {
  return picomatch().makeRe(pattern, PM_OPTIONS);
}

/** `a{b,c{d,e}}f` → abf, acdf, acef. Ranges (`{1..3}`) and unbalanced braces are left to picomatch. */
export function expandBraces(glob: string): string[] {
  let depth = 0;
  let open = -1;
  const commas: number[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "{") {
      if (depth === 0) {
        open = i;
        commas.length = 0;
      }
      depth++;
    } else if (c === "}" && depth > 0) {
      depth--;
      if (depth === 0) {
        if (commas.length === 0) continue; // `{x}` or a range: picomatch's business
        const before = glob.slice(0, open);
        const after = glob.slice(i + 1);
        const parts: string[] = [];
        let from = open + 1;
        for (const at of [...commas, i]) {
          parts.push(glob.slice(from, at));
          from = at + 1;
        }
        return parts.flatMap((p) => expandBraces(before + p + after));
      }
    } else if (c === "," && depth === 1) {
      commas.push(i);
    }
  }
  return [glob];
}

/**
 * Normalises a path for matching. Accepts absolute paths, workspace-relative paths, and
 * `~/…`, `$HOME/…`, `${HOME}/…` (home-relative even without ctx.home). Leading `../` segments
 * of a relative path are dropped: what is named is the tail. Returns undefined for an empty path.
 */
export function viewPath(input: string, home: string | undefined): PathView | undefined {
  let path = input;
  let homeRel: string | undefined;
  const c0 = path.charCodeAt(0);
  const homePrefix = c0 === 126 || c0 === 36 ? HOME_PREFIX.exec(path) : null; // "~" or "$"
  if (homePrefix) {
    const rest = path.slice(homePrefix[0].length);
    if (home !== undefined && home.startsWith("/")) {
      path = `${trimSlashes(home)}/${rest}`.replace(/^\/*/, "/");
    } else {
      path = rest; // home unknown: match the tail like a relative path, and `~/` globs on it
      homeRel = normalizeRel(rest);
      if (homeRel === undefined) return undefined;
    }
  }
  const absolute = path.startsWith("/");
  const rel = normalizeRel(path);
  if (rel === undefined) return undefined;
  const abs = absolute ? `/${rel}` : undefined;
  if (abs !== undefined && home !== undefined && home.startsWith("/")) {
    const h = homeDir(home);
    if (h.length > 0 && abs.length > h.length + 1 && abs.startsWith(h) && abs.charCodeAt(h.length) === 47) {
      homeRel = abs.slice(h.length + 1);
    }
  }
  const lower = rel.toLowerCase();
  const slash = rel.lastIndexOf("/");
  const base = rel.slice(slash + 1);
  const baseKey = lower.slice(slash + 1);
  const dot = baseKey.lastIndexOf(".");
  return {
    rel,
    relKey: lower,
    absKey: abs === undefined ? undefined : `/${lower}`,
    homeRelKey: homeRel?.toLowerCase(),
    abs,
    homeRel,
    base,
    baseKey,
    extKey: dot >= 0 && dot < baseKey.length - 1 ? baseKey.slice(dot + 1) : undefined,
    segmentKeys: lower.split("/"),
  };
}

let lastHome: string | undefined;
let lastHomeDir = "";

/** The normalised home directory without a trailing slash (memoised: callers pass the same home). */
function homeDir(home: string): string {
  if (home !== lastHome) {
    lastHome = home;
    lastHomeDir = posix.normalize(home).replace(/\/+$/, "");
  }
  return lastHomeDir;
}

function trimSlashes(s: string): string {
  return s.replace(/\/+$/, "");
}

// Paths that need posix.normalize: `//`, `.` or `..` segments, a trailing slash.
const NEEDS_NORMALIZING = /\/\/|(?:^|\/)\.\.?(?:\/|$)|\/$/;

function normalizeRel(path: string): string | undefined {
  if (path.length === 0) return undefined;
  if (!NEEDS_NORMALIZING.test(path)) return path.charCodeAt(0) === 47 ? path.slice(1) : path;
  let p = posix.normalize(path);
  p = p.replace(/^\/+/, "").replace(/\/+$/, "");
  while (p === ".." || p.startsWith("../")) p = p === ".." ? "" : p.slice(3);
  if (p === "" || p === ".") return undefined;
  return p;
}

/** Does one compiled glob match a prepared path? */
export function testGlob(g: CompiledGlob, v: PathView): boolean {
  const lit = g.literal;
  if (lit !== undefined) {
    switch (g.scope) {
      case "basename":
        return v.baseKey === lit;
      case "any":
        return v.relKey === lit || (v.relKey.endsWith(lit) && v.relKey.charCodeAt(v.relKey.length - lit.length - 1) === 47);
      case "absolute":
        return v.absKey === lit;
      case "home":
        return v.homeRelKey === lit;
      default: {
        const never: never = g.scope;
        throw new Error(`unknown glob scope ${String(never)}`);
      }
    }
  }
  const re = g.re as RegExp;
  switch (g.scope) {
    case "basename":
      return re.test(v.base);
    case "any":
      return re.test(v.rel);
    case "absolute":
      return v.abs !== undefined && re.test(v.abs);
    case "home":
      return v.homeRel !== undefined && re.test(v.homeRel);
    default: {
      const never: never = g.scope;
      throw new Error(`unknown glob scope ${String(never)}`);
    }
  }
}

/** Globs filed by their IndexKey; `candidates` yields every glob that could match a path. */
export class GlobIndex<T> {
  private readonly byName = new Map<string, T[]>();
  private readonly byExt = new Map<string, T[]>();
  private readonly bySegment = new Map<string, T[]>();
  private readonly prefixes: { value: string; items: T[] }[] = [];
  private readonly suffixes: { value: string; items: T[] }[] = [];
  private readonly always: T[] = [];

  add(key: IndexKey, item: T): void {
    switch (key.kind) {
      case "name":
        push(this.byName, key.value, item);
        return;
      case "ext":
        push(this.byExt, key.value, item);
        return;
      case "segment":
        push(this.bySegment, key.value, item);
        return;
      case "prefix":
      case "suffix": {
        const list = key.kind === "prefix" ? this.prefixes : this.suffixes;
        const found = list.find((p) => p.value === key.value);
        if (found) found.items.push(item);
        else list.push({ value: key.value, items: [item] });
        return;
      }
      case "always":
        this.always.push(item);
        return;
      default: {
        const never: never = key;
        throw new Error(`unknown index key ${JSON.stringify(never)}`);
      }
    }
  }

  candidates(v: PathView, visit: (item: T) => void): void {
    this.byName.get(v.baseKey)?.forEach(visit);
    if (v.extKey !== undefined) this.byExt.get(v.extKey)?.forEach(visit);
    for (const p of this.prefixes) if (v.baseKey.startsWith(p.value)) p.items.forEach(visit);
    for (const p of this.suffixes) if (v.baseKey.endsWith(p.value)) p.items.forEach(visit);
    const segs = v.segmentKeys;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i] as string;
      if (segs.indexOf(s) !== i) continue; // visit each distinct segment once
      this.bySegment.get(s)?.forEach(visit);
    }
    this.always.forEach(visit);
  }
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
