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
  for (const raw of text.split(/\r?\n/)) {
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

function compileLine(raw: string): GitignorePattern | undefined {
  let line = raw;
  if (line === "" || line.startsWith("#")) return undefined;
  // trailing spaces are ignored unless escaped with a backslash
  line = line.replace(/(?<!\\)[ \t]+$/, "");
  if (line === "") return undefined;
  let negated = false;
  if (line.startsWith("!")) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith("\\!") || line.startsWith("\\#")) {
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.endsWith("/") && !line.endsWith("\\/")) {
    dirOnly = true;
    line = line.replace(/\/+$/, "");
  }
  if (line === "") return undefined;
  const basename = !line.includes("/");
  if (line.startsWith("/")) line = line.slice(1);
  return { source: raw, negated, dirOnly, basename, re: new RegExp(`^${toRegex(line)}$`) };
}

/** A pattern body (no leading "/", no trailing "/") as a regex source, with FNM_PATHNAME. */
function toRegex(body: string): string {
  const segments = body.split("/");
  let out = "";
  segments.forEach((seg, i) => {
    const first = i === 0;
    const last = i === segments.length - 1;
    if (seg === "**") {
      if (first && last) out += ".*";
      else if (first) out += "(?:.*/)?"; // "**/x": x at any depth
      else if (last) out += "/.*"; // "x/**": everything inside x
      else out += "/(?:.*/)?"; // "a/**/b": zero or more directories
      return;
    }
    if (!first && !out.endsWith("/") && !out.endsWith("(?:.*/)?")) out += "/";
    out += segment(seg);
  });
  return out;
}

function segment(seg: string): string {
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
      if (end === -1) out += "\\[";
      else {
        let body = seg.slice(i + 1, end);
        let neg = false;
        if (body.startsWith("!") || body.startsWith("^")) {
          neg = true;
          body = body.slice(1);
        }
        body = body.replace(/\\(.)/g, "$1").replace(/[\\\]^]/g, "\\$&");
        out += neg ? `(?!/)[^${body}]` : `(?!/)[${body}]`;
        i = end;
      }
    } else {
      out += escape(c);
    }
  }
  return out;
}

/** Index of the "]" closing a class opened at `open`, or -1. A "]" first in the class is literal. */
function classEnd(seg: string, open: number): number {
  let i = open + 1;
  if (seg[i] === "!" || seg[i] === "^") i++;
  if (seg[i] === "]") i++;
  for (; i < seg.length; i++) {
    if (seg[i] === "\\") i++;
    else if (seg[i] === "]") return i;
  }
  return -1;
}

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
