// The only module that knows tree-sitter. It loads the native parser, or, when the native
// addon cannot be loaded, web-tree-sitter with the grammar's bundled wasm — the same
// grammar, so the same trees. Nodes are consumed by lower.ts and never leave the shell layer.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The part of the tree-sitter node API both bindings share and that we use. */
export interface SyntaxNode {
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly childCount: number;
  readonly namedChildCount: number;
  readonly isNamed: boolean;
  readonly hasError: boolean;
  readonly isMissing: boolean;
  child(i: number): SyntaxNode | null;
  namedChild(i: number): SyntaxNode | null;
  childForFieldName(name: string): SyntaxNode | null;
  fieldNameForChild?(i: number): string | null;
  readonly parent: SyntaxNode | null;
  readonly previousSibling: SyntaxNode | null;
  readonly nextSibling: SyntaxNode | null;
}

/**
 * tree-sitter-bash 0.25 has no `<>` (open read-write) operator: `3<>f` parses as `3<` with an
 * ERROR `>`, and `<>f` as an ERROR `<` before a `>f` redirection. These ERROR nodes are that
 * operator, not a syntax error; the lowering reads them as `<>`. (A third shape: `5<>f` as
 * descriptor, ERROR `<`, then `>`.)
 */
export function isReadWriteOperatorError(n: SyntaxNode): boolean {
  if (n.type !== "ERROR") return false;
  if (n.text === ">") {
    const prev = n.previousSibling;
    return !!prev && prev.type === "<" && prev.endIndex === n.startIndex && n.parent?.type === "file_redirect";
  }
  if (n.text === "<") {
    const next = n.nextSibling;
    if (!next || next.startIndex !== n.endIndex) return false;
    return (next.type === "file_redirect" && next.child(0)?.type === ">") || (next.type === ">" && n.parent?.type === "file_redirect");
  }
  return false;
}

export type ParserBackend = "native" | "wasm";

interface AnyParser {
  parse(text: string): { rootNode: SyntaxNode; delete?: () => void } | null;
}

let parser: AnyParser;
let backend: ParserBackend;
let fallbackReason: string | undefined;

async function loadWasm(): Promise<AnyParser> {
  const { Parser, Language } = await import("web-tree-sitter");
  await Parser.init();
  const lang = await Language.load(require.resolve("tree-sitter-bash/tree-sitter-bash.wasm"));
  const p = new Parser();
  p.setLanguage(lang);
  return p as unknown as AnyParser;
}

function loadNative(): AnyParser {
  const TreeSitter = require("tree-sitter");
  const Bash = require("tree-sitter-bash");
  const p = new TreeSitter();
  p.setLanguage(Bash);
  return p as AnyParser;
}

// AIRLOCK_PARSER=wasm forces the fallback (tests prove both give the same answers).
const forced = process.env["AIRLOCK_PARSER"];
if (forced === "wasm") {
  parser = await loadWasm();
  backend = "wasm";
  fallbackReason = "AIRLOCK_PARSER=wasm";
} else {
  try {
    parser = loadNative();
    backend = "native";
  } catch (err) {
    fallbackReason = err instanceof Error ? err.message.split("\n")[0] : String(err);
    parser = await loadWasm();
    backend = "wasm";
  }
}

export function parserBackend(): { backend: ParserBackend; reason?: string } {
  return fallbackReason === undefined ? { backend } : { backend, reason: fallbackReason };
}

export function parseBash(text: string): SyntaxNode {
  const tree = parser.parse(text);
  if (!tree) throw new Error("tree-sitter returned no tree");
  return tree.rootNode;
}
