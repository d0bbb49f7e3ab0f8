// Permission patterns in the form users know (`npm *`, `git push *`, `rm *`), matched against
// each simple command as bash would run it: after unwrapping and quote removal.
import type { Finding, ResolvedCommand } from "../core/types.js";
import type { EffectivePolicy } from "./policy.js";

const cache = new Map<string, RegExp>();

function patternRegExp(p: string): RegExp {
  let re = cache.get(p);
  if (!re) {
    // `*` matches anything (including spaces); a trailing ` *` also matches nothing (`npm *` ⊇ `npm`)
    const body = p.trim().split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[\\s\\S]*").replace(/ \[\\s\\S\]\*$/, "(?: [\\s\\S]*)?");
    re = new RegExp(`^${body}$`);
    cache.set(p, re);
  }
  return re;
}

export function commandText(c: ResolvedCommand): string {
  return c.argv.join(" ");
}

export function matchesPattern(c: ResolvedCommand, pattern: string): boolean {
  if (c.argv.length === 0) return false;
  const argv = [c.argv[0]!.split("/").pop()!, ...c.argv.slice(1)];
  return patternRegExp(pattern).test(argv.join(" ")) || patternRegExp(pattern).test(commandText(c));
}

/** user.deny / user.ask findings for the commands that match deny/ask patterns. */
export function permissionFindings(commands: ResolvedCommand[], policy: EffectivePolicy): Finding[] {
  const out: Finding[] = [];
  for (const c of commands) {
    const deny = policy.permissions.deny.find((p) => matchesPattern(c, p));
    if (deny) {
      out.push({ rule: "user.deny", verdict: "deny", message: `matches the deny pattern "${deny}"`, start: c.start, end: c.end });
      continue;
    }
    const ask = policy.permissions.ask.find((p) => matchesPattern(c, p));
    if (ask) out.push({ rule: "user.ask", verdict: "ask", message: `matches the ask pattern "${ask}"`, start: c.start, end: c.end });
  }
  return out;
}

/** True only if there is at least one command, none is dynamic, and every one matches an
 *  allow pattern (and no deny/ask pattern). */
export function allowedByPermissions(commands: ResolvedCommand[], policy: EffectivePolicy): boolean {
  if (commands.length === 0) return false;
  return commands.every(
    (c) => !c.dynamic && policy.permissions.allow.some((p) => matchesPattern(c, p)) && !policy.permissions.deny.some((p) => matchesPattern(c, p)) && !policy.permissions.ask.some((p) => matchesPattern(c, p)),
  );
}
