// Values the interpreter passes around: resolved words, data contents and their taint.
import type { SyntaxNode } from "./parse.js";

/** Where a piece of data came from. Only sources that matter to policy are tracked. */
export type TaintKind =
  | "secret" // a sensitive-file catalog file
  | "env" // a dump of the environment
  | "secretvar" // the expansion of a secret-looking variable
  | "local" // other local file content or command output
  | "download"; // content fetched from the network

export interface Taint {
  kind: TaintKind;
  /** what it is: the file path, the variable name, the URL */
  label: string;
  /** span of the source in the top-level command */
  start: number;
  end: number;
  /** secretvar: the variable name (for host pairings) */
  variable?: string;
}

/** The content of a stream or file: the exact text when it is statically known. */
export interface Content {
  text?: string;
  taints: Taint[];
  /** a path standing for the items of this stream (`find /var/www … | xargs rm`) */
  pathHint?: string;
  /** when `text` is a literal of the top-level command (a here-string), where it starts */
  mapBase?: number;
  /** a file this command wrote from a stream (a redirection, tee) whose text is not known:
   *  running it runs code that cannot be resolved (not a copy of a program that exists) */
  generated?: boolean;
}

export const EMPTY: Content = { text: "", taints: [] };
export const UNKNOWN: Content = { taints: [] };

/** A shell word after expansion and quote removal. */
export interface Val {
  /** the value when `known`; otherwise the best static guess (often the source text) */
  text: string;
  known: boolean;
  /** span of the word in the top-level command */
  start: number;
  end: number;
  taints: Taint[];
  /** any part of the word was quoted (so it is no glob, no tilde, no field splitting) */
  quoted: boolean;
  /** when text maps 1:1 onto the top-level source, the offset of its first character */
  mapBase?: number;
  /** for <(…) words: the content a reader of this "file" gets */
  content?: Content;
  /** the word contained a command or process substitution */
  substituted?: boolean;
  /** when not known: the values it may have (branches of an if/case), each judged */
  alts?: string[];
  /** the text with unquoted brace syntax intact and literal braces protected (braces.ts) */
  braced?: string;
  /** array elements, for "${a[@]}" */
  items?: string[];
  /** when not known: a path it stands for (the output of a `find`) */
  hint?: string;
}

export function mergeTaints(...lists: (Taint[] | undefined)[]): Taint[] {
  const out: Taint[] = [];
  const seen = new Set<string>();
  for (const l of lists) {
    if (!l) continue;
    for (const t of l) {
      const k = `${t.kind}\u0000${t.label}\u0000${t.start}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(t);
    }
  }
  return out;
}

/** A frame maps offsets of the text being analysed to offsets of the top-level command. */
export interface Frame {
  src: string;
  /** offset of src[0] in the top-level command when the text maps 1:1, else undefined */
  base?: number;
  /** the span everything in this frame maps to when it does not map 1:1 */
  outer: [number, number];
  depth: number;
}

export function spanOf(frame: Frame, node: SyntaxNode | { startIndex: number; endIndex: number }): [number, number] {
  return mapSpan(frame, node.startIndex, node.endIndex);
}

export function mapSpan(frame: Frame, s: number, e: number): [number, number] {
  if (frame.base !== undefined) return [frame.base + s, frame.base + e];
  return frame.outer;
}
