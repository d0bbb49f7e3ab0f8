// The only module that knows tree-sitter. It loads the native parser, or, when the native
// addon cannot be loaded, web-tree-sitter with the grammar's bundled wasm — the same
// grammar, so the same trees. Nodes are consumed by lower.ts and never leave the shell layer.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

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

interface Cursor {
  readonly nodeType: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  readonly currentFieldName: string | null | undefined;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  delete?(): void;
}

interface AnyParser {
  parse(text: string): { walk(): Cursor; delete?: () => void } | null;
}

/**
 * A plain JavaScript copy of a tree-sitter node. The tree is copied once, with a cursor, right
 * after parsing: reading node properties through the native binding costs a boundary crossing
 * each, and the analyzer reads each node several times.
 */
class Node implements SyntaxNode {
  readonly children: Node[] = [];
  readonly fields: (string | null)[] = [];
  named: Node[] | undefined;
  parent: Node | null = null;
  index = 0;
  hasError = false;
  constructor(
    private readonly src: string,
    readonly type: string,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
  ) {}
  get text(): string {
    return this.src.slice(this.startIndex, this.endIndex);
  }
  get childCount(): number {
    return this.children.length;
  }
  private namedList(): Node[] {
    return (this.named ??= this.children.filter((c) => c.isNamed));
  }
  get namedChildCount(): number {
    return this.namedList().length;
  }
  child(i: number): Node | null {
    return this.children[i] ?? null;
  }
  namedChild(i: number): Node | null {
    return this.namedList()[i] ?? null;
  }
  childForFieldName(name: string): Node | null {
    const i = this.fields.indexOf(name);
    return i < 0 ? null : this.children[i]!;
  }
  fieldNameForChild(i: number): string | null {
    return this.fields[i] ?? null;
  }
  get previousSibling(): Node | null {
    return this.parent?.children[this.index - 1] ?? null;
  }
  get nextSibling(): Node | null {
    return this.parent?.children[this.index + 1] ?? null;
  }
}

function copyTree(src: string, cursor: Cursor): Node {
  const root = new Node(src, cursor.nodeType, cursor.startIndex, cursor.endIndex, cursor.nodeIsNamed, cursor.nodeIsMissing);
  let parent = root;
  // Depth-first with the cursor; `parent` follows it down and up.
  if (!cursor.gotoFirstChild()) return root;
  for (;;) {
    const n = new Node(src, cursor.nodeType, cursor.startIndex, cursor.endIndex, cursor.nodeIsNamed, cursor.nodeIsMissing);
    n.parent = parent;
    n.index = parent.children.length;
    parent.children.push(n);
    parent.fields.push(cursor.currentFieldName ?? null);
    if (cursor.gotoFirstChild()) {
      parent = n;
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent() || parent === root) return finish(root);
      parent = parent.parent!;
    }
  }
}

/** hasError: an ERROR or a missing node anywhere below. */
function finish(root: Node): Node {
  const mark = (n: Node): boolean => {
    let err = n.type === "ERROR" || n.isMissing;
    for (const c of n.children) if (mark(c)) err = true;
    n.hasError = err;
    return err;
  };
  mark(root);
  return root;
}

interface LoadedParser {
  parser: AnyParser;
  backend: ParserBackend;
  reason?: string;
}
let loaded: LoadedParser | undefined;
let nativeError: string | undefined;
let loading: Promise<LoadedParser> | undefined;

async function loadWasm(): Promise<AnyParser> {
  // required, not imported: the hook's bundle is a vm.Script, which has no import()
  const { Parser, Language } = require("web-tree-sitter") as typeof import("web-tree-sitter");
  await Parser.init();
  const lang = await Language.load(require.resolve("tree-sitter-bash/tree-sitter-bash.wasm"));
  const p = new Parser();
  p.setLanguage(lang);
  return p as unknown as AnyParser;
}

/** The grammar's compiled binary, loaded directly: the package's loader scans directories and
 *  builds a JavaScript class per node type, which we never use (~8 ms per process). */
function loadBashGrammar(): unknown {
  let root: string;
  try {
    root = dirname(require.resolve("tree-sitter-bash/package.json"));
  } catch {
    return require("tree-sitter-bash");
  }
  for (const candidate of [join(root, "build", "Release", "tree_sitter_bash_binding.node"), join(root, "prebuilds", `${process.platform}-${process.arch}`, "tree-sitter-bash.node")]) {
    try {
      return require(candidate);
    } catch {
      // not built here, or not loadable on this platform: try the next one
    }
  }
  return require("tree-sitter-bash");
}

/** The native parser, or undefined (and nativeError says why). AIRLOCK_PARSER=wasm forces the
 *  fallback (tests prove both give the same answers). */
function tryNative(): LoadedParser | undefined {
  if (nativeError !== undefined) return undefined;
  if (process.env["AIRLOCK_PARSER"] === "wasm") {
    nativeError = "AIRLOCK_PARSER=wasm";
    return undefined;
  }
  try {
    const TreeSitter = require("tree-sitter");
    const Bash = loadBashGrammar();
    const p = new TreeSitter();
    p.setLanguage(Bash);
    return { parser: p as AnyParser, backend: "native" };
  } catch (err) {
    nativeError = err instanceof Error ? (err.message.split("\n")[0] ?? err.message) : String(err);
    return undefined;
  }
}

/**
 * Loads the parser: the native addon, else (asynchronously) web-tree-sitter with the wasm
 * grammar. Idempotent. Modules that parse import ./parser-ready.js, which awaits this at load
 * time; the hook's one-file bundle cannot hold a top-level await, so its entry awaits it.
 */
