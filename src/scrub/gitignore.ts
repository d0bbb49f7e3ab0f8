// gitignore patterns, compiled as git reads them (gitignore(5)): one path at a time, relative to
// the directory of the file the pattern comes from, without looking at the path's ancestors —
// the walker decides each directory on the way down and does not enter an excluded one.
//
// (The `ignore` package answers for a path *and its ancestors* within one file's rules, and
// reads `logs/*` as excluding `logs/` itself; with nested files, where a deeper file may
// re-include what an outer one excluded, both disagree with git. test/ignore-git.test.js holds
// this module to git's own answers on random trees.)

export interface GitignorePattern {
  /** the line as written */
  source: string;
  negated: boolean;
  /** a trailing "/": matches directories only */
  dirOnly: boolean;
  /** no "/" except a trailing one: matched against the last path segment, at any depth */
  basename: boolean;
  re: RegExp;
}

/** The patterns of one ignore file; blank lines and comments dropped. */
export function parseGitignore(text: string): GitignorePattern[] {
  const out: GitignorePattern[] = [];
  for (const raw of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    const p = compileLine(raw);
    if (p !== undefined) out.push(p);
  }
  return out;
}

/**
 * The last pattern of `patterns` matching `rel` (relative to the ignore file's directory, no
 * leading or trailing "/"), or undefined. `dir`: is `rel` a directory.
 */
export function lastMatch(patterns: readonly GitignorePattern[], rel: string, dir: boolean): GitignorePattern | undefined {
  const slash = rel.lastIndexOf("/");
  const base = slash === -1 ? rel : rel.slice(slash + 1);
  for (let i = patterns.length - 1; i >= 0; i--) {
    const p = patterns[i]!;
    if (p.dirOnly && !dir) continue;
    if (p.re.test(p.basename ? base : rel)) return p;
  }
  return undefined;
}

const NEVER = /(?!)/;

function compileLine(raw: string): GitignorePattern | undefined {
  if (raw === "" || raw.startsWith("#")) return undefined;
  let line = trimTrailingSpaces(raw);
  if (line === "") return undefined;
  let negated = false;
  if (line.startsWith("!")) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith("\\!") || line.startsWith("\\#")) {
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.endsWith("/")) {
    dirOnly = true;
    line = line.slice(0, -1);
  }
  if (line === "") return undefined;
  const basename = !line.includes("/");
  if (line.startsWith("/")) line = line.slice(1);
  let re = NEVER;
  // git never matches a pattern with an empty segment, a dangling escape or an unclosed class
  if (!line.includes("//") && !endsWithLoneBackslash(line)) {
    const source = toRegex(line);
    if (source !== undefined) {
      try {
        re = new RegExp(`^${source}$`);
      } catch {
        re = NEVER;
      }
    }
  }
  return { source: raw, negated, dirOnly, basename, re };
}

/** Trailing spaces go, unless escaped ("\\ "); tabs stay (git trims spaces only). */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === " ") {
    let slashes = 0;
    for (let i = end - 2; i >= 0 && line[i] === "\\"; i--) slashes++;
    if (slashes % 2 === 1) break; // "\\ ": an escaped space is kept
    end--;
  }
  return line.slice(0, end);
}

function endsWithLoneBackslash(line: string): boolean {
  let slashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === "\\"; i--) slashes++;
  return slashes % 2 === 1;
}

/** Split at "/" outside bracket expressions and escapes. */
function splitSegments(body: string): string[] | undefined {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "\\") {
      cur += c + (body[i + 1] ?? "");
      i++;
    } else if (c === "[") {
      const end = classEnd(body, i);
      if (end === -1) return undefined; // unclosed: git never matches
      cur += body.slice(i, end + 1);
      i = end;
    } else if (c === "/") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** A pattern body (no leading "/", no trailing "/") as a regex source, with FNM_PATHNAME; undefined: never matches. */
function toRegex(body: string): string | undefined {
  // git compares the part before the first wildcard literally and wildmatches the rest, so a
  // "**" right after that prefix (`a**/c`, `a/b**/c`) starts the rest and crosses directories
  const w = firstWildcard(body);
  if (w > 0 && body[w] === "*" && body[w + 1] === "*" && body[w - 1] !== "/") {
    let k = w;
    while (body[k] === "*") k++;
    if (k === body.length || body[k] === "/") {
      const prefix = body.slice(0, w).split("/").map(segment);
      if (prefix.some((x) => x === undefined)) return undefined;
      if (k === body.length) return `${prefix.join("/")}.*`;
      const rest = k + 1 < body.length ? toRegex(body.slice(k + 1)) : "";
      return rest === undefined ? undefined : `${prefix.join("/")}(?:.*/)?${rest}`;
    }
  }
  return segmentsToRegex(body);
}

