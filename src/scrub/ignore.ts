// Which paths a workspace leaves out, decided as git decides: every `.gitignore` applies to its
// own directory and below, with patterns relative to it; a deeper file's patterns come later,
// so the last pattern that matches a path — at any level — says whether it is ignored
// (`!keep.log` in a subdirectory re-includes what the root excluded). A directory that is
// ignored is not entered, so nothing inside it can be re-included (git's rule too).
//
// `.airlockignore` files follow the same syntax and the same nesting, after `.gitignore` at each
// level (so they may also re-include). `.git/info/exclude` applies at the root with the lowest
// precedence, as in git. The root `.dockerignore` excludes on its own (what either git or Docker
// leaves out stays out), anchored at the root (Docker matches its patterns against
// root-relative paths only: `*.md` there is `/*.md`); Docker's re-inclusion of a path inside an
// excluded directory is not followed — the directory stays out, the safe direction.

import { closeSync, constants as fsConstants, fstatSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { lastMatch, parseGitignore, type GitignorePattern } from "./gitignore.js";

/** Per-directory ignore files, read in this order at each level. */
export const IGNORE_FILES = [".gitignore", ".airlockignore"] as const;

interface Level {
  /** the directory, relative to the root ("" for the root), with a trailing "/" unless root */
  prefix: string;
  /** the file the patterns come from, for messages */
  name: string;
  patterns: GitignorePattern[];
}

export interface IgnoreDecision {
  ignored: boolean;
  /** the file and pattern that decided ("sub/.gitignore: *.log") */
  by?: string;
}

/**
 * The ignore rules of one tree. Directories must be visited parents first (the walker does):
 * a directory's own files are read the first time a path inside it is asked about.
 */
export class IgnoreStack {
  private readonly levels = new Map<string, Level[]>();
  private readonly root: string;
  private readonly files: readonly string[];
  /** rules that exclude on their own (the root .dockerignore): a path they exclude stays out whatever the chain says */
  private readonly separate: Level[];

  /**
   * @param root absolute path of the tree
   * @param rootExtras rules at the root: `chain` ones come before any .gitignore (lowest
   *   precedence, as `.git/info/exclude` in git); `separate` ones exclude independently
   * @param files the per-directory ignore files to read
   */
  constructor(root: string, rootExtras: RootExtra[] = [], files: readonly string[] = IGNORE_FILES) {
    this.root = root;
    this.files = files;
    const base: Level[] = [];
    this.separate = [];
    for (const extra of rootExtras) {
      const patterns = parseGitignore(extra.patterns.join("\n"));
      if (patterns.length === 0) continue;
      (extra.separate ? this.separate : base).push({ prefix: "", name: extra.name, patterns });
    }
    this.levels.set("", [...base, ...this.read("")]);
  }

  /** Is `rel` (root-relative, POSIX) ignored? `dir` says whether it is a directory. */
  decide(rel: string, dir: boolean): IgnoreDecision {
    for (const level of this.separate) {
      const m = lastMatch(level.patterns, rel, dir);
      if (m !== undefined && !m.negated) return { ignored: true, by: `${level.name}: ${m.source}` };
    }
    const slash = rel.lastIndexOf("/");
    const parent = slash === -1 ? "" : rel.slice(0, slash);
    let decision: IgnoreDecision = { ignored: false };
    for (const level of this.chain(parent)) {
      const m = lastMatch(level.patterns, rel.slice(level.prefix.length), dir);
      if (m !== undefined) decision = { ignored: !m.negated, by: `${level.name}: ${m.source}` };
    }
    return decision;
  }

  /** The levels that apply inside directory `dir` (root-relative, "" for the root), root first. */
  private chain(dir: string): Level[] {
    const known = this.levels.get(dir);
    if (known !== undefined) return known;
    const slash = dir.lastIndexOf("/");
    const up = this.chain(slash === -1 ? "" : dir.slice(0, slash));
    const own = this.read(dir);
    const chain = own.length === 0 ? up : [...up, ...own];
    this.levels.set(dir, chain);
    return chain;
  }

  private read(dir: string): Level[] {
    const out: Level[] = [];
    for (const name of this.files) {
      const text = readText(join(this.root, dir, name));
      if (text === undefined) continue;
      const patterns = parseGitignore(text);
      if (patterns.length > 0) out.push({ prefix: dir === "" ? "" : `${dir}/`, name: dir === "" ? name : `${dir}/${name}`, patterns });
    }
    return out;
  }
}

export interface RootExtra {
  name: string;
  patterns: string[];
  separate?: boolean;
}

/** Root-level extra rules: `.git/info/exclude` and the anchored `.dockerignore`. */
export function rootIgnoreExtras(root: string): RootExtra[] {
  const extras: RootExtra[] = [];
  const exclude = readText(join(root, ".git", "info", "exclude"));
  if (exclude !== undefined) extras.push({ name: ".git/info/exclude", patterns: exclude.split(/\r?\n/) });
  const docker = readText(join(root, ".dockerignore"));
  if (docker !== undefined) extras.push({ name: ".dockerignore", patterns: docker.split(/\r?\n/).map(anchorDockerPattern), separate: true });
  return extras;
}

/** A .dockerignore line in gitignore syntax: anchored at the root, `./` and leading `/` cleaned. */
export function anchorDockerPattern(line: string): string {
  const trimmed = line.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return "";
  const negated = trimmed.startsWith("!");
  let body = negated ? trimmed.slice(1).trim() : trimmed;
  body = body.replace(/^(?:\.\/|\/)+/, "");
  if (body === "" || body === ".") return "";
  return `${negated ? "!" : ""}/${body}`;
}

/** An ignore file's text; a symlink is not followed (git 2.32+ does not read one either, and it could point out of the tree). */
function readText(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return undefined;
    return readFileSync(fd, "utf8");
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
