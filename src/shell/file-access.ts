// What reading or writing one path means, for tools that name files directly (the Claude
// Code Read/Write/Edit/Grep/Glob tools): the same judgement the command analyzer makes for a
// path argument — catalog files are sensitive reads, protected paths are P2 writes.
import type { Finding } from "../core/types.js";
import { writeEffect } from "./effects.js";
import { Interp } from "./interp.js";
import { expandTilde, resolvePath } from "./paths.js";

export interface FileAccessOptions {
  cwd: string;
  home: string;
}

/** Raw findings (default verdicts applied later by policy) for one access. */
export function judgeFileAccess(path: string, mode: "read" | "write", how: string, o: FileAccessOptions): Finding[] {
  const it = new Interp(path, { home: o.home, cwd: o.cwd, deadline: performance.now() + 1000 });
  const state = it.newState(o.cwd);
  const text = expandTilde(path, o.home);
  const val = { text, known: true, start: 0, end: path.length, taints: [], quoted: true };
  if (mode === "write") writeEffect(it, val, state, "write", how);
  const m = it.catalogMatch(text, state);
  if (m) it.add("A2", `${how} ${mode === "read" ? "reads" : "touches"} a sensitive file: ${resolvePath(text, o.cwd) ?? text} (${m.id})`, 0, path.length, { source: text, catalog: m.id });
  return it.findings;
}