/** Offset of the first unescaped *, ? or [ in `body`, or -1. */
function firstWildcard(body: string): number {
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "\\") i++;
    else if (c === "*" || c === "?" || c === "[") return i;
  }
  return -1;
}

function segmentsToRegex(body: string): string | undefined {
  const raw = splitSegments(body);
  if (raw === undefined) return undefined;
  // "***" is "**"; consecutive "**" segments are one
  const segments = raw.map((s) => (/^\*{2,}$/.test(s) ? "**" : s)).filter((s, i, all) => !(s === "**" && all[i - 1] === "**"));
  let out = "";
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const first = i === 0;
    const last = i === segments.length - 1;
    if (seg === "**") {
      if (first && last) out += ".*";
      else if (first) out += "(?:.*/)?"; // "**/x": x at any depth
      else if (last) out += "/.*"; // "x/**": everything inside x
      else out += "/(?:.*/)?"; // "a/**/b": zero or more directories
      continue;
    }
    if (!first && !out.endsWith("/") && !out.endsWith("(?:.*/)?")) out += "/";
    const s = segment(seg);
    if (s === undefined) return undefined;
    out += s;
  }
  return out;
}

function segment(seg: string): string | undefined {
  let out = "";
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === "\\" && i + 1 < seg.length) {
      out += escape(seg[++i]!);
    } else if (c === "*") {
      while (seg[i + 1] === "*") i++; // "**" inside a segment is a plain "*"
      out += "[^/]*";
    } else if (c === "?") {
      out += "[^/]";
    } else if (c === "[") {
      const end = classEnd(seg, i);
      if (end === -1) return undefined;
      out += bracket(seg.slice(i + 1, end));
      i = end;
    } else {
      out += escape(c);
    }
  }
  return out;
}

const NAMED: Record<string, string> = {
  alpha: "a-zA-Z",
  digit: "0-9",
  alnum: "a-zA-Z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  xdigit: "0-9A-Fa-f",
  cntrl: "\\x00-\\x1f\\x7f",
  print: " -~",
  graph: "!-~",
};

/** A bracket expression's inside as a JS class that never matches "/"; reversed ranges match nothing (as in git). */
function bracket(body: string): string {
  let neg = false;
  let i = 0;
  if (body[0] === "!" || body[0] === "^") {
    neg = true;
    i = 1;
  }
  const items: string[] = [];
  for (; i < body.length; i++) {
    let c = body[i]!;
    if (c === "[" && body[i + 1] === ":") {
      const close = body.indexOf(":]", i + 2);
      const name = body.slice(i + 2, close);
      items.push(NAMED[name] ?? "");
      i = close + 1;
      continue;
    }
    if (c === "\\" && i + 1 < body.length) c = body[++i]!;
    if (body[i + 1] === "-" && i + 2 < body.length) {
      let hi = body[i + 2]!;
      let skip = 2;
      if (hi === "\\" && i + 3 < body.length) {
        hi = body[i + 3]!;
        skip = 3;
      }
      i += skip;
      // a reversed range matches its first character only (git compares it before the range)
      items.push(c <= hi ? `${classChar(c)}-${classChar(hi)}` : classChar(c));
      continue;
    }
    items.push(classChar(c));
  }
  const inside = items.join("");
  if (neg) return `[^/${inside}]`;
  return inside === "" ? "(?!)" : `(?!/)[${inside}]`;
}

function classChar(c: string): string {
  return /[\\\]\[^-]/.test(c) ? `\\${c}` : c;
}

/** Index of the "]" closing a class opened at `open`, or -1. A "]" first in the class is literal; "[:name:]" is one item. */
function classEnd(seg: string, open: number): number {
  let i = open + 1;
  if (seg[i] === "!" || seg[i] === "^") i++;
  if (seg[i] === "]") i++;
  for (; i < seg.length; i++) {
    if (seg[i] === "\\") i++;
    else if (seg[i] === "[" && seg[i + 1] === ":") {
      const close = seg.indexOf(":]", i + 2);
      if (close === -1) return -1;
      i = close + 1;
    } else if (seg[i] === "]") return i;
  }
  return -1;
}

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
