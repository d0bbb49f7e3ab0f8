// The lowering and effects stage: walks the syntax tree the way bash would execute it,
// resolving words (quotes, escapes, constant variables, substitutions), unfolding wrappers,
// nested shells, functions and aliases, and recording what each simple command would do.
// Anything it cannot resolve becomes an A3/A4 finding, never silence.
import { posix } from "node:path";
import type { Finding, ResolvedCommand } from "../core/types.js";
import { loadSensitiveCatalog } from "../catalog/sensitive-files.js";
import type { SensitiveCatalog } from "../catalog/sensitive-files.js";
import "./parser-ready.js";
import { isReadWriteOperatorError, parseBash } from "./parse.js";
import type { SyntaxNode } from "./parse.js";
import { decodeAnsiC } from "./decode.js";
import { loadSemantics } from "./semantics.js";
import type { Semantics } from "./semantics.js";
import { expandTilde, followLinks, homeOf, resolvePath } from "./paths.js";
import { globCouldReach, globMatches, hasGlob, segmentRegExp } from "./globs.js";
import { expandBraces, hasBraceExpansion, protectBraces } from "./braces.js";
import { rawTextProblems } from "./safety-net.js";
import type { Content, Frame, Taint, Val } from "./values.js";
import { EMPTY, mapSpan, mergeTaints, spanOf } from "./values.js";
import { dispatch } from "./commands.js";

export const MAX_DEPTH = 24;
export const MAX_STEPS = 200_000;
export const MAX_TREE_DEPTH = 400;

function treeDepth(root: SyntaxNode): number {
  let max = 0;
  const stack: [SyntaxNode, number][] = [[root, 1]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    if (d > max) max = d;
    for (let i = 0; i < n.childCount; i++) stack.push([n.child(i)!, d + 1]);
  }
  return max;
}

export class BudgetExceeded extends Error {}

const catalogCache = new Map<string, { id: string; description: string } | null>();

export interface VarVal {
  text: string;
  known: boolean;
  /** the values it may have when branches set it differently */
  alts?: string[];
  /** array elements */
  items?: string[];
  /** a path it stands for (from a find's output) */
  hint?: string;
  taints: Taint[];
  mapBase?: number;
  start?: number;
  end?: number;
}

export interface FuncDef {
  body: SyntaxNode;
  frame: Frame;
  called: boolean;
}

export interface State {
  vars: Map<string, VarVal>;
  funcs: Map<string, FuncDef>;
  aliases: Map<string, { text: string; start: number; end: number }>;
  cwd: string | undefined;
  /** files written earlier in the same command, with what was written to them */
  files: Map<string, Content & { download?: string }>;
  /** file descriptors opened on a network peer (`exec 3<>/dev/tcp/h/p`) */
  netFds: Map<string, { peer: string; start: number; end: number }>;
  allexport: boolean;
  /** directories mounted from a remote host (sshfs): writes into them are uploads */
  remoteMounts: Map<string, string>;
  /** links made earlier in the same command (`ln -s /etc e`): link path → the path it names */
  links: Map<string, string>;
}

export interface Redirect {
  op: string;
  fd?: string;
  target: Val;
  /** words tree-sitter attached to the redirection that bash passes to the command as
   *  arguments (`find / 2>/dev/null -exec …`: `-exec …` are find's arguments) */
  extra?: SyntaxNode[];
  /** tree-sitter puts what follows `cat <<EOF` on its line (`| sh`, `&& x`) inside the
   *  here-document redirection; it runs after the command, a pipeline fed by its output. */
  tail?: SyntaxNode[];
}

/** One simple command, fully resolved, with what surrounds it. */
export interface Invocation {
  argv: Val[];
  assigns: { name: string; val: Val }[];
  redirects: Redirect[];
  stdin: Content;
  frame: Frame;
  state: State;
  /** span of the whole simple command */
  start: number;
  end: number;
  /** true when its stdout goes to a pipe (so its output is data for the next command) */
  piped: boolean;
}

export interface Options {
  cwd?: string;
  home: string;
  deadline: number;
  /** Where a path leads on this machine's disk (links followed), when the analysis may look:
   *  the hook judges commands for the machine it runs on. Undefined: paths as written. */
  realpath?: (absolute: string) => string | undefined;
}

export class Interp {
  readonly findings: Finding[] = [];
  readonly commands: ResolvedCommand[] = [];
  readonly sem: Semantics = loadSemantics();
  private catalogCache: SensitiveCatalog | undefined;
  /** Compiled on first use: many commands never name a path. */
  get catalog(): SensitiveCatalog {
    return (this.catalogCache ??= loadSensitiveCatalog());
  }
  readonly home: string;
  readonly top: string;
  private steps = 0;
  /** descriptors tree-sitter attached to the previous redirection, by redirection start */
  private readonly danglingFd = new Map<number, string>();
  private readonly deadline: number;
  readonly realpath: ((absolute: string) => string | undefined) | undefined;
  private readonly seen = new Set<string>();

  constructor(top: string, opts: Options) {
    this.top = top;
    this.home = opts.home;
    this.deadline = opts.deadline;
    this.realpath = opts.realpath;
  }

  tick(): void {
    this.steps++;
    if (this.steps > MAX_STEPS) throw new BudgetExceeded("analysis exceeded its step budget");
    if ((this.steps & 63) === 0 && performance.now() > this.deadline) throw new BudgetExceeded("analysis exceeded its time budget");
  }

