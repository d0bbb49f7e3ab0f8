// Pathname expansion: bash replaces an unquoted word holding *, ? or […] by the files it
// matches. The analyzer cannot list the files, so it asks what the pattern *could* match:
// a privileged command (`/???/??do`), a protected path (`/et?/hosts`), a catalog file
// (`/etc/sha*`). Case-sensitive; `*` and `?` do not match `/`, nor a leading dot.

export function hasGlob(text: string): boolean {
  return /[*?]|\[[^\]]+\]/.test(text);
}

const cache = new Map<string, RegExp>();

/** One path segment's pattern as an anchored regex. */
export function segmentRegExp(seg: string): RegExp {
  let re = cache.get(seg);
  if (re) return re;
  let out = seg.startsWith(".") ? "" : "(?!\\.)";
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const close = seg.indexOf("]", i + 2);
      if (close < 0) {
        out += "\\[";
        continue;
      }
      let body = seg.slice(i + 1, close);
      if (body.startsWith("!") || body.startsWith("^")) body = "^" + body.slice(1);
      out += "[" + body.replace(/\\/g, "\\\\") + "]";
      i = close;
    } else out += c.replace(/[.+^${}()|\]\\]/g, "\\$&");
  }
  re = new RegExp("^" + out + "$");
  cache.set(seg, re);
  return re;
}

/** Could the absolute glob `pattern` name `path` or something below it? */
export function globCouldReach(pattern: string, path: string): boolean {
  const g = pattern.split("/").filter((s) => s !== "");
  const p = path.split("/").filter((s) => s !== "");
  if (g.length < p.length) {
    // the pattern is shorter: it names an ancestor of `path` (e.g. /e* reaches /etc/x)
    return g.every((seg, i) => segmentRegExp(seg).test(p[i]!));
  }
  return p.every((seg, i) => segmentRegExp(g[i]!).test(seg));
}

/** Does the glob match exactly this path (same number of segments)? */
export function globMatches(pattern: string, path: string): boolean {
  const g = pattern.split("/").filter((s) => s !== "");
  const p = path.split("/").filter((s) => s !== "");
  return g.length === p.length && g.every((seg, i) => segmentRegExp(seg).test(p[i]!));
}
