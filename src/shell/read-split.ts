// How bash's `read` divides one line among its variables: by IFS (whitespace runs collapse and
// are trimmed; every other IFS character ends a field on its own), the last variable taking
// the rest of the line, and — without -r — backslashes removed, an escaped character never
// ending a field. test/read-split.test.js holds this to bash itself on random lines.

const IFS_WHITESPACE = new Set([" ", "\t", "\n"]);

interface Ch {
  c: string;
  escaped: boolean;
}

/**
 * The values `read` gives `count` variables (count ≥ 1) from `line` (no newline in it), or
 * undefined when that is not decided here: a line ending in a lone backslash (it continues on
 * the next line), or, without -r, a backslash before an IFS character.
 */
export function readSplit(line: string, ifs: string, count: number, raw: boolean): string[] | undefined {
  const chars: Ch[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (!raw && c === "\\") {
      if (i + 1 >= line.length) return undefined;
      // An escaped IFS character is kept inside a field, except where bash trims the line's
      // ends, which it does not do consistently: leave such lines unknown.
      if (ifs.includes(line[i + 1]!)) return undefined;
      chars.push({ c: line[i + 1]!, escaped: true });
      i++;
    } else chars.push({ c, escaped: false });
  }
  const isIfs = (ch: Ch | undefined): boolean => ch !== undefined && !ch.escaped && ifs.includes(ch.c);
  const isWs = (ch: Ch | undefined): boolean => isIfs(ch) && IFS_WHITESPACE.has(ch!.c);
  const text = (from: number, to: number): string => chars.slice(from, to).map((ch) => ch.c).join("");

  let i = 0;
  while (isWs(chars[i])) i++;
  const out: string[] = [];
  for (let v = 0; v < count - 1; v++) {
    const start = i;
    while (i < chars.length && !isIfs(chars[i])) i++;
    out.push(text(start, i));
    // the separator: IFS whitespace, at most one other IFS character, IFS whitespace
    while (isWs(chars[i])) i++;
    if (isIfs(chars[i]) && !isWs(chars[i])) {
      i++;
      while (isWs(chars[i])) i++;
    }
  }
  // The last variable: the rest, without trailing IFS whitespace, and without one trailing
  // IFS character (and the whitespace before it) when what precedes it is a single field.
  let end = chars.length;
  while (end > i && isWs(chars[end - 1])) end--;
  if (end > i && isIfs(chars[end - 1])) {
    let before = end - 1;
    while (before > i && isWs(chars[before - 1])) before--;
    let single = true;
    for (let k = i; k < before; k++) if (isIfs(chars[k])) single = false;
    if (single) end = before;
  }
  out.push(text(i, end));
  return out;
}