  add(rule: string, message: string, start: number, end: number, evidence?: Record<string, string>): void {
    // Spans always lie inside the command and never run backwards.
    const n = this.top.length;
    if (!(start >= 0)) start = 0;
    if (!(end >= 0)) end = 0;
    if (end < start) [start, end] = [end, start];
    start = Math.min(start, n);
    end = Math.min(end, n);
    const key = `${rule}\u0000${start}\u0000${end}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const f: Finding = { rule, verdict: "allow", message, start, end };
    if (evidence) f.evidence = evidence;
    this.findings.push(f);
  }

  newState(cwd: string | undefined): State {
    return { vars: new Map(), funcs: new Map(), aliases: new Map(), cwd, files: new Map(), netFds: new Map(), allexport: false, remoteMounts: new Map(), links: new Map() };
  }

  /** A copy for a subshell: changes inside do not leak out (but files written do). */
  fork(s: State): State {
    return { ...s, vars: new Map(s.vars), funcs: new Map(s.funcs), aliases: new Map(s.aliases), netFds: new Map(s.netFds) };
  }

  // ───────────────────────── entry points ─────────────────────────

  /** Analyse `text` as a script in `frame`; returns what it writes to stdout. */
  runScript(text: string, frame: Frame, state: State, stdin: Content): Content {
    this.tick();
    if (frame.depth > MAX_DEPTH) {
      this.add("limits", `nesting deeper than ${MAX_DEPTH} levels`, ...frame.outer);
      return { taints: stdin.taints };
    }
    for (const p of rawTextProblems(text)) {
      const [s, e] = mapSpan(frame, p.start, p.end);
      this.add("A4", p.message, s, e);
    }
    let root: SyntaxNode;
    try {
      root = parseBash(text);
    } catch (err) {
      this.add("A4", `the parser failed: ${err instanceof Error ? err.message : String(err)}`, ...frame.outer);
      return { taints: stdin.taints };
    }
    if (treeDepth(root) > MAX_TREE_DEPTH) {
      this.add("limits", `the command nests deeper than ${MAX_TREE_DEPTH} syntax levels`, ...frame.outer);
      return { taints: stdin.taints };
    }
    if (root.hasError) this.reportParseErrors(root, frame);
    const splits = findSplitWords(root);
    const out = this.runChildren(root, frame, state, stdin);
    for (const n of splits) {
      if (this.splitHandled.has(n.startIndex)) continue;
      const [s, e] = mapSpan(frame, n.startIndex, n.endIndex);
      this.add("A4", "has a word the parser splits in two ($ before a name after a substitution); bash keeps it whole", s, e);
    }
    // Functions defined but never called here may still run (exported, sourced): judge them.
    for (const [, def] of state.funcs) {
      if (!def.called) {
        def.called = true;
        this.runStatement(def.body, def.frame, this.fork(state), { taints: [] });
      }
    }
    return out;
  }

  private reportParseErrors(root: SyntaxNode, frame: Frame): void {
    let found = false;
    const walk = (n: SyntaxNode): void => {
      if (found) return;
      if (isReadWriteOperatorError(n)) return;
      if (n.type === "ERROR" || n.isMissing) {
        found = true;
        const [s, e] = mapSpan(frame, n.startIndex, Math.max(n.endIndex, n.startIndex));
        this.add("A4", n.isMissing ? `the command is incomplete (missing ${JSON.stringify(n.type)})` : "the command does not parse as bash", s, e);
        return;
      }
      for (let i = 0; i < n.childCount; i++) {
        const c = n.child(i)!;
        if (c.hasError || c.isMissing || c.type === "ERROR") walk(c);
      }
    };
    walk(root);
    if (!found && !onlyReadWriteErrors(root)) this.add("A4", "the command does not parse as bash", ...frame.outer);
  }

  runChildren(node: SyntaxNode, frame: Frame, state: State, stdin: Content): Content {
    const stmts: SyntaxNode[] = [];
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i)!;
      if (c.isNamed && c.type !== "comment") stmts.push(c);
    }
    // one statement: its output as it is (with any path hint)
    if (stmts.length === 1) return this.runStatement(stmts[0]!, frame, state, stdin);
    let taints: Taint[] = [];
    let text: string | undefined = "";
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i)!;
      if (!c.isNamed || c.type === "comment") continue;
      const out = this.runStatement(c, frame, state, stdin);
      taints = mergeTaints(taints, out.taints);
      text = text !== undefined && out.text !== undefined ? text + out.text : undefined;
    }
    return text === undefined ? { taints } : { text, taints };
  }

  // ───────────────────────── statements ─────────────────────────

  runStatement(node: SyntaxNode, frame: Frame, state: State, stdin: Content): Content {
    this.tick();
    switch (node.type) {
      case "program":
      case "compound_statement":
      case "do_group":
      case "else_clause":
      case "elif_clause":
        return this.runChildren(node, frame, state, stdin);
      case "subshell":
        return this.runChildren(node, frame, this.fork(state), stdin);
      case "list": {
        // a && b, a || b: both may run
        let taints: Taint[] = [];
        for (let i = 0; i < node.childCount; i++) {
          const c = node.child(i)!;
          if (!c.isNamed || c.type === "comment") continue;
          taints = mergeTaints(taints, this.runStatement(c, frame, state, stdin).taints);
        }
        return { taints };
      }
      case "pipeline":
        return this.runPipeline(node, frame, state, stdin);
      case "negated_command":
        return this.runChildren(node, frame, state, stdin);
      case "command":
        return this.runCommand(node, [], frame, state, stdin, false);
      case "redirected_statement":
        return this.runRedirected(node, frame, state, stdin, false);
      case "variable_assignment":
        this.assign(node, frame, state);
        return EMPTY;
      case "variable_assignments":
        for (let i = 0; i < node.namedChildCount; i++) this.assign(node.namedChild(i)!, frame, state);
        return EMPTY;
      case "declaration_command":
        return this.runDeclaration(node, frame, state);
      case "unset_command": {
        for (let i = 1; i < node.childCount; i++) {
          const c = node.child(i)!;
          if (c.isNamed) {
            const v = this.word(c, frame, state);
            state.vars.delete(v.text);
            state.funcs.delete(v.text);
          }
        }
        return EMPTY;
      }
      case "function_definition": {
        const name = node.childForFieldName("name");
        const body = node.childForFieldName("body");
        if (name && body) state.funcs.set(name.text, { body, frame, called: false });
        return EMPTY;
      }
      case "if_statement":
        return this.runIf(node, frame, state, stdin);
      case "while_statement":
      case "until_statement":
        return this.runChildren(node, frame, state, stdin);
      case "for_statement":
        return this.runFor(node, frame, state, stdin);
      case "c_style_for_statement":
        return this.runChildren(node, frame, state, stdin);
      case "case_statement": {
        const value = node.childForFieldName("value");
        if (value) this.word(value, frame, state);
        let taints: Taint[] = [];
        const branches: State[] = [];
        for (let i = 0; i < node.namedChildCount; i++) {
          const c = node.namedChild(i)!;
          if (c.type !== "case_item") continue;
          const b = this.fork(state);
          branches.push(b);
          for (let j = 0; j < c.namedChildCount; j++) {
            const s = c.namedChild(j)!;
            if (c.fieldNameForChild?.(indexOfChild(c, s)) === "value") continue;
            if (isStatement(s)) taints = mergeTaints(taints, this.runStatement(s, frame, b, stdin).taints);
          }
        }
        // a `*)` branch means some branch always runs
        let catchAll = false;
        for (let i = 0; i < node.namedChildCount; i++) {
          const c = node.namedChild(i)!;
          if (c.type === "case_item" && /^\s*\*\s*\)/.test(c.text)) catchAll = true;
        }
        this.joinBranches(state, branches, !catchAll);
        return { taints };
      }
      case "test_command":
      case "arithmetic_expansion":
      case "binary_expression":
      case "unary_expression":
      case "parenthesized_expression":
      case "postfix_expression":
      case "ternary_expression":
        this.scanSubstitutions(node, frame, state);
        return EMPTY;
      case "file_redirect": {
        // `$(<file)` reads the file; a lone `> file` truncates it.
        const r = this.redirect(node, frame, state);
        if (!r) return EMPTY;
        if (r.op === "<") return this.readFile(r.target, state, frame, "redirect");
        this.applyOutputRedirects([r], { text: "", taints: [] }, state, frame, undefined);
        return EMPTY;
      }
      case "comment":
      case "heredoc_body":
        return EMPTY;
      default:
        if (node.type === "ERROR") return EMPTY;
        // Unknown statement kinds: run what they contain rather than skip it.
        if (isStatement(node) || node.namedChildCount > 0) return this.runChildren(node, frame, state, stdin);
        return EMPTY;
    }
  }

  /** Each branch of an if runs on its own copy of the state; afterwards a variable whose
   *  value differs between branches (or that only some branches set) is unknown. */
  private runIf(node: SyntaxNode, frame: Frame, state: State, stdin: Content): Content {
    const stmts: SyntaxNode[] = [];
    const clauses: SyntaxNode[] = [];
    for (let i = 0; i < node.namedChildCount; i++) {
      const c = node.namedChild(i)!;
      if (c.type === "elif_clause" || c.type === "else_clause") clauses.push(c);
      else if (c.type !== "comment") stmts.push(c);
    }
    let taints: Taint[] = [];
    if (stmts[0]) taints = this.runStatement(stmts[0], frame, state, stdin).taints;
    const branches: State[] = [];
    const then = this.fork(state);
    for (const s of stmts.slice(1)) taints = mergeTaints(taints, this.runStatement(s, frame, then, stdin).taints);
    branches.push(then);
    for (const c of clauses) {
      const b = this.fork(state);
      taints = mergeTaints(taints, this.runChildren(c, frame, b, stdin).taints);
      branches.push(b);
    }
    this.joinBranches(state, branches, !clauses.some((c) => c.type === "else_clause"));
    return { taints };
  }

  private joinBranches(state: State, branches: State[], mayTakeNone: boolean): void {
    const all = mayTakeNone ? [...branches, state] : branches;
    const names = new Set<string>();
    for (const b of all) for (const k of b.vars.keys()) names.add(k);
    for (const name of names) {
      const vals = all.map((b) => b.vars.get(name));
      const first = vals[0];
      const same = vals.every((v) => v !== undefined && first !== undefined && v.known && first.known && v.text === first.text);
      const taints = mergeTaints(...vals.map((v) => v?.taints));
      if (same) state.vars.set(name, { ...first!, taints });
      else {
        const v: VarVal = { text: "$" + name, known: false, taints };
        // Every branch knows its value: keep the set, so each value is judged.
        if (vals.every((x) => x !== undefined && x.known)) v.alts = [...new Set(vals.map((x) => x!.text))].slice(0, 8);
        else {
          const alts = vals.flatMap((x) => (x?.known ? [x.text] : x?.alts ?? []));
          if (alts.length && vals.every((x) => x !== undefined && (x.known || x.alts))) v.alts = [...new Set(alts)].slice(0, 8);
        }
        state.vars.set(name, v);
      }
    }
    for (const b of branches) {
      for (const [k, f] of b.funcs) if (!state.funcs.has(k)) state.funcs.set(k, f);
      for (const [k, a] of b.aliases) if (!state.aliases.has(k)) state.aliases.set(k, a);
      for (const [k, f] of b.netFds) if (!state.netFds.has(k)) state.netFds.set(k, f);
      for (const [k, m] of b.remoteMounts) if (!state.remoteMounts.has(k)) state.remoteMounts.set(k, m);
      if (b.cwd !== state.cwd) state.cwd = branches.every((x) => x.cwd === b.cwd) && !mayTakeNone ? b.cwd : undefined;
    }
  }

  private runFor(node: SyntaxNode, frame: Frame, state: State, stdin: Content): Content {
    const variable = node.childForFieldName("variable");
    const values: Val[] = [];
    const body = node.childForFieldName("body");
    for (let i = 0; i < node.childCount; i++) {
      if (node.fieldNameForChild?.(i) === "value") values.push(...this.fields(node.child(i)!, frame, state));
    }
    if (!body) return EMPTY;
    const name = variable?.text;
    const known = values.filter((v) => v.known).slice(0, 8);
    let taints: Taint[] = [];
    if (name && known.length > 0 && known.length === values.length) {
      for (const v of known) {
        state.vars.set(name, { text: v.text, known: true, taints: v.taints, start: v.start, end: v.end });
        taints = mergeTaints(taints, this.runStatement(body, frame, state, stdin).taints);
      }
    } else {
      if (name) {
        const t = mergeTaints(...values.map((v) => v.taints));
        const hint = values.find((v) => v.hint)?.hint;
        state.vars.set(name, hint ? { text: "$" + name, known: false, taints: t, hint } : { text: "$" + name, known: false, taints: t });
      }
      taints = this.runStatement(body, frame, state, stdin).taints;
    }
    return { taints };
  }

  private runPipeline(node: SyntaxNode, frame: Frame, state: State, stdin: Content): Content {
    const parts: SyntaxNode[] = [];
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i)!;
      if (c.isNamed && c.type !== "comment") parts.push(c);
    }
    let input = stdin;
    const marks = { shell: undefined as [number, number] | undefined, net: undefined as string | undefined };
    this.pipeMarks.push(marks);
    try {
      input = this.runPipelineParts(parts, frame, state, input);
    } finally {
      this.pipeMarks.pop();
    }
    // tree-sitter nests `a | b 2>&1 | c` as ((a | b) 2>&1) | c: the inner pipeline is part of
    // the outer one, so what it saw counts there too.
    const outer = this.pipeMarks[this.pipeMarks.length - 1];
    if (outer) {
      outer.shell ??= marks.shell;
      outer.net ??= marks.net;
    }
    // A shell reading its commands from a pipeline that also talks to a network peer
    // (`cat f | sh -i 2>&1 | nc h p > f`, `sh -i < f | openssl s_client … > f`) is a relay.
    if (marks.shell && marks.net) this.add("P3", `relays a shell through a pipeline to a network peer (${marks.net}): a reverse shell`, marks.shell[0], marks.shell[1], { host: marks.net });
    return input;
  }

  readonly pipeMarks: { shell: [number, number] | undefined; net: string | undefined }[] = [];

  markPipe(kind: "shell", at: [number, number]): void;
  markPipe(kind: "net", peer: string): void;
  markPipe(kind: "shell" | "net", v: [number, number] | string): void {
    const m = this.pipeMarks[this.pipeMarks.length - 1];
    if (!m) return;
    if (kind === "shell") m.shell ??= v as [number, number];
    else m.net ??= v as string;
  }

  private runPipelineParts(parts: SyntaxNode[], frame: Frame, state: State, stdin: Content): Content {
    let input = stdin;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      const piped = i < parts.length - 1;
      // Each pipeline element runs in a subshell (state changes do not persist, except files).
      const st = parts.length > 1 ? this.fork(state) : state;
      if (p.type === "command") input = this.runCommand(p, [], frame, st, input, piped);
      else if (p.type === "redirected_statement") input = this.runRedirected(p, frame, st, input, piped);
      else input = this.runStatement(p, frame, st, input);
    }
    return input;
  }

  private runRedirected(node: SyntaxNode, frame: Frame, state: State, stdin: Content, piped: boolean): Content {
    const body = node.childForFieldName("body");
    const redirectNodes: SyntaxNode[] = [];
    for (let i = 0; i < node.childCount; i++) {
      if (node.fieldNameForChild?.(i) === "redirect") redirectNodes.push(node.child(i)!);
    }
    if (body && body.type === "command") return this.runCommand(body, redirectNodes, frame, state, stdin, piped);
    // tree-sitter reads `a && b >f` as `(a && b) >f`; bash binds the redirection to `b`.
    if (body && (body.type === "list" || body.type === "pipeline")) return this.runWithTrailingRedirects(body, redirectNodes, frame, state, stdin, piped);
    // A compound statement with redirections: its stdin/stdout are redirected as a whole.
    const redirects = redirectNodes.map((r) => this.redirect(r, frame, state)).filter((r): r is Redirect => r !== undefined);
    const input = this.inputOf(redirects, stdin, frame, state);
    const out = body ? this.runStatement(body, frame, state, input) : EMPTY;
    this.applyOutputRedirects(redirects, out, state, frame, undefined);
    return out;
  }

  /** Runs a list or pipeline whose last command carries `redirects` (see runRedirected). */
  private runWithTrailingRedirects(node: SyntaxNode, redirects: SyntaxNode[], frame: Frame, state: State, stdin: Content, piped: boolean): Content {
    const parts: SyntaxNode[] = [];
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i)!;
      if (c.isNamed && c.type !== "comment") parts.push(c);
    }
    const last = parts.pop();
    if (!last) return EMPTY;
    const onLast = (input: Content): Content => {
      if (last.type === "command") return this.runCommand(last, redirects, frame, state, input, piped);
      if (last.type === "redirected_statement") {
        const own: SyntaxNode[] = [];
        for (let i = 0; i < last.childCount; i++) if (last.fieldNameForChild?.(i) === "redirect") own.push(last.child(i)!);
        const b = last.childForFieldName("body");
        if (b && b.type === "command") return this.runCommand(b, [...own, ...redirects], frame, state, input, piped);
      }
      if (last.type === "list" || last.type === "pipeline") return this.runWithTrailingRedirects(last, redirects, frame, state, input, piped);
      const rs = redirects.map((r) => this.redirect(r, frame, state)).filter((r): r is Redirect => r !== undefined);
      const out = this.runStatement(last, frame, state, this.inputOf(rs, input, frame, state));
      this.applyOutputRedirects(rs, out, state, frame, undefined);
      return out;
    };
    if (node.type === "list") {
      let taints: Taint[] = [];
      for (const p of parts) taints = mergeTaints(taints, this.runStatement(p, frame, state, stdin).taints);
      return { taints: mergeTaints(taints, onLast(stdin).taints) };
    }
    // a pipeline: the earlier parts feed the last, which carries the redirections
    const marks = { shell: undefined as [number, number] | undefined, net: undefined as string | undefined };
    this.pipeMarks.push(marks);
    let out: Content;
    try {
      const input = parts.length ? this.runPipelineParts(parts, frame, state, stdin) : stdin;
      out = onLast(input);
    } finally {
      this.pipeMarks.pop();
    }
    const outer = this.pipeMarks[this.pipeMarks.length - 1];
    if (outer) {
      outer.shell ??= marks.shell;
      outer.net ??= marks.net;
    }
    if (marks.shell && marks.net) this.add("P3", `relays a shell through a pipeline to a network peer (${marks.net}): a reverse shell`, marks.shell[0], marks.shell[1], { host: marks.net });
    return out;
  }

  private runDeclaration(node: SyntaxNode, frame: Frame, state: State): Content {
    const kw = node.child(0)?.text ?? "";
    const flags: string[] = [];
    let named = 0;
    const [s, e] = spanOf(frame, node);
    for (let i = 1; i < node.childCount; i++) {
      const c = node.child(i)!;
      if (c.type === "variable_assignment") {
        this.assign(c, frame, state);
        named++;
      } else if (c.isNamed) {
        const v = this.word(c, frame, state);
        if (v.text.startsWith("-") || v.text.startsWith("+")) flags.push(v.text);
        else named++;
        // `declare $opts x=…`: options we cannot see may make x a name reference
        if (!v.known && c.type !== "variable_name" && kw !== "export" && kw !== "readonly") this.add("A3", `${kw} with options that cannot be resolved statically (${v.text})`, v.start, v.end);
      }
    }
    // `declare -n r=x` makes r another name for x: every later read or write of either, by any
    // means (read, printf -v, for, an assignment through r), changes what the other holds.
    // airlock does not follow name references, so it says it cannot resolve the command.
    if (kw !== "export" && kw !== "readonly" && flags.some((f) => /^-[a-zA-Z]*n/.test(f))) {
      this.add("A3", `${kw} -n makes a name reference, whose variables cannot be followed statically`, s, e);
    }
    this.commands.push({ argv: [kw, ...flags], dynamic: false, start: s, end: e });
    // `export -p`, `declare -x`, `declare -p`, `typeset -x` with no names dump the environment.
    if (named === 0 && (flags.some((f) => /^-[a-zA-Z]*[px]/.test(f)) || (kw === "export" && flags.length === 0))) {
      const t: Taint = { kind: "env", label: `${kw} ${flags.join(" ")}`.trim(), start: s, end: e };
      this.add("A2", `dumps the environment (${kw})`, s, e, { source: t.label });
      return { taints: [t] };
    }
    return EMPTY;
  }

  // ───────────────────────── simple commands ─────────────────────────

  runCommand(node: SyntaxNode, extraRedirects: SyntaxNode[], frame: Frame, state: State, stdin: Content, piped: boolean): Content {
    const assignNodes: SyntaxNode[] = [];
    const redirectNodes: SyntaxNode[] = [];
    let nameNode: SyntaxNode | undefined;
    const argNodes: SyntaxNode[] = [];
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i)!;
      const field = node.fieldNameForChild?.(i);
      if (field === "name") nameNode = c;
      else if (field === "argument") argNodes.push(c);
      else if (field === "redirect" || /redirect$/.test(c.type)) redirectNodes.push(c);
      else if (c.type === "variable_assignment") assignNodes.push(c);
      else if (isReadWriteOperatorError(c)) continue;
      else if (c.isNamed && c.type !== "comment") argNodes.push(c);
    }
    redirectNodes.push(...extraRedirects);
    const [start, end] = spanOf(frame, node);

    // Prefix assignments apply to the command's environment only (or to the shell, alone).
    const assigns: { name: string; val: Val }[] = [];
    for (const a of assignNodes) {
      const r = this.assignValue(a, frame, state);
      if (r) assigns.push(r);
    }
    const redirects = redirectNodes.map((r) => this.redirect(r, frame, state)).filter((r): r is Redirect => r !== undefined);

    const argv: Val[] = [];
    if (nameNode) argv.push(...this.fields(nameNode.type === "command_name" && nameNode.namedChild(0) ? nameNode.namedChild(0)! : nameNode, frame, state));
    for (let i = 0; i < argNodes.length; i++) {
      const a = argNodes[i]!;
      const next = argNodes[i + 1];
      if (next && isSplitWord(a, next)) {
        const merged = this.mergeSplitWord(a, next, frame, state);
        if (merged) {
          argv.push(merged);
          i++;
          continue;
        }
      }
      argv.push(...this.fields(a, frame, state));
    }
    for (const r of redirects) for (const x of r.extra ?? []) argv.push(...this.fields(x, frame, state));

    if (argv.length === 0) {
      for (const a of assigns) this.setVar(state, a.name, a.val);
      const input = this.inputOf(redirects, stdin, frame, state);
      this.applyOutputRedirects(redirects, { taints: [] }, state, frame, undefined);
      return { text: "", taints: input.taints.length ? [] : [] };
    }

    const input = this.inputOf(redirects, stdin, frame, state);
    const inv: Invocation = { argv, assigns, redirects, stdin: input, frame, state, start, end, piped };
    const out = this.invoke(inv);
    this.applyOutputRedirects(redirects, out, state, frame, inv);
    return this.runHeredocTails(redirects, out, frame, state);
  }

  private runHeredocTails(redirects: Redirect[], out: Content, frame: Frame, state: State): Content {
    let result = out;
    for (const r of redirects) {
      for (const t of r.tail ?? []) {
        if (t.type === "pipeline") {
          // `| a | b`: the commands of the pipeline, fed by this command's output
          const parts: SyntaxNode[] = [];
          for (let i = 0; i < t.childCount; i++) if (t.child(i)!.isNamed && t.child(i)!.type !== "comment") parts.push(t.child(i)!);
          const marks = { shell: undefined as [number, number] | undefined, net: undefined as string | undefined };
          this.pipeMarks.push(marks);
          try {
            result = this.runPipelineParts(parts, frame, state, result);
          } finally {
            this.pipeMarks.pop();
          }
          if (marks.shell && marks.net) this.add("P3", `relays a shell through a pipeline to a network peer (${marks.net}): a reverse shell`, marks.shell[0], marks.shell[1], { host: marks.net });
        } else result = this.runStatement(t, frame, state, { taints: [] });
      }
    }
    return result;
  }

  /** tree-sitter splits `$(a)-$B.c` into `$(a)-$` and `B.c`; bash sees one word, `$B` expanded. */
  private mergeSplitWord(left: SyntaxNode, right: SyntaxNode, frame: Frame, state: State): Val | undefined {
    if (right.type !== "word") return undefined;
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(right.text);
    if (!m) return undefined;
    this.splitHandled.add(left.startIndex);
    const l = this.word(left, frame, state);
    const [start] = spanOf(frame, left);
    const [, end] = spanOf(frame, right);
    const v = this.lookupVar(m[0], state, start, end);
    const rest = unescapeUnquoted(right.text.slice(m[0].length));
    return { text: l.text.slice(0, -1) + (v.known ? v.text : "$" + m[0]) + rest, known: l.known && v.known, start, end, taints: mergeTaints(l.taints, v.taints), quoted: l.quoted, substituted: l.substituted };
  }

  readonly splitHandled = new Set<number>();

  /** Runs a resolved argv (also used by wrappers, xargs, find -exec…). */
  invoke(inv: Invocation): Content {
    this.tick();
    const argv = inv.argv;
    this.commands.push({
      argv: argv.map((v) => v.text),
      dynamic: argv.some((v) => !v.known),
      start: argv[0]!.start,
      end: argv[argv.length - 1]!.end,
    });
    this.checkEnvAssignments(inv);
    return dispatch(this, inv);
  }

  /** Runs a script text (nested shell, eval, alias) carried by a word. */
  runNested(text: string, carrier: { start: number; end: number; mapBase?: number }, parent: Frame, state: State, stdin: Content): Content {
    const frame: Frame = {
      src: text,
      outer: [carrier.start, carrier.end],
      depth: parent.depth + 1,
    };
    if (carrier.mapBase !== undefined) frame.base = carrier.mapBase;
    return this.runScript(text, frame, state, stdin);
  }

  private checkEnvAssignments(inv: Invocation): void {
    for (const { name, val } of inv.assigns) {
      if ((name === "BASH_ENV" || name === "ENV") && (val.content || val.known)) {
        const c = val.content ?? this.readFile(val, inv.state, inv.frame, name);
        if (c.text !== undefined) this.runNested(c.text, { start: val.start, end: val.end }, inv.frame, this.fork(inv.state), { taints: [] });
        else if (val.content || c.taints.some((t) => t.kind === "download")) this.add("A3", `${name} sources a file whose content cannot be resolved statically`, val.start, val.end);
      } else if (this.sem.commandEnv.has(name)) {
        if (val.known) this.runNested(val.text, val, inv.frame, this.fork(inv.state), { taints: [] });
        else this.add("A3", `${name} carries a command that cannot be resolved statically`, val.start, val.end);
      } else if (this.sem.codeEnv.has(name) || name.startsWith("BASH_FUNC_")) {
        const path = val.known ? resolvePath(val.text, inv.state.cwd) : undefined;
        const inside = path !== undefined && inv.state.cwd !== undefined && (path === inv.state.cwd || path.startsWith(inv.state.cwd + "/"));
        if (!inside || name === "IFS" || name === "SHELLOPTS" || name === "BASHOPTS" || name === "NODE_OPTIONS" || name === "PERL5OPT" || name === "RUBYOPT" || name === "PYTHONSTARTUP")
          this.add("A3", `${name} loads code into the command${val.known ? ` (${val.text})` : ""}`, val.start, val.end);
      }
    }
  }

  // ───────────────────────── variables ─────────────────────────

  setVar(state: State, name: string, val: Val): void {
    const v: VarVal = { text: val.text, known: val.known, taints: val.taints, start: val.start, end: val.end };
    if (!val.known && val.alts) v.alts = val.alts;
    if (val.items) v.items = val.items;
    if (val.mapBase !== undefined) v.mapBase = val.mapBase;
    state.vars.set(name, v);
  }

  private assignValue(node: SyntaxNode, frame: Frame, state: State): { name: string; val: Val } | undefined {
    const nameNode = node.childForFieldName("name");
    const valueNode = node.childForFieldName("value");
    if (!nameNode) return undefined;
    let name = nameNode.text;
    if (nameNode.type === "subscript") {
      name = nameNode.childForFieldName("name")?.text ?? name;
      // `a[$(cmd)]=v`: bash evaluates the subscript (an arithmetic context) before assigning
      const index = nameNode.childForFieldName("index");
      if (index) this.word(index, frame, state);
    }
    const [s, e] = spanOf(frame, node);
    const op = node.child(1)?.text ?? "=";
    let val: Val;
    if (!valueNode) val = { text: "", known: true, start: e, end: e, taints: [], quoted: false };
    else if (valueNode.type === "array") {
      const items = [];
      for (let i = 0; i < valueNode.namedChildCount; i++) items.push(...this.fields(valueNode.namedChild(i)!, frame, state));
      val = { text: items.map((x) => x.text).join(" "), known: items.every((x) => x.known), start: s, end: e, taints: mergeTaints(...items.map((x) => x.taints)), quoted: true };
      if (val.known) val.items = items.map((x) => x.text);
    } else val = this.word(valueNode, frame, state, true);
    if (op === "+=") {
      const prev = state.vars.get(name);
      if (prev) val = { ...val, text: prev.text + val.text, known: prev.known && val.known, taints: mergeTaints(prev.taints, val.taints) };
      else val = { ...val, known: false };
    }
    return { name, val };
  }

  assign(node: SyntaxNode, frame: Frame, state: State): void {
    const r = this.assignValue(node, frame, state);
    if (r) {
      this.setVar(state, r.name, r.val);
      if (this.sem.commandEnv.has(r.name) || this.sem.codeEnv.has(r.name)) {
        this.checkEnvAssignments({ argv: [], assigns: [r], redirects: [], stdin: EMPTY, frame, state, start: r.val.start, end: r.val.end, piped: false });
      }
    }
  }

  isSecretName(name: string): boolean {
    if (this.sem.notSecretVariables.has(name.toUpperCase())) return false;
    return this.sem.secretVariables.some((r) => r.test(name));
  }

  lookupVar(name: string, state: State, start: number, end: number): VarVal {
    const v = state.vars.get(name);
    if (v) return v;
    if (name === "HOME") return { text: this.home, known: true, taints: [] };
    if (name === "PWD" && state.cwd !== undefined) return { text: state.cwd, known: true, taints: [] };
    const taints: Taint[] = [];
    if (this.isSecretName(name)) taints.push({ kind: "secretvar", label: "$" + name, start, end, variable: name });
    return { text: "$" + name, known: false, taints };
  }

  // ───────────────────────── words ─────────────────────────

  /** A word as bash expands it, with field splitting of unquoted expansions of known values. */
  fields(node: SyntaxNode, frame: Frame, state: State): Val[] {
    const v = this.word(node, frame, state);
    if (v.items) return v.items.map((t) => ({ ...v, text: t, items: undefined, mapBase: undefined }));
    if (v.known && v.braced !== undefined && hasBraceExpansion(v.braced)) {
      const words = expandBraces(v.braced);
      if (words.length !== 1 || words[0] !== v.text) return words.filter((w) => w !== "").map((w) => ({ ...v, text: w, braced: undefined, mapBase: undefined }));
    }
    if ((node.type === "simple_expansion" || node.type === "expansion" || node.type === "command_substitution") && v.known) {
      const ifs = state.vars.get("IFS");
      // An IFS we cannot know makes the split unknowable.
      if (ifs && !ifs.known) return [{ ...v, known: false }];
      const sep = ifs ? new RegExp(`[${ifs.text.replace(/[\]\\^-]/g, "\\$&") || "\\s"}]+`) : /[ \t\n]+/;
      const parts = ifs && ifs.text === "" ? [v.text] : v.text.split(sep).filter((p) => p !== "");
      if (parts.length !== 1) return parts.map((p) => ({ ...v, text: p, mapBase: undefined } as Val));
    }
    return [v];
  }

  word(node: SyntaxNode, frame: Frame, state: State, assignment = false): Val {
    this.tick();
    const [start, end] = spanOf(frame, node);
    const base = frame.base;
    switch (node.type) {
      case "word":
      case "command_name": {
        if (node.type === "command_name" && node.namedChild(0)) return this.word(node.namedChild(0)!, frame, state);
        const raw = node.text;
        let text = unescapeUnquoted(raw);
        if (text.startsWith("~")) text = expandTilde(text, this.home);
        else if (assignment && text.includes(":~")) text = text.replace(/(^|:)~(?=\/|:|$)/g, `$1${this.home}`);
        const v: Val = { text, known: true, start, end, taints: [], quoted: false };
        if (text === raw && base !== undefined) v.mapBase = base + node.startIndex;
        if (!assignment && /[{]/.test(raw)) v.braced = raw.replace(/\\(.)/gs, (_m, c: string) => (c === "\n" ? "" : protectBraces(c)));
        return v;
      }
      case "number":
      case "file_descriptor":
      case "regex":
      case "extglob_pattern":
        return { text: node.text, known: true, start, end, taints: [], quoted: false };
      case "raw_string": {
        const v: Val = { text: node.text.slice(1, -1), known: true, start, end, taints: [], quoted: true };
        if (base !== undefined) v.mapBase = base + node.startIndex + 1;
        return v;
      }
      case "ansi_c_string":
        return { text: decodeAnsiC(node.text.slice(2, -1)), known: true, start, end, taints: [], quoted: true };
      case "string":
      case "translated_string":
        return this.stringWord(node, frame, state, start, end);
      case "concatenation": {
        const parts: Val[] = [];
        for (let i = 0; i < node.childCount; i++) {
          const c = node.child(i)!;
          parts.push(c.isNamed ? this.word(c, frame, state, assignment) : { text: c.text, known: true, start, end, taints: [], quoted: false });
        }
        let text = parts.map((p) => p.text).join("");
        const first = node.child(0);
        if (first && first.type === "word" && first.text.startsWith("~")) text = expandTilde(text, this.home);
        // Unquoted brace syntax may span parts (`s{u,}do` is s + { + u, + } + do).
        const braced = parts.map((p) => p.braced ?? (p.quoted || p.substituted || !p.known ? protectBraces(p.text) : p.text)).join("");
        const v: Val = {
          text,
          known: parts.every((p) => p.known),
          start,
          end,
          taints: mergeTaints(...parts.map((p) => p.taints)),
          quoted: parts.some((p) => p.quoted),
          substituted: parts.some((p) => p.substituted),
        };
        const content = parts.find((p) => p.content)?.content;
        if (content) v.content = content;
        if (!assignment && v.known && braced.includes("{")) v.braced = braced;
        return v;
      }
      case "simple_expansion": {
        const name = node.namedChild(0)?.text ?? node.text.slice(1);
        return this.expandVar(name, node, frame, state, start, end);
      }
      case "expansion":
        return this.expansion(node, frame, state, start, end);
      case "command_substitution": {
        const out = this.substitution(node, frame, state);
        const v: Val = out.text !== undefined
          ? { text: out.text.replace(/\n+$/, ""), known: true, start, end, taints: out.taints, quoted: false, substituted: true }
          : { text: node.text, known: false, start, end, taints: out.taints.some((t) => t.kind !== "local" && t.kind !== "download") ? out.taints : mergeTaints(out.taints, [{ kind: "local", label: node.text, start, end }]), quoted: false, substituted: true };
        if (!v.known && out.pathHint !== undefined) v.hint = out.pathHint;
        return v;
      }
      case "process_substitution": {
        const out = this.substitution(node, frame, state);
        return { text: "/dev/fd/63", known: false, start, end, taints: [], quoted: false, content: out, substituted: true };
      }
      case "arithmetic_expansion":
        this.scanSubstitutions(node, frame, state);
        return { text: node.text, known: false, start, end, taints: [], quoted: false };
      case "brace_expression":
        return { text: node.text, known: true, start, end, taints: [], quoted: false };
      default:
        this.scanSubstitutions(node, frame, state);
        return { text: node.text, known: false, start, end, taints: [], quoted: false };
    }
  }

  private stringWord(node: SyntaxNode, frame: Frame, state: State, start: number, end: number): Val {
    let text = "";
    let known = true;
    let taints: Taint[] = [];
    let substituted = false;
    let oneToOne = true;
    let atItems: string[] | undefined;
    const open = node.type === "translated_string" ? 2 : 1;
    let pos = node.startIndex + open;
    const stop = node.endIndex - 1;
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i)!;
      if (c.startIndex < pos) continue;
      if (c.startIndex > pos) {
        const gap = this.slice(frame, pos, Math.min(c.startIndex, stop));
        text += unescapeDouble(gap);
        if (gap.includes("\\")) oneToOne = false;
      }
      if (c.endIndex > stop && !c.isNamed) break;
      if (c.type === "string_content") {
        const u = unescapeDouble(c.text);
        if (u !== c.text) oneToOne = false;
        text += u;
      } else if (c.isNamed) {
        const v = this.word(c, frame, state);
        text += v.text;
        known &&= v.known;
        taints = mergeTaints(taints, v.taints);
        substituted ||= !!v.substituted;
        oneToOne = false;
        if (v.items) atItems = v.items;
      } else if (c.text !== '"' && c.text !== '$"') {
        text += c.text;
      }
      pos = c.endIndex;
    }
    if (pos < stop) text += unescapeDouble(this.slice(frame, pos, stop));
    const v: Val = { text, known, start, end, taints, quoted: true, substituted };
    // "$@", "${a[@]}", "${a[@]:1}": one word per element, even quoted. With text around it
    // ("x$@y") bash glues the text to the first and last words: left unknown here.
    if (atItems !== undefined) {
      if (node.namedChildCount === 1 && text === atItems.join(" ")) v.items = atItems;
      else if (atItems.length > 1) v.known = false;
    }
    if (oneToOne && frame.base !== undefined) v.mapBase = frame.base + node.startIndex + open;
    return v;
  }

  private slice(frame: Frame, s: number, e: number): string {
    return frame.src.slice(s, e);
  }

  /** What `"${a[*]}"` and `"$*"` put between the elements: the first character of IFS (a space
   *  when IFS is unset, nothing when it is empty); undefined when IFS cannot be known. */
  private starSeparator(state: State): string | undefined {
    const ifs = state.vars.get("IFS");
    if (!ifs) return " ";
    return ifs.known ? ifs.text.slice(0, 1) : undefined;
  }

  private expandVar(name: string, node: SyntaxNode, frame: Frame, state: State, start: number, end: number): Val {
    if (/^[0-9]$|^[@*#?$!-]$/.test(name)) {
      const p = state.vars.get(name);
      if (p && name === "*" && p.items) {
        const sep = this.starSeparator(state);
        if (sep === undefined) return { text: node.text, known: false, start, end, taints: p.taints, quoted: false };
        return { text: p.items.join(sep), known: p.known, start, end, taints: p.taints, quoted: false };
      }
      if (p && name === "@" && p.items) return { text: p.text, known: p.known, start, end, taints: p.taints, quoted: false, items: p.items };
      if (p && name !== "?" && name !== "$" && name !== "!") return { text: p.text, known: p.known, start, end, taints: p.taints, quoted: false };
      return { text: node.text, known: false, start, end, taints: [], quoted: false };
    }
    const v = this.lookupVar(name, state, start, end);
    // An unknown value is named by its variable: the same `$TMP` written and read is one file.
    const val: Val = { text: v.known ? v.text : "$" + name, known: v.known, start, end, taints: v.taints, quoted: false };
    if (!v.known && v.alts) val.alts = v.alts;
    if (!v.known && v.hint) val.hint = v.hint;
    val.braced = protectBraces(val.text); // braces in a value never expand
    if (v.items && name !== "@") val.items = undefined;
    if (v.known && this.isSecretName(name) && !state.vars.has(name)) val.taints = v.taints;
    return val;
  }

  private expansion(node: SyntaxNode, frame: Frame, state: State, start: number, end: number): Val {
    const text = node.text;
    // ${x@P} and friends are caught by the raw-text net; ${!x} indirection is unknowable.
    let name: string | undefined;
    let op: string | undefined;
    const rest: SyntaxNode[] = [];
    let prefix = "";
    let index: string | undefined;
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i)!;
      if (c.type === "${" || c.type === "}") continue;
      if (!name && (c.type === "variable_name" || c.type === "special_variable_name")) name = c.text;
      else if (!name && c.type === "subscript") {
        name = c.childForFieldName("name")?.text;
        index = c.childForFieldName("index")?.text;
      }
      else if (!name && !c.isNamed && (c.text === "#" || c.text === "!")) prefix = c.text;
      else if (name && !op && !c.isNamed) op = c.text;
      else if (name) rest.push(c);
      else rest.push(c);
    }
    const restVals = rest.map((r) => (r.isNamed ? this.word(r, frame, state) : { text: r.text, known: true, start, end, taints: [], quoted: false } as Val));
    const restText = restVals.map((r) => r.text).join("");
    const restKnown = restVals.every((r) => r.known);
    const restTaints = mergeTaints(...restVals.map((r) => r.taints));
    const unknown = (taints: Taint[] = []): Val => ({ text, known: false, start, end, taints: mergeTaints(taints, restTaints), quoted: false });
    if (!name) return unknown();
    let v = /^[0-9@*#?$!-]$/.test(name) ? { text: "", known: false, taints: [] as Taint[] } : this.lookupVar(name, state, start, end);
    if (prefix === "!") return unknown(v.taints);
    if (prefix === "#") return v.known ? { text: String(v.text.length), known: true, start, end, taints: [], quoted: false } : unknown();
    if (op === undefined && index !== undefined && v.items) {
      if (index === "@") return { text: v.items.join(" "), known: true, start, end, taints: v.taints, quoted: false, items: v.items };
      if (index === "*") {
        const sep = this.starSeparator(state);
        return sep === undefined ? unknown(v.taints) : { text: v.items.join(sep), known: true, start, end, taints: v.taints, quoted: false };
      }
      const n = parseInt(index, 10);
      if (String(n) === index) return { text: v.items[n < 0 ? v.items.length + n : n] ?? "", known: true, start, end, taints: v.taints, quoted: false };
      return unknown(v.taints);
    }
    if (op !== undefined && index !== undefined && v.items) {
      // an operator on an array: `${a[@]:1:2}` slices elements; `${a[1]:0:2}` works on element 1
      if ((index === "@" || index === "*") && op === ":") {
        const m = /^\s*(-?\d+)\s*(?::\s*(\d+)\s*)?$/.exec(restText);
        if (!m || !restKnown) return unknown(v.taints);
        let off = parseInt(m[1]!, 10);
        if (off < 0) off = v.items.length + off;
        if (off < 0) return { text: "", known: true, start, end, taints: v.taints, quoted: false, items: [] };
        const items = v.items.slice(off, m[2] === undefined ? undefined : off + parseInt(m[2], 10));
        if (index === "@") return { text: items.join(" "), known: true, start, end, taints: v.taints, quoted: false, items };
        const sep = this.starSeparator(state);
        return sep === undefined ? unknown(v.taints) : { text: items.join(sep), known: true, start, end, taints: v.taints, quoted: false };
      }
      const n = parseInt(index, 10);
      if (String(n) !== index) return unknown(v.taints);
      v = { ...v, text: v.items[n < 0 ? v.items.length + n : n] ?? "", known: true, items: undefined } as typeof v;
    }
    if (op === undefined) return { text: v.text, known: v.known, start, end, taints: v.taints, quoted: false };
    switch (op) {
      case ":-":
      case "-":
      case ":=":
      case "=": {
        if (v.known) {
          const useDefault = op.startsWith(":") ? v.text === "" : false;
          if (!useDefault) return { text: v.text, known: true, start, end, taints: v.taints, quoted: false };
          if (op.endsWith("=")) state.vars.set(name, { text: restText, known: restKnown, taints: restTaints });
          return { text: restText, known: restKnown, start, end, taints: restTaints, quoted: false };
        }
        // Unknown variable: the value may be the default — keep it as the best guess.
        return { text: restText, known: false, start, end, taints: mergeTaints(v.taints, restTaints), quoted: false };
      }
      case ":+":
      case "+":
        if (v.known) return v.text !== "" || op === "+" ? { text: restText, known: restKnown, start, end, taints: restTaints, quoted: false } : { text: "", known: true, start, end, taints: [], quoted: false };
        return { text: restText, known: false, start, end, taints: restTaints, quoted: false };
      case ":?":
      case "?":
        return { text: v.text, known: v.known, start, end, taints: v.taints, quoted: false };
      case ":": {
        if (!v.known) return unknown(v.taints);
        const m = /^\s*(-?\d+)\s*(?::\s*(-?\d+)\s*)?$/.exec(restText);
        if (!m || !restKnown) return unknown(v.taints);
        let off = parseInt(m[1]!, 10);
        if (off < 0) off = Math.max(0, v.text.length + off);
        let s = v.text.slice(off);
        if (m[2] !== undefined) {
          const len = parseInt(m[2], 10);
          s = len >= 0 ? s.slice(0, len) : s.slice(0, Math.max(0, s.length + len));
        }
        return { text: s, known: true, start, end, taints: v.taints, quoted: false };
      }
      case "#":
      case "##":
      case "%":
      case "%%": {
        if (!v.known || !restKnown || /[*?[]/.test(restText)) return unknown(v.taints);
        let s = v.text;
        if (op.startsWith("#") && s.startsWith(restText)) s = s.slice(restText.length);
        if (op.startsWith("%") && s.endsWith(restText)) s = s.slice(0, s.length - restText.length);
        return { text: s, known: true, start, end, taints: v.taints, quoted: false };
      }
      case "/":
      case "//":
      case "/#":
      case "/%": {
        if (!v.known || !restKnown) return unknown(v.taints);
        const slash = restText.indexOf("/");
        const pat = slash >= 0 ? restText.slice(0, slash) : restText;
        const rep = slash >= 0 ? restText.slice(slash + 1) : "";
        if (/[*?[]/.test(pat) || pat === "") return unknown(v.taints);
        let s = v.text;
        if (op === "//") s = s.split(pat).join(rep);
        else if (op === "/#") s = s.startsWith(pat) ? rep + s.slice(pat.length) : s;
        else if (op === "/%") s = s.endsWith(pat) ? s.slice(0, s.length - pat.length) + rep : s;
        else s = s.replace(pat, () => rep);
        return { text: s, known: true, start, end, taints: v.taints, quoted: false };
      }
      case "^":
      case "^^":
        return v.known && rest.length === 0 ? { text: op === "^" ? v.text.charAt(0).toUpperCase() + v.text.slice(1) : v.text.toUpperCase(), known: true, start, end, taints: v.taints, quoted: false } : unknown(v.taints);
      case ",":
      case ",,":
        return v.known && rest.length === 0 ? { text: op === "," ? v.text.charAt(0).toLowerCase() + v.text.slice(1) : v.text.toLowerCase(), known: true, start, end, taints: v.taints, quoted: false } : unknown(v.taints);
      default:
        return unknown(v.taints);
    }
  }

  /** $(…) / `…` / <(…) / >(…): the inner commands run (and are judged); returns their stdout. */
  private substitution(node: SyntaxNode, frame: Frame, state: State): Content {
    const sub = this.fork(state);
    if (node.text.startsWith(">(")) {
      return this.runChildren(node, frame, sub, { taints: [] });
    }
    // Backticks: the body is re-parsed by bash after backslash processing; tree-sitter
    // parses it as-is, so re-run the unescaped text when they differ.
    if (node.text.startsWith("`")) {
      const inner = node.text.slice(1, -1);
      const unescaped = inner.replace(/\\([$`\\])/g, "$1");
      if (unescaped !== inner) {
        const [s, e] = spanOf(frame, node);
        return this.runNested(unescaped, { start: s, end: e }, frame, sub, { taints: [] });
      }
    }
    return this.runChildren(node, frame, sub, { taints: [] });
  }

  /** Runs every command substitution inside a node we do not otherwise interpret. */
  scanSubstitutions(node: SyntaxNode, frame: Frame, state: State): void {
    for (let i = 0; i < node.namedChildCount; i++) {
      const c = node.namedChild(i)!;
      if (c.type === "command_substitution" || c.type === "process_substitution") this.substitution(c, frame, state);
      else if (c.type === "string" || c.type === "expansion" || c.type === "concatenation") this.word(c, frame, state);
      else this.scanSubstitutions(c, frame, state);
    }
  }

  // ───────────────────────── redirections ─────────────────────────

  private redirect(node: SyntaxNode, frame: Frame, state: State): Redirect | undefined {
    const [s, e] = spanOf(frame, node);
    if (node.type === "heredoc_redirect") {
      const start = node.child(1);
      const delim = start?.text ?? "";
      const quoted = /['"\\]/.test(delim);
      let body: SyntaxNode | undefined;
      for (let i = 0; i < node.childCount; i++) if (node.child(i)!.type === "heredoc_body") body = node.child(i)!;
      const op = node.child(0)?.text ?? "<<";
      const tail: SyntaxNode[] = [];
      for (let i = 0; i < node.childCount; i++) {
        const c = node.child(i)!;
        if (c.isNamed && !/^heredoc_(?:start|body|end)$/.test(c.type)) tail.push(c);
      }
      const withTail = (r: Redirect): Redirect => (tail.length ? { ...r, tail } : r);
      if (!body) return withTail({ op, target: { text: "", known: true, start: s, end: e, taints: [], quoted: true } });
      if (quoted) {
        const text = body.text;
        const v: Val = { text: stripTabs(op, text), known: true, start: s, end: e, taints: [], quoted: true };
        if (frame.base !== undefined && op === "<<") v.mapBase = frame.base + body.startIndex;
        return withTail({ op, target: v });
      }
      // Unquoted: expansions and substitutions in the body happen.
      let text = "";
      let known = true;
      let taints: Taint[] = [];
      let pos = body.startIndex;
      for (let i = 0; i < body.childCount; i++) {
        const c = body.child(i)!;
        if (c.startIndex > pos) text += unescapeHeredoc(this.slice(frame, pos, c.startIndex));
        if (c.type === "heredoc_content") text += unescapeHeredoc(c.text);
        else if (c.isNamed) {
          const v = this.word(c, frame, state);
          text += v.text;
          known &&= v.known;
          taints = mergeTaints(taints, v.taints);
        }
        pos = c.endIndex;
      }
      if (pos < body.endIndex) text += unescapeHeredoc(this.slice(frame, pos, body.endIndex));
      return withTail({ op, target: { text: stripTabs(op, text), known, start: s, end: e, taints, quoted: true } });
    }
    if (node.type === "herestring_redirect") {
      const w = node.namedChild(node.namedChildCount - 1);
      const v = w ? this.word(w, frame, state) : { text: "", known: true, start: s, end: e, taints: [], quoted: true };
      return { op: "<<<", target: { ...v, text: v.text + "\n" } };
    }
    // file_redirect
    let fd: string | undefined;
    let op = "";
    let dest: SyntaxNode | undefined;
    const extra: SyntaxNode[] = [];
    const prev = node.previousSibling;
    if (prev && isReadWriteOperatorError(prev)) op = "<";
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i)!;
      if (c.type === "file_descriptor") fd = c.text;
      else if (isReadWriteOperatorError(c)) op += c.text;
      else if (!c.isNamed && (op === "" || op === "<")) op += c.text;
      else if (c.isNamed && !dest) dest = c;
      else if (c.isNamed && c.type !== "comment") {
        // `… 5<>/dev/tcp/h/p 0<&5`: tree-sitter hands the next redirection's descriptor `0` to
        // this one; a number that ends where the next redirection starts is that descriptor.
        const next = node.nextSibling;
        if (c.type === "number" && c.endIndex === node.endIndex && next && /redirect$/.test(next.type) && next.startIndex === c.endIndex) this.danglingFd.set(next.startIndex, c.text);
        else extra.push(c);
      }
    }
    if (!dest) return undefined;
    const r: Redirect = { op, target: this.word(dest, frame, state) };
    if (fd === undefined && this.danglingFd.has(node.startIndex)) fd = this.danglingFd.get(node.startIndex);
    if (fd !== undefined) r.fd = fd;
    if (extra.length) r.extra = extra;
    return r;
  }

  /** The stdin a command gets after its input redirections. */
  inputOf(redirects: Redirect[], stdin: Content, frame: Frame, state: State): Content {
    let input = stdin;
    for (const r of redirects) {
      if (r.op === "<<" || r.op === "<<-" || r.op === "<<<") {
        input = r.target.known ? { text: r.target.text, taints: r.target.taints, ...(r.target.mapBase !== undefined ? { mapBase: r.target.mapBase } : {}) } : { taints: mergeTaints(r.target.taints, [{ kind: "local", label: "here-document", start: r.target.start, end: r.target.end }]) };
      } else if (r.op === "<&" && (r.fd === undefined || r.fd === "0") && state.netFds.has(r.target.text)) {
        const peer = state.netFds.get(r.target.text)!;
        input = { taints: [{ kind: "download", label: `network peer ${peer.peer}`, start: r.target.start, end: r.target.end }] };
      } else if ((r.op === "<" || r.op === "<>") && (r.fd === undefined || r.fd === "0")) {
        if (r.target.known && /^\/dev\/(?:tty|stdin|fd\/0)$/.test(r.target.text)) input = { taints: [], tty: true } as Content;
        else input = this.readFile(r.target, state, frame, "redirect");
      }
    }
    return input;
  }

  /** What reading the file named by `v` yields, judging a sensitive read. */
  readFile(v: Val, state: State, frame: Frame, how: string): Content {
    if (v.content) return v.content;
    if (!v.known && v.alts) {
      const outs = v.alts.map((a) => this.readFile({ ...v, text: a, known: true, alts: undefined }, state, frame, how));
      return { taints: mergeTaints(...outs.map((o) => o.taints)) };
    }
    const key = fileKey(v, state);
    const written = key !== undefined ? state.files.get(key) : undefined;
    if (written) return written;
    if (!v.known) return { taints: mergeTaints(v.taints, [{ kind: "local", label: v.text, start: v.start, end: v.end }]) };
    const net = netPeer(v.text);
    if (net) return { taints: [{ kind: "download", label: v.text, start: v.start, end: v.end }] };
    const m = this.catalogMatch(v.text, state);
    if (m) {
      const folder = this.recursiveRead && !hasGlob(v.text) && this.catalog.match(resolvePath(v.text, state.cwd) ?? v.text, { home: this.home }) === undefined;
      const what = folder ? `reads the whole folder ${v.text}, which holds credential files` : `reads a sensitive file: ${v.text}`;
      this.add("A2", `${what} (${m.id})`, v.start, v.end, { source: v.text, catalog: m.id });
      return { taints: [{ kind: "secret", label: v.text, start: v.start, end: v.end }] };
    }
    return { taints: [{ kind: "local", label: v.text, start: v.start, end: v.end }] };
  }

  catalogMatch(text: string, state: State): { id: string; description: string } | undefined {
    if (text === "" || text === "-" || text.startsWith("-")) return undefined;
    // The shipped catalog never changes within a process: remember answers (bounded).
    if (state.links.size > 0 || this.realpath || this.recursiveRead) return this.catalogMatchUncached(text, state); // answers depend on more than the text
    const key = `${state.cwd ?? ""}\u0000${this.home}\u0000${text}`;
    const hit = catalogCache.get(key);
    if (hit !== undefined) return hit === null ? undefined : hit;
    const m = this.catalogMatchUncached(text, state);
    if (catalogCache.size > 20000) catalogCache.clear();
    catalogCache.set(key, m ?? null);
    return m;
  }

  private catalogMatchUncached(text: string, state: State): { id: string; description: string } | undefined {
    if (hasGlob(text)) return this.globCatalogMatch(text, state);
    const resolved = resolvePath(text, state.cwd);
    const abs = resolved === undefined ? undefined : followLinks(resolved, state);
    let m = this.catalog.match(abs ?? text, { home: this.home });
    if (!m && abs !== undefined && this.realpath) {
      // a link on disk with an innocent name (`notes.txt` → ~/.ssh/id_rsa)
      const real = this.realpath(abs);
      if (real !== undefined && real !== abs) m = this.catalog.match(real, { home: this.home });
    }
    // a command reading whole folders (`grep -r x ~`, `tar c ~/.config`): a folder holding
    // credential files is as sensitive as they are
    if (!m && abs !== undefined && this.recursiveRead) m = this.folderCredential(abs);
    if (m) return m;
    if (abs !== undefined && !text.startsWith("/") && state.cwd !== undefined) return this.catalog.match(posix.normalize(text), { home: this.home });
    return undefined;
  }

  private catalogExamples: { path: string; base: string; id: string; description: string }[] | undefined;

  /** A glob argument reads a catalog file if it could match one of the catalog's examples. */
  /** Set while a command that reads whole folders is dispatched (commands.ts). */
  recursiveRead = false;

  private examples(): { path: string; base: string; id: string; description: string }[] {
    return (this.catalogExamples ??= this.catalog.rules.flatMap((r) =>
      r.examples.map((e) => {
        const path = e.startsWith("~/") ? this.home + e.slice(1) : e.startsWith("/home/dev/") ? this.home + e.slice(9) : e;
        return { path, base: path.split("/").pop() ?? "", id: r.id, description: r.description };
      }),
    ));
  }

  /** A credential file of the catalog's (by its examples at fixed places) inside the folder
   *  `dir`, when `dir` is the home directory, a folder in it, or one holding it (`/`, `/home`):
   *  where the user's own credentials live. System folders (`/etc/nginx`) hold root's, which an
   *  agent running as the user cannot read, and searching them is ordinary work. */
  folderCredential(dir: string): ReturnType<SensitiveCatalog["match"]> {
    // the home the folder is in (another user's too), or this one for `/`, `/home`, `/Users`
    const home = homeOf(dir, this.home) ?? (dir === "/home" || dir === "/Users" ? `${dir}/someone` : dir === "/" || this.home.startsWith(dir + "/") ? this.home : undefined);
    if (home === undefined) return undefined;
    const prefix = dir === "/" ? "/" : `${dir}/`;
    for (const ex of this.examples()) {
      if (!ex.path.startsWith(this.home + "/")) continue;
      const path = home + ex.path.slice(this.home.length);
      if (!path.startsWith(prefix)) continue;
      const m = this.catalog.match(path, { home });
      if (m?.id === ex.id) return m;
    }
    return undefined;
  }

  /** A catalog example (a representative credential file) whose name fits `base` and that
   *  lies under the folder `dir` — the user's home examples re-rooted at any home, workspace
   *  examples (`.env`) anywhere below — or undefined. For `find DIR -name PATTERN`. */
  exampleUnder(dir: string, base: RegExp): string | undefined {
    const prefix = dir === "/" ? "/" : `${dir}/`;
    const home = homeOf(dir, this.home) ?? this.home;
    for (const ex of this.examples()) {
      if (!base.test(ex.base)) continue;
      const path = ex.path.startsWith(this.home + "/") ? home + ex.path.slice(this.home.length) : ex.path.startsWith("/") ? ex.path : `${prefix}${ex.path}`;
      if (path.startsWith(prefix) && this.catalog.match(path, { home: this.home })?.id === ex.id) return path;
    }
    return undefined;
  }

  private globCatalogMatch(text: string, state: State): { id: string; description: string } | undefined {
    this.examples();
    const all = this.catalogExamples!;
    // A bare `*` names nothing in particular (`cp build/* out/`): only a pattern with a literal
    // part in its last segment (`*.pem`, `/etc/sha*`, `~/.ss?/id_*`) is taken to mean a secret.
    const last = text.split("/").pop() ?? "";
    if (/^\.(?:[*?]|\[[^\]]*\])+$/.test(last)) {
      // `~/.*`: every dot-file of the folder, credential files among them (`.netrc`, `.pgpass`)
      const dir = resolvePath(text.slice(0, Math.max(1, text.length - last.length - 1)), state.cwd);
      const hit = dir === undefined || hasGlob(dir) ? undefined : all.find((ex) => ex.path === `${dir === "/" ? "" : dir}/${ex.base}` && ex.base.startsWith(".") && this.catalog.match(ex.path, { home: this.home })?.id === ex.id);
      if (hit) return { id: hit.id, description: hit.description };
    }
    if (last.replace(/\[[^\]]*\]|[*?]/g, "").length < 2) {
      // …unless the folder itself is a credential store (`~/.ssh/*`)
      const dir = text.slice(0, Math.max(0, text.length - last.length - 1));
      return dir !== "" && !hasGlob(dir) ? this.catalogMatch(dir, state) : undefined;
    }
    // `*.pem`, `id_*`: the pattern with its wildcards filled in is a catalog path.
    const filled = text.replace(/\[[^\]]*\]|[*?]/g, "x");
    const direct = this.catalogMatch(filled, state);
    if (direct) return direct;
    // `/etc/sha*`, `~/.aws/cred*`: a literal prefix of a catalog example (not just `*.txt`).
    if (last.startsWith("*") || last.startsWith("?") || last.replace(/\[[^\]]*\]|[*?]/g, "").length < 3) return undefined;
    const abs = resolvePath(text, state.cwd);
    const lastRe = segmentRegExp(last);
    for (const ex of all) {
      if (!lastRe.test(ex.base) && !/\/\.[^/]*$/.test(abs ?? "")) continue; // cheap: the last segment must fit
      const exAbs = ex.path.startsWith("/") ? ex.path : state.cwd !== undefined ? `${state.cwd}/${ex.path}` : ex.path;
      if ((abs && globMatches(abs, exAbs)) || globMatches(text, ex.path)) return { id: ex.id, description: ex.description };
      // a pattern naming a whole credential folder (~/.ss*)
      if (abs && exAbs.startsWith("/") && globCouldReach(abs, exAbs) && abs.split("/").length < exAbs.split("/").length && /\/\.[^/]*$/.test(abs)) return { id: ex.id, description: ex.description };
    }
    return undefined;
  }

  private applyOutputRedirects(redirects: Redirect[], out: Content, state: State, frame: Frame, inv: Invocation | undefined): void {
    for (const r of redirects) {
      const op = r.op;
      if (op === "<" || op === "<<" || op === "<<-" || op === "<<<") continue;
      const dupPeer = op === ">&" || op === "<&" ? state.netFds.get(r.target.text) : undefined;
      if (dupPeer && inv) {
        // a descriptor opened on a network peer (`exec 3<>/dev/tcp/…`, zsh ztcp): a shell
        // reading or writing it is a reverse shell; other output sent to it is a send.
        hooks.netRedirect(this, { ...r, op: op === "<&" ? "<" : ">" }, dupPeer.peer, out, inv, state);
        continue;
      }
      if ((op === ">&" || op === "<&" || op === ">&-" || op === "<&-") && /^-?\d*-?$/.test(r.target.text)) continue;
      const t = r.target;
      const peer = t.known ? netPeer(t.text) : undefined;
      if (peer) {
        if (r.fd !== undefined && r.fd !== "1" && r.fd !== "2" && (op === "<>" || op === ">" || op === "<")) {
          state.netFds.set(r.fd, { peer, start: t.start, end: t.end });
        }
        hooks.netRedirect(this, r, peer, out, inv, state);
        continue;
      }
      if (op === "<>" && r.fd !== undefined && r.fd !== "0" && r.fd !== "1") continue;
      hooks.write(this, t, state, "write", `redirection ${op}`);
      const key = fileKey(t, state);
      if (key !== undefined && (r.fd === undefined || r.fd === "1" || op === "&>" || op === "&>>")) {
        const prev = state.files.get(key);
        const append = op === ">>" || op === "&>>";
        const text = append ? (prev?.text !== undefined && out.text !== undefined ? prev.text + out.text : undefined) : out.text;
        const c: Content = { taints: mergeTaints(append ? prev?.taints : [], out.taints) };
        if (text !== undefined) c.text = text;
        else c.generated = true;
        state.files.set(key, c);
      }
    }
  }
}

/** Late-bound effect hooks (implemented in effects.ts) to keep this file about lowering. */
export const hooks: {
  write: (it: Interp, target: Val, state: State, kind: "write" | "delete" | "mode" | "link", how: string) => void;
  send: (it: Interp, sink: { name: string; start: number; end: number; host?: string }, data: Taint[], inv: Invocation | undefined) => void;
  netRedirect: (it: Interp, r: Redirect, peer: string, out: Content, inv: Invocation | undefined, state: State) => void;
} = {
  write: () => {},
  send: () => {},
  netRedirect: () => {},
};

/** The key under which a file written in this command is remembered: its resolved path, or
 *  for an unresolved `$TMP` the variable text itself (the same text reads it back). */
export function fileKey(v: Val, state: State): string | undefined {
  if (v.known) return resolvePath(v.text, state.cwd) ?? v.text;
  return /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(v.text) ? "?" + v.text.replace(/[{}]/g, "") : undefined;
}

export function netPeer(path: string): string | undefined {
  const m = /^\/dev\/(tcp|udp)\/([^/]+)\/([^/]+)$/.exec(path);
  return m ? `${m[2]}:${m[3]}` : undefined;
}

function isSplitWord(left: SyntaxNode, right: SyntaxNode): boolean {
  if (left.type !== "concatenation" || left.endIndex !== right.startIndex) return false;
  const last = left.child(left.childCount - 1);
  return !!last && last.type === "$" && !last.isNamed;
}

function findSplitWords(root: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const walk = (n: SyntaxNode): void => {
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i)!;
      const next = n.child(i + 1);
      if (next && isSplitWord(c, next)) out.push(c);
      if (c.childCount) walk(c);
    }
  };
  walk(root);
  return out;
}

/** True when every ERROR in the tree is the `<>` operator tree-sitter-bash does not know. */
function onlyReadWriteErrors(root: SyntaxNode): boolean {
  let ok = true;
  const walk = (n: SyntaxNode): void => {
    if (!ok) return;
    if (n.type === "ERROR" && !isReadWriteOperatorError(n)) ok = false;
    if (n.isMissing) ok = false;
    for (let i = 0; i < n.childCount && ok; i++) {
      const c = n.child(i)!;
      if (c.hasError || c.isMissing || c.type === "ERROR") walk(c);
    }
  };
  walk(root);
  return ok;
}

function isStatement(n: SyntaxNode): boolean {
  return /^(command|pipeline|list|redirected_statement|subshell|compound_statement|if_statement|while_statement|until_statement|for_statement|c_style_for_statement|case_statement|function_definition|negated_command|variable_assignment|variable_assignments|declaration_command|unset_command|test_command)$/.test(n.type);
}

function indexOfChild(parent: SyntaxNode, child: SyntaxNode): number {
  for (let i = 0; i < parent.childCount; i++) {
    const c = parent.child(i)!;
    if (c.startIndex === child.startIndex && c.endIndex === child.endIndex && c.type === child.type) return i;
  }
  return -1;
}

/** Quote removal for an unquoted word: `\x` → `x`, `\<newline>` → nothing. */
export function unescapeUnquoted(s: string): string {
  if (!s.includes("\\")) return s;
  return s.replace(/\\(\n|.)/g, (_m, c: string) => (c === "\n" ? "" : c));
}

/** Inside double quotes a backslash only escapes $ ` " \ and newline. */
function unescapeDouble(s: string): string {
  if (!s.includes("\\")) return s;
  return s.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === "\n" ? "" : c));
}

function unescapeHeredoc(s: string): string {
  if (!s.includes("\\")) return s;
  return s.replace(/\\([$`\\\n])/g, (_m, c: string) => (c === "\n" ? "" : c));
}

function stripTabs(op: string, text: string): string {
  return op === "<<-" ? text.replace(/^\t+/gm, "") : text;
}
