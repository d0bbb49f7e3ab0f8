// How far a regex can reach from where its match starts: an upper bound on the match length
// plus whatever its lookarounds may read. Bounded rules let the engine run them only in windows
// around their keywords instead of over the whole text. Infinity when a quantifier is unbounded
// (`*`, `+`, `{n,}`) — such a rule is always run over the whole text.

/** Upper bound, in UTF-16 code units, of the text a match of `source` can span or examine. */
export function regexReach(source: string, flags = ""): number {
  const unit = flags.includes("u") || flags.includes("v") ? 2 : 1;
  const groups: number[] = []; // max length of each capture group, by number
  let groupCount = 0;
  let look = 0;
  const named = new Map<string, number>();
  let i = 0;

  // Returns the max length of an alternation, stopping at an unmatched ")" or the end.
  function alternation(): number {
    let best = sequence();
    while (source[i] === "|") {
      i++;
      best = Math.max(best, sequence());
    }
    return best;
  }

  function sequence(): number {
    let total = 0;
    while (i < source.length && source[i] !== "|" && source[i] !== ")") {
      const atomLen = atom();
      total += atomLen * quantifier();
    }
    return total;
  }

  function quantifier(): number {
    const c = source[i];
    let times = 1;
    if (c === "*" || c === "+") {
      i++;
      times = Number.POSITIVE_INFINITY;
    } else if (c === "?") {
      i++;
    } else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (m === null) return 1; // a literal "{"
      i += m[0].length;
      if (m[2] === undefined) times = Number(m[1]);
      else times = m[3] === "" ? Number.POSITIVE_INFINITY : Number(m[3]);
    } else {
      return 1;
    }
    if (source[i] === "?") i++; // lazy
    return times;
  }

  function atom(): number {
    const c = source[i]!;
    if (c === "^" || c === "$") {
      i++;
      return 0;
    }
    if (c === ".") {
      i++;
      return unit;
    }
    if (c === "[") {
      i++;
      if (source[i] === "^") i++;
      if (source[i] === "]") i++;
      while (i < source.length && source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
      i++;
      return unit;
    }
    if (c === "(") {
      i++;
      let index: number | undefined; // capture group number
      let name: string | undefined;
      let lookaround = false;
      if (source[i] === "?") {
        const rest = source.slice(i, i + 3);
        if (rest.startsWith("?:")) i += 2;
        else if (rest.startsWith("?=") || rest.startsWith("?!")) {
          i += 2;
          lookaround = true;
        } else if (rest === "?<=" || rest === "?<!") {
          i += 3;
          lookaround = true;
        }
        else if (rest.startsWith("?<")) {
          const end = source.indexOf(">", i);
          name = source.slice(i + 2, end);
          index = ++groupCount;
          i = end + 1;
        } else i += 1;
      } else {
        index = ++groupCount;
      }
      const len = alternation();
      i++; // ")"
      if (index !== undefined) groups[index] = len;
      if (name !== undefined) named.set(name, len);
      // A lookaround matches nothing but reads up to `len` characters beyond (or before) where
      // it stands, which is inside the match: the longest one is added to the reach once.
      if (lookaround) {
        look = Math.max(look, len);
        return 0;
      }
      return len;
    }
    if (c === "\\") {
      const next = source[i + 1] ?? "";
      if (next === "b" || next === "B") {
        i += 2;
        return 0;
      }
      if (/[1-9]/.test(next)) {
        const m = /^\\(\d+)/.exec(source.slice(i))!;
        i += m[0].length;
        return groups[Number(m[1])] ?? Number.POSITIVE_INFINITY;
      }
      if (next === "k" && source[i + 2] === "<") {
        const end = source.indexOf(">", i);
        const name = source.slice(i + 3, end);
        i = end + 1;
        return named.get(name) ?? Number.POSITIVE_INFINITY;
      }
      if (next === "x") i += 4;
      else if (next === "u" && source[i + 2] === "{") i = source.indexOf("}", i) + 1;
      else if (next === "u") i += 6;
      else if (next === "c") i += 3;
      else if ((next === "p" || next === "P") && source[i + 2] === "{") i = source.indexOf("}", i) + 1;
      else i += 2;
      return unit;
    }
    i++;
    return 1;
  }

  const total = alternation();
  return i < source.length ? Number.POSITIVE_INFINITY : total + look; // an unbalanced ")" — be safe
}
