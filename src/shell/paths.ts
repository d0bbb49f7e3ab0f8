// Path resolution (against cwd and home) and the protected-path test of POLICY.md P2.
import { posix } from "node:path";
import { loadSemantics } from "./semantics.js";

/** Resolves `p` (already tilde-expanded) against cwd. Unknown cwd + relative path → undefined. */
export function resolvePath(p: string, cwd: string | undefined): string | undefined {
  if (p.startsWith("/")) return posix.normalize(p).replace(/(.)\/+$/, "$1");
  if (cwd === undefined) return undefined;
  return posix.normalize(posix.join(cwd, p)).replace(/(.)\/+$/, "$1");
}

/** `path` with the links the command made earlier (state.links) followed, as the kernel would
 *  follow them on the way to the file: `e/hosts` after `ln -s /etc e` is /etc/hosts. The
 *  link itself is followed too, unless `keepLast` (removing or replacing the link). */
export function followLinks(path: string, state: { links: Map<string, string> }, keepLast = false): string {
  if (state.links.size === 0) return path;
  let p = path;
  for (let hop = 0; hop < 16; hop++) {
    let next: string | undefined;
    for (const [link, target] of state.links) {
      if (p.startsWith(link + "/")) next = target + p.slice(link.length);
      else if (p === link && !keepLast) next = target;
      if (next !== undefined) break;
    }
    if (next === undefined || next === p) return p;
    p = next;
  }
  return p;
}

function under(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith("/") ? root : root + "/");
}

/** The home directory a path lies in (the given home, /home/x, /Users/x, /root), if any. */
export function homeOf(path: string, home: string): string | undefined {
  if (under(path, home)) return home;
  const m = /^(\/home\/[^/]+|\/Users\/[^/]+|\/root)(?:\/|$)/.exec(path);
  return m ? m[1] : undefined;
}

export interface Protection {
  kind: "system" | "persistence" | "root" | "home";
  reason: string;
}

/**
 * Why writing `path` (absolute, normalised) is P2, or undefined. Catalog credential files
 * in a home directory are checked by the caller (it owns the catalog).
 */
export function protectedPath(path: string, home: string): Protection | undefined {
  const sem = loadSemantics();
  if (path === "/") return { kind: "root", reason: "the root directory" };
  for (const ex of sem.protectedExceptions) if (under(path, ex)) return undefined;
  const h = homeOf(path, home);
  if (h !== undefined && h !== "/root") {
    const rel = path.slice(h.length + 1);
    if (rel === "") return undefined;
    for (const p of sem.homePersistence) {
      if (rel === p || rel.startsWith(p + "/")) return { kind: "persistence", reason: `a persistence path in the home directory (~/${p})` };
    }
    return undefined;
  }
  for (const r of sem.protectedRoots) if (under(path, r)) return { kind: "system", reason: `a system path (${r})` };
  return undefined;
}

/** True for a path that is itself a home directory (or the root, or /home). */
export function isHomeDirectory(path: string, home: string): boolean {
  return path === home || path === "/home" || path === "/Users" || /^\/(home|Users)\/[^/]+$/.test(path) || path === "/root";
}

/** Tilde expansion of an unquoted word prefix: `~`, `~/x`, `~root/x`, `~alice`. */
export function expandTilde(text: string, home: string): string {
  if (!text.startsWith("~")) return text;
  const m = /^~([A-Za-z0-9._-]*)(\/.*)?$/.exec(text);
  if (!m) return text;
  const user = m[1]!;
  const rest = m[2] ?? "";
  if (user === "") return home + rest;
  if (user === "root") return "/root" + rest;
  if (user === "+" || user === "-") return text;
  return `/home/${user}${rest}`;
}
