// The raw-text safety net beside the parser: constructs that tree-sitter-bash is known to
// misparse, or that bash treats differently from how they look. Each one found is A4 (ask):
// the tree cannot be trusted to show what bash would run.

export interface RawProblem {
  message: string;
  start: number;
  end: number;
}

const CHECKS: { re: RegExp; message: string }[] = [
  // C0 controls other than tab/newline, DEL, and C1 controls: terminals hide them, bash does not.
  { re: /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, message: "contains a control character" },
  // Whitespace bash does not split on, and invisible or direction-changing characters.
  { re: /[\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\ufff9-\ufffb]/g, message: "contains Unicode whitespace, an invisible or a bidirectional control character" },
  // ${x@P} (prompt expansion runs $(…)), @Q @E @A @K @a @k @U @u @L transformations.
  { re: /\$\{[^}]*@[PQEAKakULu]\s*\}/g, message: "uses a ${…@…} transformation the parser does not model" },
  // bash 5.3 command substitution in the current shell: ${ cmd; } and ${| cmd; }
  { re: /\$\{[\s|]/g, message: "uses a ${ …; } command substitution (bash 5.3) the parser does not model" },
  // $ followed by a line continuation before ( or {: bash joins them, tree-sitter may not.
  { re: /\$\\\r?\n/g, message: "splits a $ expansion across a line continuation" },
];

export function rawTextProblems(text: string): RawProblem[] {
  const out: RawProblem[] = [];
  for (const { re, message } of CHECKS) {
    re.lastIndex = 0;
    const m = re.exec(text);
    if (m) out.push({ message, start: m.index, end: m.index + m[0].length });
  }
  // `;;` outside a case statement is a syntax error bash reports and tree-sitter may not.
  const unquoted = text.replace(/'[^']*'|"(?:\\.|[^"\\])*"/g, (m) => " ".repeat(m.length));
  if (unquoted.includes(";;") && !/\bcase\b/.test(unquoted)) {
    const i = unquoted.indexOf(";;");
    out.push({ message: "has ;; outside a case statement", start: i, end: i + 2 });
  }
  const bt = backtickInUnquotedHeredoc(text);
  if (bt) out.push(bt);
  return out;
}

/** Backticks in the body of an unquoted here-document are command substitutions that
 *  tree-sitter-bash leaves as text. */
function backtickInUnquotedHeredoc(text: string): RawProblem | undefined {
  const re = /<<-?\s*([A-Za-z_][A-Za-z0-9_]*)[^\n]*\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const delim = m[1]!;
    const bodyStart = m.index + m[0].length;
    const endRe = new RegExp(`^\\t*${delim}$`, "m");
    const rest = text.slice(bodyStart);
    const end = endRe.exec(rest);
    const body = end ? rest.slice(0, end.index) : rest;
    const i = body.indexOf("`");
    if (i >= 0) return { message: "has a backtick substitution inside an unquoted here-document", start: bodyStart + i, end: bodyStart + i + 1 };
  }
  return undefined;
}
