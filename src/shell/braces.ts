// Brace expansion, as bash does it before every other expansion: `s{u,}do` → `sudo sdo`,
// `{1..3}` → `1 2 3`. Quoted or escaped braces, and braces that came from a variable's value,
// do not expand: the lowering marks those with private-use stand-ins before calling this.

export const LIT_OPEN = "\uE000";
export const LIT_CLOSE = "\uE001";
export const LIT_COMMA = "\uE002";
const MAX = 256;

/** Replace brace syntax in text that must stay literal. */
export function protectBraces(s: string): string {
  return s.replace(/\{/g, LIT_OPEN).replace(/\}/g, LIT_CLOSE).replace(/,/g, LIT_COMMA);
}

export function restoreBraces(s: string): string {
  return s.replace(/\uE000/g, "{").replace(/\uE001/g, "}").replace(/\uE002/g, ",");
}

export function hasBraceExpansion(s: string): boolean {
  return /\{[^{}]*(?:,|\.\.)[^{}]*\}/.test(s) || /\{.*,.*\}/.test(s);
}

/** All words the pattern expands to (capped), with protected characters restored. */
export function expandBraces(s: string): string[] {
  return expand(s).slice(0, MAX).map(restoreBraces);
}

function expand(s: string): string[] {
  // find the first `{` that has a matching `}` with a top-level `,` or a `..` range
  for (let open = s.indexOf("{"); open >= 0; open = s.indexOf("{", open + 1)) {
    let depth = 0;
    const commas: number[] = [];
    let close = -1;
    for (let i = open; i < s.length; i++) {
      const c = s[i];
      if (c === "{") depth++;
      else if (c === "}") {
        depth--;
        if (depth === 0) {
          close = i;
          break;
        }
      } else if (c === "," && depth === 1) commas.push(i);
    }
    if (close < 0) return [s];
    const pre = s.slice(0, open);
    const post = s.slice(close + 1);
    const body = s.slice(open + 1, close);
    let alts: string[] | undefined;
    if (commas.length > 0) {
      alts = [];
      let last = open + 1;
      for (const c of [...commas, close]) {
        alts.push(s.slice(last, c));
        last = c + 1;
      }
    } else {
      const m = /^(-?\d+|[a-zA-Z])\.\.(-?\d+|[a-zA-Z])(?:\.\.(-?\d+))?$/.exec(body);
      if (m) alts = range(m[1]!, m[2]!, m[3]);
    }
    if (!alts) continue;
    const out: string[] = [];
    for (const a of alts) {
      for (const x of expand(pre + a + post)) {
        out.push(x);
        if (out.length >= MAX) return out;
      }
    }
    return out;
  }
  return [s];
}

function range(a: string, b: string, step?: string): string[] | undefined {
  const inc = Math.max(1, Math.abs(parseInt(step ?? "1", 10)) || 1);
  const num = /^-?\d+$/.test(a) && /^-?\d+$/.test(b);
  const from = num ? parseInt(a, 10) : a.charCodeAt(0);
  const to = num ? parseInt(b, 10) : b.charCodeAt(0);
  if (!num && (/\d/.test(a) || /\d/.test(b))) return undefined;
  const out: string[] = [];
  const dir = from <= to ? 1 : -1;
  for (let v = from; dir > 0 ? v <= to : v >= to; v += dir * inc) {
    out.push(num ? String(v) : String.fromCharCode(v));
    if (out.length >= MAX) break;
  }
  return out;
}
