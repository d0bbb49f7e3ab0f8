// What reading or writing one path means, for tools that name files directly (the Claude
// Code Read/Write/Edit/Grep/Glob tools): the same judgement the command analyzer makes for a
// path argument — catalog files are sensitive reads, protected paths are P2 writes.
import { realpathSync } from "node:fs";
import { posix } from "node:path";
import type { Finding } from "../core/types.js";
import { writeEffect } from "./effects.js";
import { Interp } from "./interp.js";
import { expandTilde, resolvePath } from "./paths.js";

export interface FileAccessOptions {
  cwd: string;
  home: string;
  /** Where a path really leads on disk (links followed), or undefined. Default: the file
   *  system's realpath, of the path or, for a file not yet there, of its folder. */
  realpath?: (absolute: string) => string | undefined;
}

/** The path on disk, links followed; for a missing file, its folder's real path and its name. */
export function diskRealpath(absolute: string): string | undefined {
  try {
    return realpathSync.native(absolute);
  } catch {
    try {
      return posix.join(realpathSync.native(posix.dirname(absolute)), posix.basename(absolute));
    } catch {
      return undefined;
    }
  }
}

/** Raw findings (default verdicts applied later by policy) for one access. A path that is a
 *  link (or passes through one) is judged by where it leads too: a file tool reads and writes
 *  the target, whatever the link is called. */
export function judgeFileAccess(path: string, mode: "read" | "write", how: string, o: FileAccessOptions): Finding[] {
  const realpath = o.realpath ?? diskRealpath;
  const it = new Interp(path, { home: o.home, cwd: o.cwd, deadline: performance.now() + 1000, realpath });
  const state = it.newState(o.cwd);
  const text = expandTilde(path, o.home);
  const val = { text, known: true, start: 0, end: path.length, taints: [], quoted: true };
  if (mode === "write") writeEffect(it, val, state, "write", how);
  const m = it.catalogMatch(text, state);
  if (m) {
    const abs = resolvePath(text, o.cwd) ?? text;
    const real = realpath(abs);
    const shown = real !== undefined && real !== abs ? `${abs} (a link to ${real})` : abs;
    it.add("A2", `${how} ${mode === "read" ? "reads" : "touches"} a sensitive file: ${shown} (${m.id})`, 0, path.length, { source: text, catalog: m.id });
  }
  return it.findings;
}
