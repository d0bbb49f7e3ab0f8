// Which paths a workspace leaves out, decided as git decides: every `.gitignore` applies to its
// own directory and below, with patterns relative to it; a deeper file's patterns come later,
// so the last pattern that matches a path — at any level — says whether it is ignored
// (`!keep.log` in a subdirectory re-includes what the root excluded). A directory that is
// ignored is not entered, so nothing inside it can be re-included (git's rule too).
//
// `.airlockignore` files follow the same syntax and the same nesting, after `.gitignore` at each
// level. The root `.dockerignore` is anchored at the root (Docker matches its patterns
// against root-relative paths only: `*.md` there is `/*.md`); Docker's re-inclusion of a path
// inside an excluded directory is not followed — the directory stays out, the safe direction.
// `.git/info/exclude` applies at the root, as in git.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Ignore } from "ignore";

const requireCjs = createRequire(import.meta.url);
let ignoreLib: ((options?: { ignorecase?: boolean }) => Ignore) | undefined;
function makeIgnore(): Ignore {
  ignoreLib ??= requireCjs("ignore") as (options?: { ignorecase?: boolean }) => Ignore;
  return ignoreLib({ ignorecase: false });
}

/** Per-directory ignore files, read in this order at each level. */
export const IGNORE_FILES = [".gitignore", ".airlockignore"] as const;

interface Level {
  /** the directory, relative to the root ("" for the root), with a trailing "/" unless root */
  prefix: string;
  rules: Ignore;
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
  private readonly sources = new Map<Ignore, string>();
  private readonly files: readonly string[];

  /**
   * @param root absolute path of the tree
   * @param rootExtras rules that apply at the root before any .gitignore (`.git/info/exclude`,
   *   the anchored `.dockerignore`), each with the name shown in `by`
   */
  constructor(root: string, rootExtras: { name: string; patterns: string[] }[] = [], files: readonly string[] = IGNORE_FILES) {
    this.root = root;
    this.files = files;
    const base: Level[] = [];
    for (const extra of rootExtras) {
      if (extra.patterns.length === 0) continue;
      const rules = makeIgnore().add(extra.patterns);
      this.sources.set(rules, extra.name);
      base.push({ prefix: "", rules });
    }
    this.levels.set("", [...base, ...this.read("")]);
  }

  /** Is `rel` (root-relative, POSIX) ignored? `dir` says whether it is a directory. */
  decide(rel: string, dir: boolean): IgnoreDecision {
    const slash = rel.lastIndexOf("/");
    const parent = slash === -1 ? "" : rel.slice(0, slash);
    let decision: IgnoreDecision = { ignored: false };
    for (const level of this.chain(parent)) {
      const sub = rel.slice(level.prefix.length) + (dir ? "/" : "");
      const r = level.rules.checkIgnore(sub);
      if (r.ignored) decision = { ignored: true, by: `${this.sources.get(level.rules)}: ${r.rule?.pattern ?? ""}` };
      else if (r.unignored) decision = { ignored: false, by: `${this.sources.get(level.rules)}: ${r.rule?.pattern ?? ""}` };
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
      const rules = makeIgnore().add(text);
      this.sources.set(rules, dir === "" ? name : `${dir}/${name}`);
      out.push({ prefix: dir === "" ? "" : `${dir}/`, rules });
    }
    return out;
  }
}

/** Root-level extra rules: `.git/info/exclude` and the anchored `.dockerignore`. */
export function rootIgnoreExtras(root: string): { name: string; patterns: string[] }[] {
  const extras: { name: string; patterns: string[] }[] = [];
  const exclude = readText(join(root, ".git", "info", "exclude"));
  if (exclude !== undefined) extras.push({ name: ".git/info/exclude", patterns: exclude.split(/\r?\n/) });
  const docker = readText(join(root, ".dockerignore"));
  if (docker !== undefined) extras.push({ name: ".dockerignore", patterns: docker.split(/\r?\n/).map(anchorDockerPattern) });
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

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
