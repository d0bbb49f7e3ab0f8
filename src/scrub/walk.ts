// Walking a workspace: every directory, regular file, symlink and special file under the root,
// minus what the ignore files leave out, without ever following a link. Symlinks are judged
// here: one whose target (through any chain of links) stays inside the tree is kept as a link
// (re-pointed relative, so an absolute link into the source does not point back at the source
// from the overlay); one that leaves the tree, or cannot be resolved, is dropped.

import { walkSync, type Entry } from "@nodelib/fs.walk";
import { lstatSync, readlinkSync, realpathSync, type Stats } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { IgnoreStack, rootIgnoreExtras } from "./ignore.js";
import type { SkippedPath, WalkOptions } from "./types.js";

export interface WalkFile {
  rel: string;
  abs: string;
  size: number;
  mode: number;
}

export interface WalkLink {
  rel: string;
  /** the link text to write in the overlay (relative, stays inside) */
  target: string;
}

export interface WalkDir {
  rel: string;
  mode: number;
}

export interface WalkResult {
  root: string;
  dirs: WalkDir[];
  files: WalkFile[];
  links: WalkLink[];
  skipped: SkippedPath[];
  ignored: { path: string; by: string }[];
}

/** The name of the manifest in an overlay; a source file of that name cannot be copied. */
export const MANIFEST_NAME = ".airlock-manifest.json";

/** Walk `root` (absolute, a real directory path). */
export function walkWorkspace(root: string, opts: WalkOptions = {}): WalkResult {
  const realRoot = realpathSync(root);
  const stack = opts.noIgnore ? undefined : new IgnoreStack(realRoot, rootIgnoreExtras(realRoot));
  const result: WalkResult = { root: realRoot, dirs: [], files: [], links: [], skipped: [], ignored: [] };
  const relOf = (e: Entry): string => toPosix(relative(realRoot, e.path));
  const excluded = new Set<string>();

  const keep = (e: Entry, isDir: boolean): boolean => {
    const rel = relOf(e);
    if (excluded.has(rel)) return false;
    if (isDir && !opts.includeGit && e.name === ".git") {
      excluded.add(rel);
      return false;
    }
    if (stack !== undefined) {
      const d = stack.decide(rel, isDir);
      if (d.ignored) {
        excluded.add(rel);
        result.ignored.push({ path: rel, by: d.by ?? "" });
        return false;
      }
    }
    return true;
  };

  const entries = walkSync(realRoot, {
    followSymbolicLinks: false,
    stats: true,
    deepFilter: (e) => e.dirent.isDirectory() && !excluded.has(relOf(e)),
    entryFilter: (e) => keep(e, e.dirent.isDirectory()),
    errorFilter: (err) => {
      // an unreadable directory: left out (its contents could not be checked) and recorded
      const path = (err as NodeJS.ErrnoException).path;
      if (path === undefined) return false;
      const rel = toPosix(relative(realRoot, path));
      result.skipped.push({ path: rel, reason: "unreadable", detail: `directory cannot be read (${(err as NodeJS.ErrnoException).code ?? err.message})` });
      excluded.add(rel);
      return true;
    },
  });

  for (const e of entries) {
    const rel = relOf(e);
    if (isUnder(rel, excluded)) continue;
    const st = e.stats as Stats;
    if (e.dirent.isDirectory()) {
      result.dirs.push({ rel, mode: st.mode & 0o7777 });
    } else if (e.dirent.isFile()) {
      if (rel === MANIFEST_NAME) {
        result.skipped.push({ path: rel, reason: "reserved", detail: "the overlay's manifest takes this name" });
        continue;
      }
      result.files.push({ rel, abs: e.path, size: st.size, mode: st.mode & 0o7777 });
    } else if (e.dirent.isSymbolicLink()) {
      const link = judgeLink(realRoot, e.path, rel);
      if ("target" in link) result.links.push(link);
      else result.skipped.push(link);
    } else {
      result.skipped.push({ path: rel, reason: "special-file", detail: `${specialKind(st)}: not copied` });
    }
  }
  // Directories that were excluded after their entry was emitted (unreadable ones).
  if (result.skipped.some((s) => s.reason === "unreadable")) result.dirs = result.dirs.filter((d) => !excluded.has(d.rel));
  return result;
}

function judgeLink(realRoot: string, abs: string, rel: string): WalkLink | SkippedPath {
  let text: string;
  try {
    text = readlinkSync(abs);
  } catch (err) {
    return { path: rel, reason: "unreadable", detail: `symlink cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})` };
  }
  const lexical = resolve(dirname(abs), text);
  if (!inside(realRoot, lexical)) return { path: rel, reason: "symlink-escape", detail: `points outside the tree (${describeTarget(text)})` };
  let real: string | undefined;
  try {
    real = realpathSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") return { path: rel, reason: "symlink-escape", detail: `target cannot be resolved (${code ?? "error"})` };
    // Dangling: safe only if no link along the way leaves the tree. Walk the chain ourselves.
    real = resolveChain(lexical, realRoot);
    if (real === undefined) return { path: rel, reason: "symlink-escape", detail: "dangling link whose chain leaves the tree" };
  }
  if (!inside(realRoot, real)) return { path: rel, reason: "symlink-escape", detail: `resolves outside the tree (${describeTarget(text)})` };
  // Point at the same place relative to the link, so the overlay's link stays in the overlay.
  const target = toPosix(relative(dirname(join(realRoot, rel)), real)) || ".";
  return { rel, target };
}

/** Follow a dangling chain lexically; undefined when some link in it leaves `root`. */
function resolveChain(path: string, root: string, depth = 0): string | undefined {
  if (depth > 40) return undefined;
  if (!inside(root, path)) return undefined;
  // find the deepest existing ancestor; if it is a link, follow it
  let st;
  try {
    st = lstatSync(path);
  } catch {
    const parent = dirname(path);
    if (parent === path) return path;
    const up = resolveChain(parent, root, depth + 1);
    return up === undefined ? undefined : join(up, path.slice(parent.length + 1));
  }
  if (!st.isSymbolicLink()) return path;
  const next = resolve(dirname(path), readlinkSync(path));
  return resolveChain(next, root, depth + 1);
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function isUnder(rel: string, set: Set<string>): boolean {
  if (set.size === 0) return false;
  for (let i = rel.indexOf("/"); i !== -1; i = rel.indexOf("/", i + 1)) if (set.has(rel.slice(0, i))) return true;
  return set.has(rel);
}

function describeTarget(text: string): string {
  return isAbsolute(text) ? text : `→ ${text}`;
}

function specialKind(st: Stats): string {
  if (st.isFIFO()) return "FIFO";
  if (st.isSocket()) return "socket";
  if (st.isBlockDevice()) return "block device";
  if (st.isCharacterDevice()) return "character device";
  return "special file";
}

export function toPosix(p: string): string {
  return sep === "/" ? p : p.split(sep).join("/");
}