export function loadParser(): Promise<LoadedParser> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= (async () => {
    const native = tryNative();
    loaded = native ?? { parser: await loadWasm(), backend: "wasm", reason: nativeError };
    return loaded;
  })();
  return loading;
}

function currentParser(): LoadedParser {
  if (loaded) return loaded;
  const native = tryNative();
  if (native) return (loaded = native);
  throw new Error(`the native bash parser cannot be loaded (${nativeError}) and its WebAssembly fallback is not loaded yet (await loadParser() first)`);
}

export function parserBackend(): { backend: ParserBackend; reason?: string } {
  const { backend, reason } = currentParser();
  return reason === undefined ? { backend } : { backend, reason };
}

/** Commands whose tree is known without the parser: simple commands of plain words (the first
 *  not a shell keyword, declaration, assignment or number), joined by `|`, `&&`, `||` and `;`
 *  (`git status -s`, `npm ci && npm test | tail`). Such commands need no grammar: skipping
 *  tree-sitter's load (~4 ms) is a tenth of the hook's own time. test/parse-fast.test.js holds
 *  these trees to tree-sitter's, node for node. */
const PLAIN_TEXT = /^[A-Za-z0-9_./:@%+,=|&; -]+$/;
const PLAIN_FIRST = /^[A-Za-z_./][A-Za-z0-9_./+-]*$/;
/** tree-sitter-bash makes a `number` of a word that is only digits (with a minus sign). */
const NUMBER = /^-?[0-9]+$/;
const NOT_PLAIN_FIRST = new Set(["if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "in", "function", "time", "coproc", "declare", "typeset", "export", "readonly", "local", "unset", "unsetenv"]);

type Token = { op?: "|" | "&&" | "||" | ";"; start: number; end: number };

export function plainCommandTree(text: string): SyntaxNode | undefined {
  if (text.length > 4096 || !PLAIN_TEXT.test(text) || text.startsWith(" ") || text.endsWith(" ")) return undefined;
  const tokens: Token[] = [];
  for (const m of text.matchAll(/&&|\|\||[|;]|[^ |&;]+|&| +/g)) {
    const t = m[0];
    if (t.startsWith(" ")) continue;
    if (t === "&") return undefined; // background
    const start = m.index!;
    tokens.push(t === "&&" || t === "||" || t === "|" || t === ";" ? { op: t, start, end: start + t.length } : { start, end: start + t.length });
  }
  const root = new Node(text, "program", 0, text.length, true, false);
  const adopt = (parent: Node, child: Node, field: string | null): Node => {
    child.parent = parent;
    child.index = parent.children.length;
    parent.children.push(child);
    parent.fields.push(field);
    return child;
  };
  const span = (type: string, children: Node[]): Node => {
    const n = new Node(text, type, children[0]!.startIndex, children[children.length - 1]!.endIndex, true, false);
    for (const c of children) adopt(n, c, null);
    return n;
  };
  let i = 0;
  const command = (): Node | undefined => {
    const words: Token[] = [];
    while (i < tokens.length && tokens[i]!.op === undefined) words.push(tokens[i++]!);
    if (words.length === 0) return undefined;
    const first = text.slice(words[0]!.start, words[0]!.end);
    if (!PLAIN_FIRST.test(first) || NOT_PLAIN_FIRST.has(first)) return undefined;
    const cmd = new Node(text, "command", words[0]!.start, words[words.length - 1]!.end, true, false);
    const name = adopt(cmd, new Node(text, "command_name", words[0]!.start, words[0]!.end, true, false), "name");
    adopt(name, new Node(text, "word", words[0]!.start, words[0]!.end, true, false), null);
    for (const w of words.slice(1)) adopt(cmd, new Node(text, NUMBER.test(text.slice(w.start, w.end)) ? "number" : "word", w.start, w.end, true, false), "argument");
    return cmd;
  };
  const operator = (t: Token): Node => new Node(text, t.op!, t.start, t.end, false, false);
  const pipeline = (): Node | undefined => {
    const parts: Node[] = [];
    for (;;) {
      const c = command();
      if (!c) return undefined;
      parts.push(c);
      if (tokens[i]?.op !== "|") break;
      parts.push(operator(tokens[i++]!));
    }
    return parts.length === 1 ? parts[0] : span("pipeline", parts);
  };
  const statement = (): Node | undefined => {
    let left = pipeline();
    while (left && (tokens[i]?.op === "&&" || tokens[i]?.op === "||")) {
      const op = operator(tokens[i++]!);
      const right = pipeline();
      if (!right) return undefined;
      left = span("list", [left, op, right]);
    }
    return left;
  };
  for (;;) {
    const st = statement();
    if (!st) return undefined;
    adopt(root, st, null);
    if (i >= tokens.length) return root;
    if (tokens[i]!.op !== ";" || i === tokens.length - 1) return undefined;
    adopt(root, operator(tokens[i++]!), null);
  }
}

export function parseBash(text: string): SyntaxNode {
  const plain = plainCommandTree(text);
  if (plain) return plain;
  const tree = currentParser().parser.parse(text);
  if (!tree) throw new Error("tree-sitter returned no tree");
  const cursor = tree.walk();
  try {
    const root = copyTree(text, cursor);
    if (root.children.length === 0) finish(root);
    return root;
  } finally {
    cursor.delete?.();
    tree.delete?.();
  }
}
