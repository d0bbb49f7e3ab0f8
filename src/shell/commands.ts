// What each known command does with its arguments: unwraps wrappers (by their own option
// specs), runs nested shells and interpreters' inline code, and records writes, reads and
// sends. One entry point, `dispatch`; unknown commands get the conservative generic handling.
import { posix } from "node:path";
import type { Interp, Invocation } from "./interp.js";
import { fileKey, netPeer, unescapeUnquoted } from "./interp.js";
import { hasOption, optionValues, parseOptions } from "./options.js";
import type { OptionSpec, ParsedArgs } from "./options.js";
import type { CommandSpec } from "./semantics.js";
import { readSplit } from "./read-split.js";
import { base32Decode, base64Decode, decodeEchoEscapes, hexDecode, printfFormat, rot13 } from "./decode.js";
import { recursiveDelete, sendEffect, writeEffect } from "./effects.js";
import { expandTilde, isHomeDirectory, protectedPath, resolvePath } from "./paths.js";
import { hasGlob, segmentRegExp } from "./globs.js";
import type { Content, Taint, Val } from "./values.js";
import { EMPTY, mergeTaints } from "./values.js";

// Option specs used by the handlers below, compiled once (see options.ts).
const CRONTAB_SPEC: OptionSpec = { short: "u:elrisTVn:c" };
const SPEC_0: OptionSpec = { short: "diw:", long: ["decode", "ignore-garbage", "wrap="] };
const SPEC_1: OptionSpec = { short: "rpsulcg:" };
const SPEC_2: OptionSpec = { short: "ersa:d:i:n:N:p:t:u:" };
const SPEC_3: OptionSpec = { short: "aefqc:t::T:B:I:O:E:", long: ["append", "command=", "echo=", "flush", "quiet", "log-out=", "log-in=", "log-io=", "log-timing=", "return", "timing="] };
const SPEC_4: OptionSpec = { short: "cla:", stopAtPositional: true };
const SPEC_5: OptionSpec = { short: "q:f:mMlrdvVct:b" };
const SPEC_6: OptionSpec = { short: "d:n:O:s:tu:C:c:" };
const SPEC_7: OptionSpec = {
    short: "O:o:a:P:i:e:U:t:T:w:l:A:R:D:I:X:B:qvdnNkKrmpcSbhVx",
    long: ["output-document=", "output-file=", "append-output=", "directory-prefix=", "input-file=", "execute=", "user-agent=", "post-data=", "post-file=", "body-data=", "body-file=", "method=", "header=", "user=", "password=", "http-user=", "http-password=", "ftp-user=", "ftp-password=", "save-cookies=", "load-cookies=", "tries=", "timeout=", "wait=", "level=", "accept=", "reject=", "domains=", "include-directories=", "exclude-directories=", "base=", "referer=", "ca-certificate=", "certificate=", "private-key=", "use-askpass=", "quiet", "verbose", "no-check-certificate", "continue", "recursive", "mirror", "page-requisites", "no-parent", "spider", "server-response", "timestamping", "no-clobber", "convert-links", "content-disposition", "no-verbose", "show-progress", "inet4-only", "inet6-only"],
  };
const SPEC_8: OptionSpec = {
    short: "e:c:p:s:w:i:q:x:X:I:O:T:V:M:m:lLnuvzkdDhNtUC46bFrSZ",
    long: ["exec=", "sh-exec=", "lua-exec=", "listen", "keep-open", "udp", "source-port=", "source=", "wait=", "idle-timeout=", "proxy=", "proxy-type=", "send-only", "recv-only", "ssl", "broker", "chat", "allow=", "deny=", "output=", "hex-dump=", "append-output", "verbose", "nodns", "crlf", "no-shutdown"],
  };
const SPEC_9: OptionSpec = { short: "f:d:p:P:veh", stopAtPositional: true };
const SPEC_10: OptionSpec = { short: "346ABCOpqRrTvc:D:F:i:J:l:o:P:S:X:" };
const SPEC_11: OptionSpec = { short: "46aCfNpqrvb:B:c:D:F:i:J:l:o:P:R:s:S:X:" };
const SPEC_12: OptionSpec = {
    short: "AcdrtuxzjJaZvkpPSOWf:C:T:X:b:g:I:F:H:L:N:V:K:",
    long: ["create", "extract", "get", "list", "append", "update", "diff", "compare", "file=", "directory=", "to-command=", "checkpoint-action=", "use-compress-program=", "rsh-command=", "info-script=", "new-volume-script=", "files-from=", "exclude-from=", "exclude=", "transform=", "xform=", "owner=", "group=", "mode=", "absolute-names", "overwrite", "to-stdout", "gzip", "bzip2", "xz", "zstd", "verbose", "keep-old-files", "checkpoint=", "index-file=", "format=", "label=", "strip-components=", "wildcards", "no-same-owner", "same-owner", "preserve-permissions", "numeric-owner", "one-file-system"],
  };
const SPEC_13: OptionSpec = { short: "rjqvmTDyeXZ:P:n:t:x:i:b:O:0123456789@", long: ["unzip-command=", "test", "recurse-paths", "password=", "out=", "encrypt"] };

type Handler = (it: Interp, inv: Invocation, name: string) => Content;

const activeFunctions = new WeakMap<Interp, Set<string>>();

export function baseName(text: string): string {
  const b = text.includes("/") ? posix.basename(text) : text;
  return b;
}

function texts(inv: Invocation): string[] {
  return inv.argv.map((v) => v.text);
}

function withArgv(inv: Invocation, argv: Val[], extra: Partial<Invocation> = {}): Invocation {
  return { ...inv, argv, assigns: [], ...extra };
}

/** Runs the inner command of a wrapper: its own entry in `commands` is replaced by the inner one. */
function unwrap(it: Interp, inv: Invocation, inner: Val[], extra: Partial<Invocation> = {}): Content {
  if (inner.length === 0) return passthrough(inv);
  if (it.commands.length > 0) it.commands.pop();
  return it.invoke(withArgv(inv, inner, extra));
}

function passthrough(inv: Invocation, more: Taint[] = []): Content {
  return { taints: mergeTaints(inv.stdin.taints, more) };
}

function unknownArg(at: Val): Val {
  return { text: "{}", known: false, start: at.start, end: at.end, taints: [], quoted: true };
}

function isTty(c: Content): boolean {
  return c.text === undefined && c.taints.length === 0 && (c as { tty?: boolean }).tty === true;
}

// ───────────────────────── dispatch ─────────────────────────

/** Options whose value is a key or certificate the command uses (TLS client auth, signing):
 *  using a key does not send or show it. */
const KEY_USE_OPTIONS = new Set(["key", "cert", "cacert", "keyfile", "certfile", "identity", "identity-file", "private-key", "client-key", "client-cert", "tls-key", "tls-cert", "ssl-key", "ssl-cert", "signing-key"]);

const SSH_FAMILY = new Set(["ssh", "scp", "sftp", "sshfs", "autossh", "mosh", "ssh-add", "ssh-keygen", "ssh-copy-id", "rsync", "git", "sshpass"]);

/** Any argument that names a catalog file (a positional, an option's value, `--x=FILE`,
 *  an `@FILE` response file) is a sensitive read — unless the command only looks at names. */
function catalogArguments(it: Interp, inv: Invocation, base: string): void {
  if (it.sem.metadataOnly.has(base) || inv.argv.length < 2) return;
  // A writer's destinations are written, not read (`cp .env.example .env`).
  const wspec = it.sem.writers.get(base);
  const dests = new Set<number>();
  if (wspec && !wspec.handler) {
    const p = parseOptions(texts(inv), wspec);
    for (const i of destIndices(wspec, p)) dests.add(i);
    for (const o of optionValues(p, ...(wspec.dest_options ?? []))) dests.add(o.valueIndex ?? o.index);
  }
  for (let k = 1; k < inv.argv.length; k++) {
    if (dests.has(k)) continue;
    const v = inv.argv[k]!;
    if (!v.known || v.content) continue;
    let text = v.text;
    if (text.startsWith("@")) text = text.slice(1);
    else if (/^--?[\w-]+=/.test(text)) text = text.slice(text.indexOf("=") + 1);
    else if (text.startsWith("-")) continue;
    if (text === "" || text.includes("\n")) continue;
    const prev = inv.argv[k - 1]!.text;
    if (SSH_FAMILY.has(base) && (prev === "-i" || prev === "-k" || prev.startsWith("-oIdentityFile") || /^-i./.test(prev))) continue; // a key used to authenticate is not sent
    const prevName = prev.replace(/^--?/, "");
    if (prev.startsWith("-") && (KEY_USE_OPTIONS.has(prevName) || it.sem.outputOptions.has(prevName) || prevName === "out" || prevName === "keyout")) continue;
    if (it.catalogMatch(text, inv.state)) it.readFile(text === v.text ? v : { ...v, text, mapBase: undefined }, inv.state, inv.frame, base);
  }
}

/** Unresolved arguments that stand for files a `find` produced (`for f in $(find / -name x)`):
 *  judge the path the find was looking for. */
function hintedArguments(it: Interp, inv: Invocation, base: string): void {
  for (const v of inv.argv.slice(1)) {
    if (v.known || !v.hint) continue;
    if (!it.sem.metadataOnly.has(base) && it.catalogMatch(v.hint, inv.state)) it.readFile({ ...v, text: v.hint, known: true }, inv.state, inv.frame, base);
  }
}

const POSITIONAL = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "@", "*", "#"];

/** Sets $1…$9, $@, $* and $# from `args` (known values known, the others unknown). */
function setPositional(state: Invocation["state"], args: Val[]): void {
  for (let k = 1; k <= 9; k++) {
    const a = args[k - 1];
    if (a) state.vars.set(String(k), { text: a.text, known: a.known, taints: a.taints });
    else state.vars.delete(String(k));
  }
  const known = args.every((a) => a.known);
  const all = { text: args.map((a) => a.text).join(" "), known, taints: mergeTaints(...args.map((a) => a.taints)), ...(known ? { items: args.map((a) => a.text) } : {}) };
  state.vars.set("@", all);
  state.vars.set("*", all);
  state.vars.set("#", { text: String(args.length), known: true, taints: [] });
}

export function dispatch(it: Interp, inv: Invocation): Content {
  const outer = it.recursiveRead;
  it.recursiveRead = readsFolders(it, inv);
  try {
    return dispatchCommand(it, inv);
  } finally {
    it.recursiveRead = outer;
  }
}

/** Does this command read whole folders (recursive_readers in rules/commands.yaml)? */
function readsFolders(it: Interp, inv: Invocation): boolean {
  const name = inv.argv[0];
  if (!name?.known) return false;
  const spec = it.sem.recursiveReaders.get(baseName(name.text));
  if (spec === undefined) return false;
  if (spec === "always") return true;
  return inv.argv.slice(1).some((v, k) => {
    const t = v.text;
    if (t.startsWith("--")) return spec.includes(t.slice(2).split("=")[0]!);
    if (t.startsWith("-")) return [...t.slice(1)].some((c) => spec.includes(c));
    // tar's old-style first argument (`tar czf out.tgz ~`)
    return k === 0 && baseName(name.text) === "tar" && /^[a-zA-Z]+$/.test(t) && [...t].some((c) => spec.includes(c));
  });
}

function dispatchCommand(it: Interp, inv: Invocation): Content {
  const name = inv.argv[0]!;
  for (const v of inv.argv) secretExpansion(it, v, inv);
  if (!name.known && name.alts?.length) {
    // `if …; then c=sudo; else c=echo; fi; $c ls`: judge the command as each value it may be.
    let taints: Taint[] = [];
    for (const alt of name.alts) {
      const words = name.quoted ? [alt] : alt.split(/[ \t\n]+/).filter((w) => w !== "");
      if (words.length === 0) continue;
      taints = mergeTaints(taints, dispatch(it, { ...inv, argv: [...words.map((w) => ({ ...name, text: w, known: true, alts: undefined })), ...inv.argv.slice(1)] }).taints);
    }
    return { taints };
  }
  if (name.known && hasGlob(baseName(name.text))) {
    // `/???/??do ls`: bash runs whatever the pattern expands to; judge every known command it could be.
    const re = segmentRegExp(baseName(name.text));
    const all = knownCommandNames(it).filter((n) => re.test(n));
    if (all.length === 0) {
      it.add("A3", `runs a command named by a pattern (${name.text})`, name.start, name.end);
      return passthrough(inv);
    }
    let taints: Taint[] = [];
    for (const n of all.slice(0, 16)) taints = mergeTaints(taints, dispatch(it, { ...inv, argv: [{ ...name, text: n }, ...inv.argv.slice(1)] }).taints);
    return { taints };
  }
  if (!name.known) {
    const dl = name.taints.find((t) => t.kind === "download");
    if (dl) it.add("P3", `runs a command produced by downloaded content (${dl.label})`, name.start, name.end, evidenceOf(dl));
    else it.add("A3", `runs a command whose name cannot be resolved statically (${name.text})`, name.start, name.end);
  }
  const cmd = name.text;
  // Aliases and functions defined in the same command.
  const alias = !name.quoted ? inv.state.aliases.get(cmd) : undefined;
  if (alias) {
    const rest = inv.argv.slice(1).map((v) => shellQuote(v.text)).join(" ");
    inv.state.aliases.delete(cmd); // bash does not expand an alias inside itself
    const out = it.runNested(alias.text + (rest ? " " + rest : ""), { start: name.start, end: name.end }, inv.frame, inv.state, inv.stdin);
    inv.state.aliases.set(cmd, alias);
    return out;
  }
  const fn = inv.state.funcs.get(cmd);
  if (fn) {
    let active = activeFunctions.get(it);
    if (!active) activeFunctions.set(it, (active = new Set()));
    fn.called = true;
    if (active.has(cmd)) return passthrough(inv);
    active.add(cmd);
    // The call's arguments are the function's positional parameters ($1…, "$@"), the caller's
    // restored afterwards; variables are shared, as in bash.
    const saved = new Map(POSITIONAL.map((k) => [k, inv.state.vars.get(k)]));
    setPositional(inv.state, inv.argv.slice(1));
    try {
      return it.runStatement(fn.body, fn.frame, inv.state, inv.stdin);
    } finally {
      active.delete(cmd);
      for (const [k, v] of saved) {
        if (v === undefined) inv.state.vars.delete(k);
        else inv.state.vars.set(k, v);
      }
    }
  }
  let base = baseName(cmd);
  const sem = it.sem;
  // python3.11, lua5.1, perl5.36, php8.2, ruby3.1, node18: the versioned binary is the same tool
  const unversioned = base.replace(/-?[0-9][0-9.]*$/, "");
  if (unversioned !== base && unversioned !== "" && (sem.interpreters.has(unversioned) || sem.shells.has(unversioned))) base = unversioned;
  // A file written earlier in this command, run by its path: judge what was written.
  if (name.known && cmd.includes("/")) {
    const key = fileKey(name, inv.state);
    const written = key !== undefined ? inv.state.files.get(key) : undefined;
    // A script whose text we know, downloaded content, or a file written from a stream we
    // cannot see (`base64 -d < f > x; ./x`) is judged by its content, as `sh x` would be; a
    // copied or compiled local program runs like any local program.
    if (written && (written.text !== undefined || written.generated || written.taints.some((t) => t.kind === "download"))) return runContent(it, inv, written, name, cmd);
  }
  if (!SSH_FAMILY.has(base) || base === "rsync" || base === "scp") catalogArguments(it, inv, base);
  const h = HANDLERS[base];
  if (h) return h(it, inv, base);
  hintedArguments(it, inv, base);
  if (sem.uploaders.has(base)) return uploader(it, inv, base, sem.uploaders.get(base)!);
  if (sem.networkExec.has(base)) return networkExec(it, inv, base, sem.networkExec.get(base)!);
  if (sem.remoteMounts.has(base)) return remoteMount(it, inv, base);
  if (sem.privileged.has(base)) return privileged(it, inv, base, sem.privileged.get(base)!);
  if (sem.wrappers.has(base)) return wrapper(it, inv, base, sem.wrappers.get(base)!);
  if (sem.shells.has(base)) return shell(it, inv, base, sem.shells.get(base)!);
  if (sem.interpreters.has(base) || /^python[0-9.]*$/.test(base)) return interpreter(it, inv, base, sem.interpreters.get(base) ?? sem.interpreters.get("python3")!);
  if (sem.tunnels.has(base)) return tunnel(it, inv, base, sem.tunnels.get(base)!);
  if (base.startsWith("mkfs") || base.startsWith("mkfs.")) return stateChange(it, inv, base, {});
  if (sem.stateChanges.has(base)) return stateChange(it, inv, base, sem.stateChanges.get(base)!);
  if (sem.writers.has(base)) return writer(it, inv, base, sem.writers.get(base)!);
  return generic(it, inv, base);
}

let knownNames: string[] | undefined;
function knownCommandNames(it: Interp): string[] {
  const s = it.sem;
  return (knownNames ??= [...new Set([...Object.keys(HANDLERS), ...s.privileged.keys(), ...s.wrappers.keys(), ...s.shells.keys(), ...s.interpreters.keys(), ...s.tunnels.keys(), ...s.stateChanges.keys(), ...s.writers.keys(), ...s.uploaders.keys(), ...s.networkExec.keys(), ...s.networkSinks])]);
}

function evidenceOf(t: Taint): Record<string, string> {
  return { source: t.label, sourceStart: String(t.start), sourceEnd: String(t.end) };
}

/** Expanding a secret-named variable shows a secret (A2) — a sink makes it P3 elsewhere. */
function secretExpansion(it: Interp, v: Val, inv: Invocation): void {
  for (const t of v.taints) {
    if (t.kind !== "secretvar") continue;
    const cmd = baseName(inv.argv[0]?.text ?? "");
    if (cmd === "test" || cmd === "[" || cmd === "[[" || cmd === ":" || cmd === "true") continue;
    it.add("A2", `expands a secret variable (${t.label})`, t.start, t.end, { source: t.label, ...evidenceOf(t) });
  }
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'";
}

// ───────────────────────── generic ─────────────────────────

/** Unknown or plain commands: positional arguments naming catalog files are sensitive reads;
 *  stdout carries stdin and whatever was read. */
function generic(it: Interp, inv: Invocation, base: string): Content {
  const taints: Taint[] = [...inv.stdin.taints];
  if (base === "cd" || base === "pushd") return cd(it, inv);
  const meta = it.sem.metadataOnly.has(base);
  for (let i = 1; i < inv.argv.length; i++) {
    const v = inv.argv[i]!;
    let target = v;
    if (v.known && v.text.startsWith("-")) {
      const eq = v.text.indexOf("=");
      if (eq < 0 || !v.text.startsWith("--")) continue;
      target = { ...v, text: v.text.slice(eq + 1) };
    }
    if (v.content) {
      taints.push(...v.content.taints);
      continue;
    }
    if (meta) continue;
    if (!target.known) {
      taints.push(...target.taints);
      continue;
    }
    const m = it.catalogMatch(target.text, inv.state);
    const path = resolvePath(target.text, inv.state.cwd);
    const written = inv.state.files.get(path ?? target.text);
    if (written) taints.push(...written.taints);
    else if (m) taints.push(...it.readFile(target, inv.state, inv.frame, base).taints);
    else if (target.taints.length) taints.push(...target.taints);
  }
  if (!meta && !it.sem.readOnly.has(base)) for (const t of outputOptionTargets(it, inv)) writeEffect(it, t, inv.state, "write", `${base} ${t.how}`);
  const pure = pureOutput(it, inv, base);
  if (pure) return pure;
  if (inv.stdin.pathHint !== undefined && it.sem.readOnly.has(base)) return { taints: mergeTaints(taints), pathHint: inv.stdin.pathHint };
  // Output of a command is local data: sending it somewhere is an upload (A1).
  if (!meta && base !== "true" && base !== "false" && base !== ":") taints.push({ kind: "local", label: `the output of ${base}`, start: inv.argv[0]!.start, end: inv.argv[0]!.end });
  return { taints: mergeTaints(taints) };
}

/** Values of output-ish options (`-o F`, `--output=F`, `--log-file F`) of commands we do not
 *  otherwise model: files they write. */
function outputOptionTargets(it: Interp, inv: Invocation): (Val & { how: string })[] {
  const out: (Val & { how: string })[] = [];
  const names = it.sem.outputOptions;
  for (let k = 1; k < inv.argv.length; k++) {
    const v = inv.argv[k]!;
    if (!v.known) continue;
    const m = /^--?([A-Za-z][\w-]*)(?:=(.*))?$/s.exec(v.text);
    if (!m || !names.has(m[1]!)) continue;
    if (m[2] !== undefined) out.push({ ...v, text: m[2], mapBase: undefined, how: `-${m[1]}` });
    else if (inv.argv[k + 1] && !inv.argv[k + 1]!.text.startsWith("-")) out.push({ ...inv.argv[k + 1]!, how: `-${m[1]}` });
  }
  return out;
}

function cd(it: Interp, inv: Invocation): Content {
  const arg = inv.argv.slice(1).find((v) => !v.text.startsWith("-") || v.text === "-");
  if (!arg) inv.state.cwd = it.home;
  else if (!arg.known || arg.text === "-") inv.state.cwd = undefined;
  else inv.state.cwd = resolvePath(arg.text, inv.state.cwd);
  return EMPTY;
}

/** Commands whose output is a function of their arguments and stdin: compute it when
 *  everything is known, so that decoded payloads can be judged by what they contain. */
function pureOutput(_it: Interp, inv: Invocation, base: string): Content | undefined {
  const args = inv.argv.slice(1);
  const known = args.every((a) => a.known);
  const argTaints = mergeTaints(...args.map((a) => a.taints));
  const stdin = inv.stdin;
  const through = (text: string | undefined): Content => (text === undefined ? { taints: mergeTaints(stdin.taints, argTaints) } : { text, taints: mergeTaints(stdin.taints, argTaints) });
  switch (base) {
    case "echo": {
      let i = 0;
      let newline = true;
      let escapes = false;
      while (i < args.length && args[i]!.known && /^-[neE]+$/.test(args[i]!.text)) {
        if (args[i]!.text.includes("n")) newline = false;
        if (args[i]!.text.includes("e")) escapes = true;
        if (args[i]!.text.includes("E")) escapes = false;
        i++;
      }
      if (!known) return { taints: argTaints };
      let text = args.slice(i).map((a) => a.text).join(" ");
      if (escapes) {
        const d = decodeEchoEscapes(text);
        text = d.text;
        if (d.stop) newline = false;
      }
      return { text: text + (newline ? "\n" : ""), taints: argTaints };
    }
    case "printf": {
      let i = 0;
      let varName: string | undefined;
      if (args[0]?.text === "-v" && args[1]) {
        varName = args[1].text;
        i = 2;
      }
      if (args[i]?.text === "--") i++;
      const fmt = args[i];
      if (!fmt) return { text: "", taints: [] };
      const out: Content = known ? { text: printfFormat(fmt.text, args.slice(i + 1).map((a) => a.text)), taints: argTaints } : { taints: argTaints };
      if (varName) {
        inv.state.vars.set(varName, out.text !== undefined ? { text: out.text, known: true, taints: out.taints } : { text: "$" + varName, known: false, taints: out.taints });
        return EMPTY;
      }
      return out;
    }
    case "cat":
    case "tac":
      if (args.length === 0 || (args.length === 1 && args[0]!.text === "-")) return base === "cat" ? stdin : through(stdin.text?.split("\n").reverse().join("\n"));
      return undefined;
    case "base64":
    case "base32":
    case "basenc": {
      const p = parseOptions(texts(inv), SPEC_0);
      if (p.positionals.length > 0) return undefined;
      const decode = hasOption(p, "d", "decode");
      if (stdin.text === undefined) return through(undefined);
      if (decode) return through(base === "base64" ? base64Decode(stdin.text) : base32Decode(stdin.text));
      return through(Buffer.from(stdin.text, "latin1").toString("base64") + "\n");
    }
    case "xxd": {
      const p = parseOptions(texts(inv), SPEC_1);
      if (p.positionals.length > 0 || stdin.text === undefined) return p.positionals.length > 0 ? undefined : through(undefined);
      if (hasOption(p, "r") && hasOption(p, "p")) return through(hexDecode(stdin.text));
      return through(undefined);
    }
    case "mktemp": {
      // The name is random; where it is, is not: TMPDIR-less mktemp makes /tmp/tmp.XXXXXXXXXX,
      // -p/--tmpdir put it in DIR, a template with a slash names its folder. A representative
      // name is enough to judge `cd "$(mktemp -d)" && cd ../../etc`.
      const p = parseOptions(texts(inv), { short: "dquts:p:", long: ["directory", "quiet", "dry-run", "suffix=", "tmpdir"] });
      if (!known) return { taints: [] };
      const template = p.positionals.map((i) => inv.argv[i]!.text)[0];
      const dirOpt = optionValues(p, "p", "tmpdir")[0];
      const tmpdir = inv.state.vars.get("TMPDIR");
      if (tmpdir && !tmpdir.known) return { taints: [] };
      const base = dirOpt?.value ?? (tmpdir?.text || "/tmp");
      const name = template ?? "tmp.XXXXXXXXXX";
      const path = name.includes("/") && !hasOption(p, "t") && !dirOpt ? name : `${base.replace(/\/+$/, "")}/${posix.basename(name)}`;
      if (!hasOption(p, "u", "dry-run")) writeEffect(_it, { ...inv.argv[0]!, text: path, mapBase: undefined }, inv.state, "write", "mktemp");
      return { text: path + "\n", taints: [] };
    }
    case "rev":
      if (args.length > 0) return undefined;
      return through(stdin.text?.split("\n").map((l) => [...l].reverse().join("")).join("\n"));
    case "tr": {
      if (stdin.text === undefined || !known || args.length !== 2) return through(undefined);
      const [a, b] = [args[0]!.text, args[1]!.text];
      if ((a === "a-zA-Z" || a === "A-Za-z") && (b === "n-za-mN-ZA-M" || b === "N-ZA-Mn-za-m")) return through(rot13(stdin.text));
      const from = expandTr(a);
      const to = expandTr(b);
      if (!from || !to) return through(undefined);
      let out = "";
      for (const ch of stdin.text) {
        const idx = from.indexOf(ch);
        out += idx < 0 ? ch : to[Math.min(idx, to.length - 1)] ?? ch;
      }
      return through(out);
    }
    case "which":
    case "whereis": {
      const names = args.filter((a) => !a.text.startsWith("-"));
      return names.length === 1 && names[0]!.known ? { text: `/usr/bin/${baseName(names[0]!.text)}\n`, taints: [] } : undefined;
    }
    case "head":
    case "tail":
    case "sort":
    case "uniq":
    case "cut":
    case "grep":
    case "egrep":
    case "fgrep":
    case "sed":
    case "awk":
    case "gzip":
    case "gunzip":
    case "zcat":
    case "bzip2":
    case "xz":
    case "zstd":
    case "od":
    case "hexdump":
    case "strings":
    case "iconv":
    case "jq":
    case "column":
    case "fold":
    case "nl":
    case "paste":
    case "tee":
      return undefined;
    default:
      return undefined;
  }
}

function expandTr(s: string): string | undefined {
  if (s.startsWith("[") || s.startsWith("-")) return undefined;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i + 1] === "-" && i + 2 < s.length) {
      const a = s.charCodeAt(i);
      const b = s.charCodeAt(i + 2);
      if (b < a || b - a > 256) return undefined;
      for (let c = a; c <= b; c++) out += String.fromCharCode(c);
      i += 2;
    } else out += s[i];
  }
  return out;
}

// ───────────────────────── privilege ─────────────────────────

function privileged(it: Interp, inv: Invocation, base: string, spec: CommandSpec): Content {
  const argv = texts(inv);
  const p = parseOptions(argv, { ...spec, stopAtPositional: true });
  const name = inv.argv[0]!;
  if (spec.unless_option && hasOption(p, spec.unless_option)) {
    return unwrap(it, inv, p.positionals.map((i) => inv.argv[i]!));
  }
  if (spec.subcommands) {
    const sub = p.positionals[0] !== undefined ? argv[p.positionals[0]] : undefined;
    if (!sub || !spec.subcommands.includes(sub)) return generic(it, inv, base);
  }
  it.add("P1", `runs ${base}: privilege escalation`, name.start, name.end, { command: base });
  if (spec.inner === "none") return passthrough(inv);
  if (spec.inner === "su") {
    const c = optionValues(p, "c", "command", "session-command")[0];
    if (c) {
      const v = inv.argv[c.valueIndex ?? c.index]!;
      return nestedScript(it, inv, c.valueIndex !== undefined ? v : { ...v, text: c.value!, mapBase: undefined }, "su -c");
    }
    return passthrough(inv);
  }
  const inner = p.positionals.map((i) => inv.argv[i]!);
  if (inner.length === 0) return passthrough(inv);
  return it.invoke(withArgv(inv, inner));
}

// ───────────────────────── wrappers ─────────────────────────

function wrapper(it: Interp, inv: Invocation, base: string, spec: CommandSpec): Content {
  const argv = texts(inv);
  const p = parseOptions(argv, { ...spec, stopAtPositional: true });
  switch (spec.handler) {
    case "env":
      return envWrapper(it, inv, p);
    case "command":
      if (hasOption(p, "v", "V")) {
        const n = p.positionals[0] !== undefined ? inv.argv[p.positionals[0]]! : undefined;
        return n && n.known ? { text: `/usr/bin/${baseName(n.text)}\n`, taints: [] } : EMPTY;
      }
      break;
    case "xargs":
      return xargs(it, inv, p);
    case "parallel":
      return parallel(it, inv, p);
    case "screen": {
      // `screen -X stuff 'cmd\n'` types into a running session; -Logfile FILE writes FILE
      const x = optionValues(p, "X")[0];
      if (x) it.add("A3", `screen -X sends a command (${x.value}) into a session, which airlock cannot follow`, inv.argv[x.index]!.start, inv.argv[x.valueIndex ?? x.index]!.end);
      for (const o of optionValues(p, "Logfile")) writeEffect(it, o.valueIndex !== undefined ? inv.argv[o.valueIndex]! : { ...inv.argv[o.index]!, text: o.value!, mapBase: undefined }, inv.state, "write", "screen -Logfile");
      return unwrap(it, inv, p.positionals.map((i) => inv.argv[i]!));
    }
    default:
      break;
  }
  if (spec.command_option) {
    const c = optionValues(p, spec.command_option, "command")[0];
    if (c) {
      const v = inv.argv[c.valueIndex ?? c.index]!;
      return nestedScript(it, inv, c.valueIndex !== undefined ? v : { ...v, text: c.value!, mapBase: undefined }, `${base} -${spec.command_option}`);
    }
  }
  for (const o of p.options) {
    if (o.value === undefined) continue;
    const v = o.valueIndex !== undefined ? inv.argv[o.valueIndex]! : { ...inv.argv[o.index]!, text: o.value, mapBase: undefined };
    if ((o.name === "o" || o.name === "output") && (base === "strace" || base === "ltrace" || base === "time")) writeEffect(it, v, inv.state, "write", `${base} -o`);
    else if (v.known && it.catalogMatch(v.text, inv.state)) it.readFile(v, inv.state, inv.frame, base);
  }
  const skip = spec.skip ?? 0;
  const inner = p.positionals.slice(skip).map((i) => inv.argv[i]!);
  if (base === "sg" && inner[0]?.text === "-c") inner.shift(); // `sg GROUP -c CMD`: -c after the group
  if (spec.join_args && inner.length > 0) {
    // watch runs its arguments joined with spaces through sh -c
    const joined = joinVals(inner);
    return nestedScript(it, inv, joined, base);
  }
  return unwrap(it, inv, inner);
}

function joinVals(vs: Val[]): Val {
  const v: Val = {
    text: vs.map((x) => x.text).join(" "),
    known: vs.every((x) => x.known),
    start: Math.min(...vs.map((x) => x.start)),
    end: Math.max(...vs.map((x) => x.end)),
    taints: mergeTaints(...vs.map((x) => x.taints)),
    quoted: true,
  };
  if (vs.every((x, i) => x.mapBase !== undefined && (i === 0 || x.mapBase === vs[i - 1]!.mapBase! + vs[i - 1]!.text.length + 1))) v.mapBase = vs[0]!.mapBase;
  return v;
}

function envWrapper(it: Interp, inv: Invocation, p: ParsedArgs): Content {
  const split = optionValues(p, "S", "split-string")[0];
  const rest = p.positionals.map((i) => inv.argv[i]!);
  const assigns: { name: string; val: Val }[] = [];
  let k = 0;
  while (k < rest.length && rest[k]!.known && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[k]!.text)) {
    const v = rest[k]!;
    const eq = v.text.indexOf("=");
    assigns.push({ name: v.text.slice(0, eq), val: { ...v, text: v.text.slice(eq + 1), mapBase: undefined } });
    k++;
  }
  const inner = rest.slice(k);
  if (split) {
    const v = inv.argv[split.valueIndex ?? split.index]!;
    const text = split.value! + (inner.length ? " " + inner.map((x) => shellQuote(x.text)).join(" ") : "");
    if (it.commands.length > 0) it.commands.pop();
    const carrier: { start: number; end: number; mapBase?: number } = { start: v.start, end: inner.length ? inner[inner.length - 1]!.end : v.end };
    if (split.valueIndex !== undefined && v.mapBase !== undefined && inner.length === 0) carrier.mapBase = v.mapBase;
    return it.runNested(text, carrier, inv.frame, inv.state, inv.stdin);
  }
  if (inner.length === 0) {
    const name = inv.argv[0]!;
    const t: Taint = { kind: "env", label: "env", start: name.start, end: name.end };
    it.add("A2", "dumps the environment (env)", name.start, name.end, { source: "env" });
    return { taints: [t] };
  }
  if (it.commands.length > 0) it.commands.pop();
  return it.invoke({ ...inv, argv: inner, assigns });
}

function xargs(it: Interp, inv: Invocation, p: ParsedArgs): Content {
  for (const o of optionValues(p, "a", "arg-file")) {
    const v = o.valueIndex !== undefined ? inv.argv[o.valueIndex]! : { ...inv.argv[o.index]!, text: o.value!, mapBase: undefined };
    inv = { ...inv, stdin: it.readFile(v, inv.state, inv.frame, "xargs -a") };
  }
  const inner = p.positionals.map((i) => inv.argv[i]!);
  const name = inv.argv[0]!;
  const replace = optionValues(p, "I", "i", "replace")[0];
  // Items come from stdin; when it is `find`'s output, its start path stands for them.
  const item: Val = inv.stdin.pathHint !== undefined
    ? { text: inv.stdin.pathHint, known: true, start: name.start, end: name.end, taints: inv.stdin.taints, quoted: true }
    : { text: "{}", known: false, start: name.start, end: name.end, taints: inv.stdin.taints, quoted: true };
  if (inner.length === 0) return unwrap(it, inv, [{ ...name, text: "echo", known: true }, item], { stdin: EMPTY });
  let argv = inner;
  if (replace) {
    const token = replace.value ?? "{}";
    // Items from stdin replace the token; known stdin items make the payload known.
    const items = inv.stdin.text?.split(/\n/).filter((x) => x.trim() !== "");
    argv = inner.map((v) => (v.text.includes(token) ? (items && items.length === 1 ? { ...v, text: v.text.split(token).join(items[0]!), mapBase: undefined } : { ...v, known: false, taints: mergeTaints(v.taints, inv.stdin.taints), mapBase: undefined }) : v));
  } else {
    const items = inv.stdin.text?.split(/\s+/).filter((x) => x !== "");
    if (items && items.length <= 16) argv = [...inner, ...items.map((t) => ({ ...item, text: t, known: true }))];
    else argv = [...inner, item];
  }
  const out = unwrap(it, inv, argv, { stdin: EMPTY });
  return inv.stdin.pathHint !== undefined && out.pathHint === undefined ? { ...out, pathHint: inv.stdin.pathHint } : out;
}

function parallel(it: Interp, inv: Invocation, p: ParsedArgs): Content {
  const pos = p.positionals.map((i) => inv.argv[i]!);
  const sep = pos.findIndex((v) => v.text === ":::" || v.text === "::::" || v.text === ":::+");
  const cmd = sep >= 0 ? pos.slice(0, sep) : pos;
  const args = sep >= 0 ? pos.slice(sep + 1).filter((v) => !v.text.startsWith(":::")) : [];
  if (cmd.length === 0) {
    // parallel with no command runs each input line (or argument) as a command
    for (const a of args) nestedScript(it, inv, a, "parallel");
    if (inv.stdin.text !== undefined) it.runNested(inv.stdin.text, { start: inv.argv[0]!.start, end: inv.argv[0]!.end }, inv.frame, it.fork(inv.state), EMPTY);
    else if (!isTty(inv.stdin) && sep < 0) it.add("A3", "parallel runs commands read from its input", inv.argv[0]!.start, inv.argv[0]!.end);
    return passthrough(inv);
  }
  const first = args[0];
  const text = cmd.map((v) => v.text).join(" ").split("{}").join(first && first.known ? first.text : "X");
  const joined = joinVals(cmd);
  if (it.commands.length > 0) it.commands.pop();
  if (!joined.known) {
    it.add("A3", "parallel runs a command that cannot be resolved statically", joined.start, joined.end);
    return passthrough(inv);
  }
  return it.runNested(text, text === joined.text ? joined : { start: joined.start, end: joined.end }, inv.frame, it.fork(inv.state), EMPTY);
}

// ───────────────────────── shells ─────────────────────────

/** Runs a script carried in a word (bash -c, eval, su -c, watch…). */
function nestedScript(it: Interp, inv: Invocation, v: Val, how: string, stdin: Content = EMPTY, params?: Val[]): Content {
  if (it.commands.length > 0 && it.commands[it.commands.length - 1]!.start <= inv.argv[0]!.start) it.commands.pop();
  if (!v.known) {
    const dl = v.taints.find((t) => t.kind === "download");
    if (dl) it.add("P3", `runs downloaded content as code (${how})`, v.start, v.end, { ...evidenceOf(dl), sink: how });
    else it.add("A3", `runs code that cannot be resolved statically (${how})`, v.start, v.end);
    // Still judge the literal parts the dynamic text shows (the best guess).
    if (v.substituted) return passthrough(inv);
    return passthrough(inv);
  }
  const state = it.fork(inv.state);
  if (params) {
    params.forEach((pv, k) => state.vars.set(String(k), { text: pv.text, known: pv.known, taints: pv.taints }));
    const args = params.slice(1);
    const known = args.every((a) => a.known);
    const all = { text: args.map((a) => a.text).join(" "), known, taints: mergeTaints(...args.map((a) => a.taints)), ...(known ? { items: args.map((a) => a.text) } : {}) };
    state.vars.set("@", all);
    state.vars.set("*", all);
    state.vars.set("#", { text: String(args.length), known: true, taints: [] });
  }
  return it.runNested(v.text, v, inv.frame, state, stdin);
}

/** Executes a script read from a stream or file whose content is `c`. */
function runContent(it: Interp, inv: Invocation, c: Content, at: Val, how: string, lang = "sh"): Content {
  const dl = c.taints.find((t) => t.kind === "download");
  if (dl) {
    it.add("P3", `runs downloaded content (${dl.label}) with ${how}: remote code execution`, at.start, at.end, { ...evidenceOf(dl), sink: how });
    return passthrough(inv);
  }
  if (c.text !== undefined) {
    if (lang === "sh") return it.runNested(c.text, { start: at.start, end: at.end, ...(c.mapBase !== undefined ? { mapBase: c.mapBase } : {}) }, inv.frame, it.fork(inv.state), EMPTY);
    interpretCode(it, inv, lang, { ...at, text: c.text, known: true, mapBase: undefined }, how);
    return passthrough(inv);
  }
  it.add("A3", `${how} runs code that cannot be resolved statically`, at.start, at.end);
  return passthrough(inv);
}

function shell(it: Interp, inv: Invocation, base: string, spec: CommandSpec): Content {
  const argv = texts(inv);
  const p = parseOptions(argv, { ...spec, stopAtPositional: true });
  const name = inv.argv[0]!;
  const dashC = p.options.some((o) => o.name === "c" || o.name === "command");
  const fishC = optionValues(p, "c", "command")[0];
  if (fishC) return nestedScript(it, inv, inv.argv[fishC.valueIndex ?? fishC.index]!, `${base} -c`, inv.stdin);
  if (dashC) {
    const i = p.positionals[0];
    if (i === undefined) return passthrough(inv);
    // `sh -c SCRIPT NAME ARGS…`: NAME is $0, ARGS are $1… and "$@" inside SCRIPT.
    const params = p.positionals.slice(1).map((k) => inv.argv[k]!);
    return nestedScript(it, inv, inv.argv[i]!, `${base} -c`, inv.stdin, params);
  }
  if (p.options.some((o) => o.name === "s")) {
    if (isTty(inv.stdin)) return passthrough(inv);
    it.markPipe("shell", [name.start, name.end]);
    return runContent(it, inv, inv.stdin, name, base);
  }
  const i = p.positionals[0];
  if (i !== undefined && isStdinPath(inv.argv[i]!)) return runContent(it, inv, inv.stdin, inv.argv[i]!, base);
  if (i !== undefined) {
    const script = inv.argv[i]!;
    if (script.content) return runContent(it, inv, script.content, script, base);
    const key = fileKey(script, inv.state);
    const written = key !== undefined ? inv.state.files.get(key) : undefined;
    if (written) return runContent(it, inv, written, script, base);
    if (!script.known) it.add("A3", `${base} runs a script whose name cannot be resolved statically`, script.start, script.end);
    return passthrough(inv);
  }
  // No script: it reads one from stdin.
  if (!isTty(inv.stdin) || p.options.some((o) => o.name === "i")) it.markPipe("shell", [name.start, name.end]);
  if (isTty(inv.stdin)) return passthrough(inv);
  return runContent(it, inv, inv.stdin, name, base);
}

/** The IFS `read` splits with: its own prefix assignment, else the shell's, else the default;
 *  undefined when it cannot be known. */
function readIfs(it: Interp, inv: Invocation): string | undefined {
  const own = inv.assigns.find((a) => a.name === "IFS");
  if (own) return own.val.known ? own.val.text : undefined;
  const v = inv.state.vars.get("IFS");
  if (!v) return " \t\n";
  return v.known ? v.text : undefined;
}

// eval / source / .
const HANDLERS: Record<string, Handler> = {
  eval(it, inv) {
    const args = inv.argv.slice(1);
    if (args.length === 0) return EMPTY;
    return nestedScript(it, inv, joinVals(args), "eval", inv.stdin);
  },
  source: sourceFile,
  ".": sourceFile,
  busybox(it, inv) {
    return unwrap(it, inv, inv.argv.slice(1));
  },
  httpd(it, inv) {
    // busybox httpd [-f] [-p PORT] [-h HOME]: serves HOME (default: the working directory)
    const p = parseOptions(texts(inv), { short: "ivfp:u:r:c:h:e:d:m:" });
    const h = optionValues(p, "h")[0];
    serveEffect(it, inv, h ? (h.valueIndex !== undefined ? inv.argv[h.valueIndex]! : { ...inv.argv[h.index]!, text: h.value!, mapBase: undefined }) : undefined, "httpd");
    return EMPTY;
  },
  alias(_it, inv) {
    for (const v of inv.argv.slice(1)) {
      const eq = v.text.indexOf("=");
      if (eq > 0) inv.state.aliases.set(v.text.slice(0, eq), { text: v.text.slice(eq + 1), start: v.start, end: v.end });
    }
    return EMPTY;
  },
  trap(it, inv) {
    const a = inv.argv[1];
    if (a && a.text !== "-" && !/^-[lp]$/.test(a.text)) return nestedScript(it, inv, a, "trap");
    return EMPTY;
  },
  set(it, inv) {
    const args = inv.argv.slice(1);
    if (args.length === 0) {
      const n = inv.argv[0]!;
      it.add("A2", "dumps the shell variables and environment (set)", n.start, n.end, { source: "set" });
      return { taints: [{ kind: "env", label: "set", start: n.start, end: n.end }] };
    }
    const t = args.map((a) => a.text);
    const ai = t.findIndex((x, k) => /^-[a-zA-Z]*a/.test(x) || (x === "-o" && t[k + 1] === "allexport"));
    if (ai >= 0) it.add("A3", "exports every variable set afterwards (set -a / allexport)", args[ai]!.start, args[ai]!.end);
    // `set -- A B` (or `set - A B`, or words after the options): the new positional parameters
    let k = 0;
    while (k < t.length && /^[-+]/.test(t[k]!) && t[k] !== "--" && t[k] !== "-") k += /^[-+][a-zA-Z]*o$/.test(t[k]!) ? 2 : 1; // -o NAME, -euo NAME
    if (k < t.length) setPositional(inv.state, args.slice(t[k] === "--" || t[k] === "-" ? k + 1 : k));
    return EMPTY;
  },
  printenv(it, inv) {
    const args = inv.argv.slice(1).filter((a) => !a.text.startsWith("-"));
    const n = inv.argv[0]!;
    if (args.length === 0) {
      it.add("A2", "dumps the environment (printenv)", n.start, n.end, { source: "printenv" });
      return { taints: [{ kind: "env", label: "printenv", start: n.start, end: n.end }] };
    }
    const taints: Taint[] = [];
    for (const a of args) {
      if (a.known && it.isSecretName(a.text)) {
        const t: Taint = { kind: "secretvar", label: "$" + a.text, start: a.start, end: a.end, variable: a.text };
        it.add("A2", `prints a secret variable (${a.text})`, a.start, a.end, { source: t.label, ...evidenceOf(t) });
        taints.push(t);
      }
    }
    return { taints };
  },
  read(it, inv) {
    const p = parseOptions(texts(inv), SPEC_2);
    const names = p.positionals.map((i) => inv.argv[i]!.text);
    const arr = optionValues(p, "a")[0]?.value;
    // `read x <<< sudo`: a literal line makes the variables known, divided as read divides it
    // (by IFS, backslashes removed without -r). -d, -n and -N read something else than a line.
    const line = inv.stdin.text?.split("\n")[0];
    const ifs = readIfs(it, inv);
    const otherUnit = p.options.some((o) => o.name === "d" || o.name === "n" || o.name === "N");
    if (line !== undefined && !arr && ifs !== undefined && !otherUnit) {
      const raw = hasOption(p, "r");
      const words = names.length ? readSplit(line, ifs, names.length, raw) : readSplit(line, "", 1, raw); // REPLY keeps the whole line
      if (words) {
        (names.length ? names : ["REPLY"]).forEach((n, k) => inv.state.vars.set(n, { text: words[k] ?? "", known: true, taints: inv.stdin.taints }));
        return EMPTY;
      }
    }
    for (const n of arr ? [arr, ...names] : names.length ? names : ["REPLY"]) inv.state.vars.set(n, { text: "$" + n, known: false, taints: inv.stdin.taints });
    return EMPTY;
  },
  mapfile: readArray,
  readarray: readArray,
  shift(_it, inv) {
    // `shift [N]`: the positional parameters move down by N
    const arg = inv.argv[1];
    const n = arg === undefined ? 1 : arg.known && /^\d+$/.test(arg.text) ? Number(arg.text) : undefined;
    const all = inv.state.vars.get("@");
    if (all === undefined) return EMPTY;
    if (n === undefined || !all.known || !all.items) {
      for (const k of POSITIONAL) inv.state.vars.set(k, { text: "$" + k, known: false, taints: all.taints });
      return EMPTY;
    }
    const at = inv.argv[0]!;
    setPositional(inv.state, all.items.slice(n).map((text) => ({ text, known: true, start: at.start, end: at.end, taints: all.taints, quoted: true })));
    return EMPTY;
  },
  enable(it, inv) {
    // `enable -f lib.so name` loads a shared object into the shell: its code runs unseen
    const p = parseOptions(texts(inv), { short: "adnpsf:" });
    const f = optionValues(p, "f")[0];
    if (f) {
      const v = f.valueIndex !== undefined ? inv.argv[f.valueIndex]! : inv.argv[f.index]!;
      it.add("A3", `enable -f loads a shared object into the shell (${f.value}), code that cannot be judged`, v.start, v.end);
    }
    return EMPTY;
  },
  export(it, inv) {
    // `export` reached as a plain command (e.g. through a wrapper)
    const args = inv.argv.slice(1);
    if (args.length === 0 || args.every((a) => a.text === "-p")) {
      const n = inv.argv[0]!;
      it.add("A2", "dumps the environment (export -p)", n.start, n.end, { source: "export -p" });
      return { taints: [{ kind: "env", label: "export -p", start: n.start, end: n.end }] };
    }
    for (const a of args) {
      const eq = a.text.indexOf("=");
      if (eq > 0) it.setVar(inv.state, a.text.slice(0, eq), { ...a, text: a.text.slice(eq + 1), mapBase: undefined });
    }
    return EMPTY;
  },
  git: gitCommand,
  ssh: sshCommand,
  scp: copyRemote,
  sftp: sftpCommand,
  rsync: rsyncCommand,
  curl: curlCommand,
  wget: wgetCommand,
  wget2: wgetCommand,
  nc: netcat,
  ncat: netcat,
  netcat: netcat,
  socat: socatCommand,
  telnet: telnetCommand,
  openssl: opensslCommand,
  dig: dnsLookup,
  nslookup: dnsLookup,
  host: dnsLookup,
  ping: dnsLookup,
  ping6: dnsLookup,
  whois: dnsLookup,
  finger: dnsLookup,
  traceroute: dnsLookup,
  ftp: stdinSink,
  tftp: stdinSink,
  lftp: lftpCommand,
  mail: mailCommand,
  mailx: mailCommand,
  sendmail: mailCommand,
  mutt: mailCommand,
  http: httpie,
  https: httpie,
  xh: httpie,
  aria2c: aria2c,
  docker: dockerCommand,
  podman: dockerCommand,
  nerdctl: dockerCommand,
  find: findCommand,
  sed: sedCommand,
  tar: tarCommand,
  zip: zipCommand,
  dd: ddCommand,
  sysctl: sysctlCommand,
  crontab: crontabCommand,
  systemctl: systemctlCommand,
  gdb: gdbCommand,
  vim: vimCommand,
  vi: vimCommand,
  nvim: vimCommand,
  view: vimCommand,
  ex: vimCommand,
  make: makeCommand,
  gmake: makeCommand,
  rg: rgCommand,
  less: lessCommand,
  man: lessCommand,
  tmux: tmuxCommand,
  npx: npmExec,
  npm: npmExec,
  sshpass: sshpassCommand,
  at: scheduled,
  ip(it, inv) {
    // `ip netns exec NAME CMD…` and `ip vrf exec NAME CMD…` run CMD
    const t = texts(inv);
    const k = t.findIndex((x, j) => x === "exec" && j >= 2 && (t[j - 1] === "netns" || t[j - 1] === "vrf" || t[j - 2] === "netns"));
    const ei = t.indexOf("exec");
    if (ei >= 2 && (t.includes("netns") || t.includes("vrf")) && inv.argv.length > ei + 2) return unwrap(it, inv, inv.argv.slice(ei + 2));
    void k;
    return generic(it, inv, "ip");
  },
  ed(it, inv) {
    // ed's commands come on stdin: `e FILE`/`r FILE` read, `w FILE` writes, `!cmd` runs cmd
    for (const f of inv.argv.slice(1).filter((v) => !v.text.startsWith("-"))) it.readFile(f, inv.state, inv.frame, "ed");
    const script = inv.stdin.text;
    if (script !== undefined) {
      const at = inv.argv[0]!;
      for (const line of script.split("\n")) {
        const m = /^\s*(?:[\d,.$]*)\s*([erw])\s+(\S.*)$/.exec(line);
        if (m && m[2]!.startsWith("!")) it.runNested(m[2]!.slice(1), { start: at.start, end: at.end }, inv.frame, it.fork(inv.state), EMPTY);
        else if (m && (m[1] === "e" || m[1] === "r")) it.readFile({ ...at, text: m[2]!.trim(), mapBase: undefined }, inv.state, inv.frame, "ed");
        else if (m && m[1] === "w") writeEffect(it, { ...at, text: m[2]!.trim(), mapBase: undefined }, inv.state, "write", "ed w");
        const bang = /^\s*!(.+)$/.exec(line);
        if (bang) it.runNested(bang[1]!, { start: at.start, end: at.end }, inv.frame, it.fork(inv.state), EMPTY);
      }
    } else if (!isTty(inv.stdin)) it.add("A3", "ed runs commands read from its input", inv.argv[0]!.start, inv.argv[0]!.end);
    return { taints: inv.stdin.taints };
  },
  cpio(it, inv) {
    // -o/--create and -p/--pass-through read the files named on stdin; -p and -i -D write
    const t = texts(inv);
    const create = t.some((x) => /^-[a-zA-Z]*[op]/.test(x) || x === "--create" || x === "--pass-through");
    const taints: Taint[] = [...inv.stdin.taints];
    if (create && inv.stdin.text !== undefined) {
      for (const f of inv.stdin.text.split(/\n|\0/).map((x) => x.trim()).filter(Boolean)) taints.push(...it.readFile({ ...inv.argv[0]!, text: f, mapBase: undefined }, inv.state, inv.frame, "cpio").taints);
    }
    const pass = t.some((x) => /^-[a-zA-Z]*p/.test(x) || x === "--pass-through");
    if (pass) {
      const dir = inv.argv.slice(1).filter((v) => !v.text.startsWith("-")).pop();
      if (dir) writeEffect(it, dir, inv.state, "write", "cpio -p");
    }
    return { taints: mergeTaints(taints) };
  },
  script(it, inv) {
    const p = parseOptions(texts(inv), SPEC_3);
    for (const o of optionValues(p, "O", "I", "B", "T", "log-out", "log-in", "log-io", "log-timing")) writeEffect(it, o.valueIndex !== undefined ? inv.argv[o.valueIndex]! : { ...inv.argv[o.index]!, text: o.value!, mapBase: undefined }, inv.state, "write", "script log");
    const out = p.positionals[0];
    if (out !== undefined) writeEffect(it, inv.argv[out]!, inv.state, "write", "script (typescript file)");
    const c = optionValues(p, "c", "command")[0];
    if (c) return nestedScript(it, inv, c.valueIndex !== undefined ? inv.argv[c.valueIndex]! : { ...inv.argv[c.index]!, text: c.value!, mapBase: undefined }, "script -c");
    return passthrough(inv);
  },
  sqlite3(it, inv) {
    // dot-commands in -cmd values and SQL arguments: .shell/.system run commands, .output/.once write
    for (let k = 1; k < inv.argv.length; k++) {
      const v = inv.argv[k]!;
      for (const line of v.text.split(/\n|;(?=\s*\.)/)) {
        const sh = /^\s*\.(?:shell|system)\s+(.*)$/s.exec(line);
        if (sh) it.runNested(sh[1]!, { start: v.start, end: v.end, ...(v.mapBase !== undefined && v.text.endsWith(sh[1]!) ? { mapBase: v.mapBase + v.text.length - sh[1]!.length } : {}) }, inv.frame, it.fork(inv.state), EMPTY);
        const out = /^\s*\.(?:output|once|save|backup(?:\s+\S+)?)\s+(?:-[a-z]+\s+)*(\S+)/.exec(line);
        if (out) writeEffect(it, { ...v, text: out[1]!.replace(/^['"]|['"]$/g, ""), mapBase: undefined }, inv.state, "write", "sqlite3 .output");
        const rd = /^\s*\.(?:read|import|restore)\s+(\S+)/.exec(line);
        if (rd) it.readFile({ ...v, text: rd[1]!, mapBase: undefined }, inv.state, inv.frame, "sqlite3 .read");
      }
    }
    return generic(it, inv, "sqlite3");
  },
  ztcp(it, inv) {
    const pos = inv.argv.slice(1).filter((v) => !v.text.startsWith("-"));
    if (inv.argv.some((v) => v.text === "-l" || v.text === "-c")) return EMPTY;
    const peer = pos.map((v) => v.text).join(":");
    inv.state.vars.set("REPLY", { text: "__airlock_net_fd", known: true, taints: [] });
    inv.state.netFds.set("__airlock_net_fd", { peer, start: inv.argv[0]!.start, end: inv.argv[0]!.end });
    return EMPTY;
  },
  getent(it, inv) {
    const db = inv.argv[1];
    if (db && (db.text === "shadow" || db.text === "gshadow")) {
      it.add("A2", `reads the ${db.text} database (password hashes)`, db.start, db.end, { source: `/etc/${db.text}` });
      return { taints: [{ kind: "secret", label: `/etc/${db.text}`, start: db.start, end: db.end }] };
    }
    return generic(it, inv, "getent");
  },
  batch: scheduled,
  "ssh-copy-id"(it, inv) {
    const name = inv.argv[0]!;
    const host = inv.argv.slice(1).filter((v) => !v.text.startsWith("-")).pop();
    sendEffect(it, { name: "ssh-copy-id", start: name.start, end: name.end, host: host?.text.replace(/^.*@/, "") ?? "" }, [{ kind: "local", label: "a public key", start: name.start, end: name.end }]);
    return EMPTY;
  },
  smbclient(it, inv) {
    const name = inv.argv[0]!;
    const share = inv.argv.slice(1).find((v) => v.text.startsWith("\\\\") || v.text.startsWith("//"));
    const host = share?.text.replace(/^[\\/]+/, "").split(/[\\/]/)[0] ?? "";
    for (let k = 1; k < inv.argv.length; k++) {
      const a = inv.argv[k]!;
      if ((a.text === "-c" || a.text === "--command") && inv.argv[k + 1]) {
        const script = inv.argv[k + 1]!;
        for (const m of script.text.matchAll(/\b(m?put)\s+(\S+)/g)) sendEffect(it, { name: "smbclient", start: name.start, end: name.end, host }, it.readFile({ ...script, text: m[2]!, mapBase: undefined }, inv.state, inv.frame, "smbclient put").taints);
        for (const m of script.text.matchAll(/\bget\s+\S+\s+(\S+)/g)) writeEffect(it, { ...script, text: m[1]!, mapBase: undefined }, inv.state, "write", "smbclient get");
      }
    }
    return EMPTY;
  },
  exec(it, inv) {
    const p = parseOptions(texts(inv), SPEC_4);
    const inner = p.positionals.map((i) => inv.argv[i]!);
    if (inner.length === 0) return EMPTY;
    return unwrap(it, inv, inner);
  },
};

/** `at`/`batch` run the script they read (stdin or -f FILE) later: judge it now. */
function scheduled(it: Interp, inv: Invocation, base: string): Content {
  const p = parseOptions(texts(inv), SPEC_5);
  if (hasOption(p, "l", "r", "d", "c")) return EMPTY;
  const f = optionValues(p, "f")[0];
  const c = f ? it.readFile(f.valueIndex !== undefined ? inv.argv[f.valueIndex]! : { ...inv.argv[f.index]!, text: f.value!, mapBase: undefined }, inv.state, inv.frame, base) : inv.stdin;
  if (isTty(c)) return EMPTY;
  if (c.text === undefined && !c.taints.some((t) => t.kind === "download") && f) return EMPTY; // a local job file: like running a local script
  return runContent(it, inv, c, inv.argv[0]!, base);
}

function readArray(_it: Interp, inv: Invocation): Content {
  const p = parseOptions(texts(inv), SPEC_6);
  const name = p.positionals.length ? inv.argv[p.positionals[0]!]!.text : "MAPFILE";
  inv.state.vars.set(name, { text: "$" + name, known: false, taints: inv.stdin.taints });
  return EMPTY;
}

function isStdinPath(v: Val): boolean {
  return v.known && /^(?:\/dev\/stdin|\/dev\/fd\/0|\/proc\/self\/fd\/0|-)$/.test(v.text);
}

function sourceFile(it: Interp, inv: Invocation): Content {
  const f = inv.argv[1];
  if (!f) return EMPTY;
  if (isStdinPath(f) && f.text !== "-") return runContent(it, inv, inv.stdin, f, "source");
  if (f.content) return runContent(it, inv, f.content, f, "source");
  const key = fileKey(f, inv.state);
  const written = key !== undefined ? inv.state.files.get(key) : undefined;
  if (written) return runContent(it, inv, written, f, "source");
  if (!f.known) {
    it.add("A3", "sources a file whose name cannot be resolved statically", f.start, f.end);
    return EMPTY;
  }
  const m = it.catalogMatch(f.text, inv.state);
  if (m) {
    // Sourcing a secrets file loads its values into the shell: they are secret from now on.
    it.readFile(f, inv.state, inv.frame, "source");
    inv.state.vars.set("__airlock_sourced_secret", { text: "", known: false, taints: [{ kind: "secret", label: f.text, start: f.start, end: f.end }] });
  }
  return EMPTY;
}

// ───────────────────────── interpreters ─────────────────────────

const NET_API = /\b(?:net\.Dial|syscall\.Socket|syscall\.Connect|socket|TCPServer|UDPServer|ServerSocket|Sockets|connect\s*\(\s*['"][\w.-]+['"]\s*,|urllib|urlopen|requests\.(?:get|post|put|patch)|http\.client|httplib|httpx|aiohttp|fsockopen|stream_socket_client|IO::Socket|Net::HTTP|Net::FTP|LWP|HTTP::Tiny|TCPSocket|UDPSocket|net\.connect|net\.Socket|net\.createConnection|createConnection|require\(\s*['"](?:net|http|https|dgram|tls)['"]\s*\)|from\s+['"](?:net|http|https|node:net)['"]|fetch\s*\(|XMLHttpRequest|curl_exec|curl_init|file_get_contents\s*\(\s*['"]https?:|telnetlib|ftplib|smtplib|paramiko|websocket|Socket::|open-uri|URI\.open|Faraday|HTTParty|RestClient|Invoke-WebRequest|wget\.download|pwntools|connect\s*\(\s*\(?\s*['"])/;
const SHELL_API = /exec\.Command|syscall\.Exec|syscall\.Dup2|\bsystem\s*[$(]|\bexec\s+['"]|os\.execute|io\.popen|Process\.(?:run|new)|run\s*\(\s*`|pty\.spawn|os\.dup2|dup2|subprocess|os\.system|os\.popen|os\.exec|\bexec\s*\(|system\s*\(|spawn\s*\(|child_process|proc_open|popen|shell_exec|passthru|\bexec\s+['"]?\/bin|\/bin\/(?:ba|z|da|k)?sh\b|cmd\.exe|IO\.popen|Open3|Kernel\.exec|`[^`]*`|%x\(/;
const WRITE_API = /os\.OpenFile|os\.WriteFile|ioutil\.WriteFile|os\.Create\s*\(|\bfile\s*\{\s*['"]|open\s*\([^)]*['"][wa]\+?b?['"]|open\s*\([^,]*,\s*['"]?[>]|io\.open\s*\([^)]*['"][wa]|writeFile|appendFile|createWriteStream|file_put_contents|fopen\s*\([^)]*['"][wa]|File\.(?:open|write)\s*\([^)]*(?:['"][wa]|\))|IO\.copy_stream|FileWriter|FileOutputStream|Out-File|Set-Content|copyfile|shutil\.(?:copy|move)|os\.rename|\bdownload\s*\(|\bcp\s*\(|symlink|os\.replace|chmod|\.write\s*\(/;
const READ_API = /createReadStream|readFileSync|readFile\s*\(|File\.read|IO\.read\b|file_get_contents\s*\(\s*['"](?!https?:)|slurp|Get-Content|\bopen\s*\(\s*[^,()]+\)|\bopen\s*\([^)]*['"](?:r[b+t]?|<)['"]|io\.open\s*\([^)]*['"]r|fopen\s*\([^)]*['"]r/;
const ENV_API = /os\.environ|os\.getenv|getenv\s*\(|process\.env|\bENV\[|\$_ENV|\$_SERVER|%ENV|\$ENV\{|System\.getenv|environ\b/;

/** Literal strings passed to a shell-running API: os.system("…"), system('…'), exec("…")… */
function shellCallsIn(code: string, lang: string): { text: string; index: number }[] {
  const out: { text: string; index: number }[] = [];
  const re = /(?:os\.system|os\.popen|os\.exec[lv]p?e?|os\.spawn[lv]p?e?|os\.posix_spawnp?|pty\.spawn|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|system|exec|execSync|execFileSync|execFile|spawnSync|spawn|popen|shell_exec|passthru|proc_open|pcntl_exec|IO\.popen|Kernel\.system|Kernel\.exec|Kernel\.spawn|Process\.spawn|%x)\s*\(\s*(\[?)\s*(?:r|b|u)?(["'`])((?:\\.|(?!\2)[^\\])*)\2/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(code))) {
    if (m[1] === "[") {
      // an argv list: join the string elements
      const list = code.slice(m.index).match(/\[([^\]]*)\]/);
      if (list) {
        const items = [...list[1]!.matchAll(/(["'])((?:\\.|(?!\1)[^\\])*)\1/g)].map((x) => x[2]!);
        out.push({ text: items.map((s) => shellQuote(s)).join(" "), index: m.index });
        continue;
      }
    }
    out.push({ text: m[3]!.replace(/\\(["'\\])/g, "$1"), index: m.index + m[0].length - m[3]!.length - 1 });
  }
  // perl/ruby list form: system "sudo", "ls" / exec 'sh', '-c', '…'
  for (const m of code.matchAll(/\b(?:system|exec)\s+((?:(["'])(?:\\.|(?!\2)[^\\])*\2\s*,?\s*)+)/g)) {
    const items = [...m[1]!.matchAll(/(["'])((?:\\.|(?!\1)[^\\])*)\1/g)].map((x) => x[2]!);
    out.push({ text: items.length === 1 ? items[0]! : items.map((x) => shellQuote(x)).join(" "), index: m.index ?? 0 });
  }
  // Emacs Lisp: (shell-command "…"), (async-shell-command "…"), (shell-command-to-string "…"),
  // (call-process-shell-command "…"), (call-process "prog" nil nil nil "arg" …)
  for (const m of code.matchAll(/\((?:shell-command(?:-to-string)?|async-shell-command|call-process-shell-command|start-process-shell-command\s+"[^"]*"\s+[^\s)]+)\s+"((?:\\.|[^"\\])*)"/g)) out.push({ text: m[1]!.replace(/\\(["\\])/g, "$1"), index: m.index ?? 0 });
  for (const m of code.matchAll(/\((?:call-process|start-process\s+"[^"]*"\s+[^\s)]+)\s+"([^"]+)"((?:\s+(?:nil|t|"(?:\\.|[^"\\])*"))*)\)/g)) {
    const args = [...m[2]!.matchAll(/"((?:\\.|[^"\\])*)"/g)].map((x) => shellQuote(x[1]!));
    out.push({ text: [shellQuote(m[1]!), ...args].join(" "), index: m.index ?? 0 });
  }
  // perl/ruby/php backticks and perl's qx{}; in JavaScript a backtick string is a template
  if (lang === "perl" || lang === "ruby" || lang === "php" || lang === "irb") {
    for (const b of code.matchAll(/`([^`]+)`|qx\{([^}]*)\}|qx\(([^)]*)\)/g)) out.push({ text: b[1] ?? b[2] ?? b[3] ?? "", index: b.index ?? 0 });
  }
  return out;
}

function stringLiterals(code: string): string[] {
  return [...code.matchAll(/(["'])((?:\\.|(?!\1)[^\\\n])*)\1/g)].map((m) => m[2]!);
}

/** Constructs in inline code that hide what it calls or runs: an attribute, module or function
 *  named by a computed string, or eval of something that is not one literal. What they reach
 *  cannot be judged from the text, so they are A3. */
const DYNAMIC_CODE = [
  /\bgetattr\s*\([^,()]+,(?!\s*['"][\w.]*['"]\s*[,)])/, // getattr(os, 'sys'+'tem') / getattr(m, name)
  /\b__import__\s*\((?!\s*['"][\w.]+['"]\s*\))/, // __import__(name) / __import__('o'+'s')
  /\bimportlib\.import_module\s*\((?!\s*['"][\w.]+['"]\s*\))/,
  /\brequire\s*\((?!\s*['"][@\w./:-]+['"]\s*\))/, // require('child_'+'process')
  /(?<![\w.])import\s*\((?!\s*['"][@\w./:-]+['"]\s*\))/, // import(name)
  /\b(?:new\s+)?Function\s*\(/, // new Function(src)
  /(?<![\w.])(?:eval|exec)\s*\((?!\s*['"][^'"]*['"]\s*[,)])(?!\s*(?:compile|open)\b)(?!\s*(?:base64|atob|Buffer)\b)/, // eval(x), eval("a"+"b")
  /\.(?:send|public_send|__send__|instance_eval|class_eval|const_get)\s*\((?!\s*:\w+\s*[,)])/, // ruby obj.send(name)
  /\bglobals\s*\(\s*\)\s*\[|\bvars\s*\([^)]*\)\s*\[|\b__builtins__\b/, // globals()['ev'+'al']
  /(["'])[^"'\n]{0,40}\1\s*\+\s*["']/, // 'su' + 'do': a literal glued to a literal
];

/** Judges inline interpreter code: commands it runs, secrets it reads, where it connects. */
function interpretCode(it: Interp, inv: Invocation, lang: string, code: Val, how: string): void {
  if (!code.known) {
    const dl = code.taints.find((t) => t.kind === "download");
    if (dl) it.add("P3", `${how} runs downloaded content as code: remote code execution`, code.start, code.end, { ...evidenceOf(dl), sink: how });
    else it.add("A3", `${how} runs code that cannot be resolved statically`, code.start, code.end);
    return;
  }
  const text = code.text;
  const at = { start: code.start, end: code.end };
  if (lang === "expect" || lang === "tclsh" || lang.startsWith("tclsh") || lang === "wish") {
    // Tcl: `spawn CMD ARGS`, `exec CMD ARGS` as words up to the end of the Tcl command
    for (const m of text.matchAll(/(?:^|[;\[{\n])\s*(?:spawn|exec)\s+(?:-\S+\s+)*([^;\]\n}]+)/g)) it.runNested(m[1]!, at, inv.frame, it.fork(inv.state), EMPTY);
  }
  for (const call of shellCallsIn(text, lang)) {
    const carrier: { start: number; end: number; mapBase?: number } = { ...at };
    if (code.mapBase !== undefined && text.startsWith(call.text, call.index)) carrier.mapBase = code.mapBase + call.index;
    it.runNested(call.text, carrier, inv.frame, it.fork(inv.state), EMPTY);
  }
  if (/(?:os\.system|os\.popen|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput)|child_process\.\w+|execSync|spawnSync|shell_exec|passthru|proc_open|IO\.popen|Kernel\.system|\bsystem|\bpopen)\s*\(\s*(?![\s"'\[`]|\))/.test(text) || /\b(?:system|exec)\s+(?!["'])[$@\w]/.test(text))
    it.add("A3", `${how} runs a command built at run time`, at.start, at.end);
  if (DYNAMIC_CODE.some((d) => d.test(text))) it.add("A3", `${how} names the code or command it runs at run time (computed names, eval of built strings)`, at.start, at.end);
  if (/\b(?:eval|exec)\s*\(\s*(?:base64|atob|Buffer\.from|codecs\.decode|bytes\.fromhex|zlib)/.test(text) || /__import__\(['"]base64['"]\)/.test(text))
    it.add("A3", `${how} decodes and runs code that cannot be resolved statically`, at.start, at.end);
  const net = NET_API.test(text);
  const spawnsShell = SHELL_API.test(text);
  const taints: Taint[] = [];
  for (const s of stringLiterals(text)) {
    if (s.length < 2 || s.length > 512) continue;
    const m = it.catalog.match(s.startsWith("~") ? it.home + s.slice(1) : s, { home: it.home });
    if (m) {
      const t: Taint = { kind: "secret", label: s, start: at.start, end: at.end };
      taints.push(t);
      it.add("A2", `${how} reads a sensitive file: ${s} (${m.id})`, at.start, at.end, { source: s, catalog: m.id });
    }
  }
  if (net && READ_API.test(text) && !taints.length) taints.push({ kind: "local", label: "a local file (in code)", start: at.start, end: at.end });
  if (/b64decode|base64|atob|fromhex|decode\(|xor|chr\(/.test(text) && /subprocess|os\.system|\bexec\s*\(|\beval\s*\(|popen|child_process|system\s*\(/.test(text) && shellCallsIn(text, lang).length === 0)
    it.add("A3", `${how} decodes data and runs it as code or commands`, at.start, at.end);
  if (ENV_API.test(text) && net) taints.push({ kind: "env", label: "the environment (in code)", start: at.start, end: at.end });
  const writes = WRITE_API.test(text);
  for (const m of text.matchAll(/(?:Out-File|Set-Content|Add-Content|Copy-Item|Move-Item|New-Item)\s+(?:-(?:FilePath|Path|Destination)\s+)?['"]?([~/][^\s'"|;]*)/gi))
    writeEffect(it, { ...code, text: m[1]!.startsWith("~") ? it.home + m[1]!.slice(1) : m[1]!, mapBase: undefined }, inv.state, "write", `${how} (code)`);
  for (const s of stringLiterals(text)) {
    if (!writes || !s.startsWith("/") && !s.startsWith("~")) continue;
    writeEffect(it, { ...code, text: s.startsWith("~") ? it.home + s.slice(1) : s, mapBase: undefined }, inv.state, "write", `${how} (code)`);
  }
  if (net && spawnsShell) {
    it.add("P3", `${how} connects to a network peer and runs a shell: a reverse shell`, at.start, at.end, { sink: how });
  }
  if (net) sendEffect(it, { name: how, start: at.start, end: at.end, host: hostIn(text) ?? "" }, mergeTaints(taints, inv.stdin.taints.filter((t) => t.kind !== "download" && t.kind !== "local")));
}

function hostIn(code: string): string | undefined {
  const m = /https?:\/\/([^/'"\s:]+)/.exec(code) ?? /['"]((?:\d{1,3}\.){3}\d{1,3})['"]/.exec(code);
  return m ? m[1] : undefined;
}

/** A web server publishing a folder (`python -m http.server -d DIR`, `php -S … -t DIR`,
 *  `busybox httpd -h DIR`; the working directory when none is given): publishing the root, a
 *  home directory or a credential folder makes every credential file in it downloadable. */
function serveEffect(it: Interp, inv: Invocation, dir: Val | undefined, how: string): void {
  const at = dir ?? inv.argv[0]!;
  const path = dir ? (dir.known ? resolvePath(expandTilde(dir.text, it.home), inv.state.cwd) : undefined) : inv.state.cwd;
  if (dir && !dir.known) {
    it.add("A3", `${how} publishes a folder that cannot be resolved statically (${dir.text})`, at.start, at.end);
    return;
  }
  if (path === undefined) return;
  const m = path === "/" || isHomeDirectory(path, it.home) || homeAncestor(path, it.home) ? undefined : it.catalogMatch(path, inv.state);
  if (path === "/" || isHomeDirectory(path, it.home) || homeAncestor(path, it.home) || m) {
    const what = m ? `a credential folder (${m.id})` : path === "/" ? "the whole file system" : "a home directory";
    it.add("P3", `${how} publishes ${path}, ${what}, to the network: its credential files become downloadable`, at.start, at.end, { path, sink: how });
  }
}

function homeAncestor(path: string, home: string): boolean {
  return path !== "/" && (home === path || home.startsWith(path.endsWith("/") ? path : path + "/"));
}

function interpreter(it: Interp, inv: Invocation, base: string, spec: CommandSpec): Content {
  const argv = texts(inv);
  if (spec.code_program) return awkCommand(it, inv, base, spec);
  let p = parseOptions(argv, { ...spec, stopAtPositional: true });
  const lang = /^python/.test(base) ? "python" : base;
  const subcommands = spec.subcommand === undefined ? [] : Array.isArray(spec.subcommand) ? spec.subcommand : [spec.subcommand];
  if (subcommands.length && subcommands.includes(argv[p.positionals[0] ?? -1] ?? "")) p = parseOptions(argv, { ...spec, stopAtPositional: true }, (p.positionals[0] ?? 0) + 1);
  if (spec.subcommand_script && argv[p.positionals[0] ?? -1] === spec.subcommand_script) {
    const f = inv.argv[p.positionals.find((i) => i > p.positionals[0]! && !argv[i]!.startsWith("-")) ?? -1];
    if (f) {
      const key = fileKey(f, inv.state);
      const written = key !== undefined ? inv.state.files.get(key) : undefined;
      if (written && (written.text !== undefined || written.taints.some((t) => t.kind === "download"))) return runContent(it, inv, written, f, `${base} ${spec.subcommand_script}`, lang);
    }
    return passthrough(inv);
  }
  const codeOpts = optionValues(p, ...(spec.code_options ?? []));
  if (codeOpts.length > 0) {
    for (const o of codeOpts) {
      const v = inv.argv[o.valueIndex ?? o.index]!;
      interpretCode(it, inv, lang, o.valueIndex !== undefined ? v : { ...v, text: o.value!, mapBase: undefined }, `${base} -${o.name}`);
    }
    perlInPlace(it, inv, base, p);
    // code that writes files, given paths as arguments (`python -c 'open(sys.argv[1], "w")…' F`):
    // the arguments may be what it writes
    if (codeOpts.some((o) => WRITE_API.test(inv.argv[o.valueIndex ?? o.index]!.text))) {
      for (const i of p.positionals) {
        const a = inv.argv[i]!;
        if (a.known && /^[/~.]/.test(a.text)) writeEffect(it, a, inv.state, "write", `${base} code given ${a.text}`);
      }
    }
    const taints: Taint[] = [...inv.stdin.taints];
    for (const i of p.positionals) taints.push(...it.readFile(inv.argv[i]!, inv.state, inv.frame, base).taints.filter((t) => t.kind !== "local"));
    return { taints: mergeTaints(taints) };
  }
  const mod = spec.module_option ? optionValues(p, spec.module_option)[0] : undefined;
  if (mod) {
    if (mod.value === "http.server" || mod.value === "SimpleHTTPServer") {
      const d = parseOptions(argv.slice(mod.valueIndex ?? mod.index), { short: "b:d:p:", long: ["bind=", "directory=", "protocol=", "cgi"] });
      const dir = optionValues(d, "d", "directory")[0];
      serveEffect(it, inv, dir ? inv.argv[(mod.valueIndex ?? mod.index) + (dir.valueIndex ?? dir.index)]! : undefined, `${base} -m ${mod.value}`);
    }
    return passthrough(inv);
  }
  if (base === "php") {
    const serve = argv.indexOf("-S");
    const root = argv.indexOf("-t");
    if (serve > 0) serveEffect(it, inv, root > 0 ? inv.argv[root + 1] : undefined, "php -S");
  }
  if (spec.subcommand_code && argv[p.positionals[0] ?? -1] === spec.subcommand_code) {
    const c = inv.argv[p.positionals[1] ?? -1];
    if (c) interpretCode(it, inv, lang, c, `${base} ${spec.subcommand_code}`);
    return passthrough(inv);
  }
  const i = p.positionals[0];
  if (i !== undefined) {
    const script = inv.argv[i]!;
    if (script.content) return runContent(it, inv, script.content, script, base, lang);
    const key = fileKey(script, inv.state);
    const written = key !== undefined ? inv.state.files.get(key) : undefined;
    if (written) return runContent(it, inv, written, script, base, lang);
    if (!script.known) it.add("A3", `${base} runs a script whose name cannot be resolved statically`, script.start, script.end);
    return passthrough(inv);
  }
  if (isTty(inv.stdin)) return passthrough(inv);
  return runContent(it, inv, inv.stdin, inv.argv[0]!, base, lang);
}

function perlInPlace(it: Interp, inv: Invocation, base: string, p: ParsedArgs): void {
  if (base !== "perl" || !p.options.some((o) => o.name === "i")) return;
  for (const i of p.positionals) writeEffect(it, inv.argv[i]!, inv.state, "write", "perl -i");
}

function awkCommand(it: Interp, inv: Invocation, base: string, spec: CommandSpec): Content {
  const p = parseOptions(texts(inv), spec);
  const fromFile = optionValues(p, "f", "file").length > 0;
  const pos = p.positionals.map((i) => inv.argv[i]!);
  const prog = fromFile ? undefined : pos[0];
  const files = fromFile ? pos : pos.slice(1);
  if (prog) {
    if (!prog.known) it.add("A3", `${base} runs a program that cannot be resolved statically`, prog.start, prog.end);
    else {
      // system("…"), cmd | getline, print | "cmd", print > "file"
      const cmds: { text: string; index: number }[] = [];
      for (const m of prog.text.matchAll(/system\s*\(\s*"((?:\\.|[^"\\])*)"\s*\)/g)) cmds.push({ text: m[1]!.replace(/\\"/g, '"'), index: (m.index ?? 0) + m[0].indexOf('"') + 1 });
      for (const m of prog.text.matchAll(/"((?:\\.|[^"\\])*)"\s*\|\s*getline/g)) cmds.push({ text: m[1]!, index: (m.index ?? 0) + 1 });
      for (const m of prog.text.matchAll(/\|\s*"((?:\\.|[^"\\])*)"/g)) cmds.push({ text: m[1]!, index: (m.index ?? 0) + m[0].indexOf('"') + 1 });
      for (const c of cmds) {
        const carrier: { start: number; end: number; mapBase?: number } = { start: prog.start, end: prog.end };
        if (prog.mapBase !== undefined && prog.text.startsWith(c.text, c.index)) carrier.mapBase = prog.mapBase + c.index;
        it.runNested(c.text, carrier, inv.frame, it.fork(inv.state), EMPTY);
      }
      if (/system\s*\(\s*[^"\s)]/.test(prog.text) || /\|\s*[a-zA-Z_$]/.test(prog.text.replace(/"[^"]*"/g, '""')))
        it.add("A3", `${base} runs a command built at run time`, prog.start, prog.end);
      for (const m of prog.text.matchAll(/>>?\s*"([^"]+)"/g)) writeEffect(it, { ...prog, text: m[1]!, mapBase: undefined }, inv.state, "write", `${base} print >`);
      if (/\/inet\/(?:tcp|udp)\//.test(prog.text)) {
        if (/\|&|getline|system|\/bin\/sh/.test(prog.text)) it.add("P3", `${base} connects to a network peer (/inet) and runs commands: a reverse shell`, prog.start, prog.end);
        else sendEffect(it, { name: `${base} /inet`, start: prog.start, end: prog.end }, inv.stdin.taints);
      }
    }
  }
  const taints: Taint[] = [...inv.stdin.taints];
  for (const f of files) if (!f.text.includes("=")) taints.push(...it.readFile(f, inv.state, inv.frame, base).taints.filter((t) => t.kind !== "local"));
  return { taints: mergeTaints(taints) };
}

// ───────────────────────── tunnels, state changes, writers ─────────────────────────

function tunnel(it: Interp, inv: Invocation, base: string, subs: string[]): Content {
  const name = inv.argv[0]!;
  const args = inv.argv.slice(1).map((v) => v.text).filter((t) => !t.startsWith("-"));
  if (subs.length === 0 || subs.includes(args[0] ?? "")) {
    it.add("P3", `opens a remote-access tunnel exposing this machine (${base}${subs.length ? " " + args[0] : ""})`, name.start, name.end, { command: base });
    return passthrough(inv);
  }
  return generic(it, inv, base);
}

function stateChange(it: Interp, inv: Invocation, base: string, spec: CommandSpec): Content {
  const name = inv.argv[0]!;
  const args = inv.argv.slice(1).map((v) => v.text);
  if (spec.when_args && !args.some((a) => spec.when_args!.includes(a))) return generic(it, inv, base);
  if (spec.unless_args && args.some((a) => spec.unless_args!.includes(a))) return generic(it, inv, base);
  if (spec.when_args_any_protected) {
    // the mount point (the last operand) is what gets covered; the device is only read
    const operands = inv.argv.slice(1).filter((v) => v.known && !v.text.startsWith("-") && !/^[a-z0-9]+=/.test(v.text));
    const targets = base === "mount" && operands.length >= 2 ? operands.slice(-1) : operands;
    const hit = targets.find((v) => {
      const p = resolvePath(v.text, inv.state.cwd);
      return p !== undefined && protectedPath(p, it.home) !== undefined;
    });
    if (!hit) return generic(it, inv, base);
    it.add("P2", `${base} over a system path (${hit.text})`, hit.start, hit.end, { path: hit.text });
    return passthrough(inv);
  }
  if (args.some((a) => a === "--help" || a === "--version") && args.length === 1) return passthrough(inv);
  it.add("P2", `changes system state (${base})`, name.start, name.end, { command: base });
  return passthrough(inv);
}

function remoteMountOf(inv: Invocation, text: string): string | undefined {
  const path = resolvePath(text, inv.state.cwd);
  if (!path) return undefined;
  for (const [m, host] of inv.state.remoteMounts) if (path === m || path.startsWith(m + "/")) return host;
  return undefined;
}

function destIndices(spec: CommandSpec, p: ParsedArgs): number[] {
  const pos = p.positionals;
  if (spec.all_if_option && hasOption(p, ...spec.all_if_option)) return pos;
  if (spec.dest_if_option && hasOption(p, ...spec.dest_if_option)) return pos;
  switch (spec.dest) {
    case "all":
      return pos;
    case "last":
      if (spec.dest_options && optionValues(p, ...spec.dest_options).length) return [];
      return pos.length >= 2 ? [pos[pos.length - 1]!] : [];
    case "last_any":
      return pos.slice(-1);
    case "first":
      return pos.slice(0, 1);
    case "second":
      return pos.slice(1, 2);
    case "all_but_first":
      return pos.slice(1);
    default:
      return [];
  }
}

/** `ln [-s] TARGET… LINK|DIR`: remembers what each new link names, so that later paths through
 *  it are judged as the paths they reach; a link to a credential file is a sensitive read (A2). A symbolic link's relative target is relative to the
 *  link's folder; a hard link's to the working directory. Only known paths are recorded. */
function recordLinks(it: Interp, inv: Invocation, p: ParsedArgs, dests: number[], targets: Val[]): void {
  const symbolic = hasOption(p, "s", "symbolic");
  const destSet = new Set(dests);
  const sources = p.positionals.filter((i) => !destSet.has(i)).map((i) => inv.argv[i]!);
  const dirOption = optionValues(p, "t", "target-directory").length > 0;
  for (const dest of targets) {
    if (!dest.known) continue;
    const destPath = resolvePath(dest.text, inv.state.cwd);
    if (destPath === undefined) continue;
    for (const src of sources) {
      if (!src.known) continue;
      const intoDir = dirOption || sources.length > 1 || dest.text.endsWith("/");
      const link = intoDir ? posix.join(destPath, posix.basename(src.text)) : destPath;
      const target = symbolic ? (src.text.startsWith("/") ? posix.normalize(src.text) : posix.join(posix.dirname(link), src.text)) : resolvePath(src.text, inv.state.cwd);
      if (target === undefined || target === link) continue;
      inv.state.links.set(link, target.replace(/(.)\/+$/, "$1"));
      // a credential file given another name (`ln -s ~/.ssh/id_rsa notes.txt`) is exposed by it
      if (it.catalogMatch(target, inv.state)) it.readFile({ ...src, text: target, mapBase: undefined }, inv.state, inv.frame, "ln");
    }
  }
}

function writer(it: Interp, inv: Invocation, base: string, spec: CommandSpec): Content {
  const argv = texts(inv);
  const p = parseOptions(argv, spec);
  const kind = spec.kind ?? "write";
  if (spec.readonly_options && hasOption(p, ...spec.readonly_options)) return generic(it, inv, base);
  // no operands: a filter on stdin (`xxd -r -p`), which may compute its output
  if (p.positionals.length === 0 && !optionValues(p, ...(spec.dest_options ?? [])).length) return generic(it, inv, base);
  const dests = destIndices(spec, p);
  const how = base;
  const taints: Taint[] = [...inv.stdin.taints];
  // Sources read (cp, rsync, install…): their content flows into the destination.
  if (spec.reads_sources || spec.sources_kind) {
    const destSet = new Set(dests);
    for (const i of p.positionals) {
      if (destSet.has(i)) continue;
      const v = inv.argv[i]!;
      if (spec.sources_kind === "delete") writeEffect(it, v, inv.state, "delete", `${base} (source)`);
      if (spec.reads_sources && !/^[^/]*:/.test(v.text)) taints.push(...it.readFile(v, inv.state, inv.frame, base).taints);
    }
  }
  const targets: Val[] = dests.map((i) => inv.argv[i]!);
  for (const o of optionValues(p, ...(spec.dest_options ?? []), ...(spec.dir_options ?? []))) {
    const v = inv.argv[o.valueIndex ?? o.index]!;
    targets.push(o.valueIndex !== undefined ? v : { ...v, text: o.value!, mapBase: undefined });
  }
  const recursive = hasOption(p, "r", "R", "recursive");
  for (const t of targets) {
    const mountHost = t.known ? remoteMountOf(inv, t.text) : undefined;
    if (mountHost !== undefined) sendEffect(it, { name: `${base} into a remote mount`, start: inv.argv[0]!.start, end: inv.argv[0]!.end, host: mountHost }, taints.length ? taints : [{ kind: "local", label: "files", start: t.start, end: t.end }]);
    writeEffect(it, t, inv.state, kind, how);
    if (kind === "delete" && (recursive || base === "rmdir")) recursiveDelete(it, t, inv.state);
    if (kind === "mode" && recursive) recursiveDelete(it, t, inv.state);
    if (t.known && kind === "write") {
      const path = resolvePath(t.text, inv.state.cwd);
      const prev = inv.state.files.get(path ?? t.text);
      const written: Content = { taints: mergeTaints(prev?.taints, taints) };
      if (base === "tee") {
        // tee writes its stdin: a file of that very text, or of text that cannot be known
        if (inv.stdin.text !== undefined && !hasOption(p, "a", "append")) written.text = inv.stdin.text;
        else written.generated = true;
      }
      inv.state.files.set(path ?? t.text, written);
    }
  }
  if (base === "ln") recordLinks(it, inv, p, dests, targets);
  if (base === "tee") return { ...inv.stdin };
  if (kind === "write" && !spec.reads_sources && !spec.sources_kind && !it.sem.metadataOnly.has(base)) {
    for (const i of p.positionals) {
      if (dests.includes(i)) continue;
      const v = inv.argv[i]!;
      if (v.known && it.catalogMatch(v.text, inv.state)) taints.push(...it.readFile(v, inv.state, inv.frame, base).taints);
    }
  }
  return { taints: mergeTaints(taints) };
}

// ───────────────────────── network ─────────────────────────

function urlHost(u: string): string | undefined {
  const m = /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/)?(?:[^@/\s]*@)?(\[[^\]]+\]|[^/:?#\s]+)/.exec(u);
  return m ? m[1]!.toLowerCase() : undefined;
}

/** Sending a file: its content (a secret, or local data even when its text is known). */
function uploadOf(it: Interp, inv: Invocation, v: Val): Taint[] {
  const c = it.readFile(v, inv.state, inv.frame, "upload");
  return c.taints.some((t) => t.kind !== "download") ? c.taints : mergeTaints(c.taints, [{ kind: "local", label: v.text, start: v.start, end: v.end }]);
}

/** `@file`, `@-`, `<file` data references of curl/httpie. */
function dataRef(it: Interp, inv: Invocation, v: Val, text: string): Taint[] {
  if (text === "@-" || text === "-") return inv.stdin.taints.length ? inv.stdin.taints : [{ kind: "local", label: "stdin", start: v.start, end: v.end }];
  const file = text.slice(1).replace(/;.*$/, "");
  return uploadOf(it, inv, part(v, file));
}

/** The part of a word that names `sub` (`upload=@.env` → `.env`), with its own span when the
 *  word maps 1:1 onto the command text. */
function part(v: Val, sub: string): Val {
  const at = v.text.lastIndexOf(sub);
  if (v.mapBase !== undefined && at >= 0) return { ...v, text: sub, start: v.mapBase + at, end: v.mapBase + at + sub.length, mapBase: v.mapBase + at };
  return { ...v, text: sub, mapBase: undefined };
}

function curlCommand(it: Interp, inv: Invocation): Content {
  const argv = texts(inv);
  const spec: OptionSpec = {
    short: "d:F:T:H:u:o:X:A:e:b:c:K:x:U:E:w:Y:y:z:C:m:r:t:Q:P:D:h:OsSLkfvIiGgJjNnqRZ#0123456MV",
    long: ["data=", "data-raw=", "data-binary=", "data-ascii=", "data-urlencode=", "form=", "form-string=", "upload-file=", "header=", "user=", "output=", "request=", "user-agent=", "referer=", "cookie=", "cookie-jar=", "config=", "proxy=", "url=", "json=", "output-dir=", "write-out=", "dump-header=", "connect-timeout=", "max-time=", "retry=", "cert=", "key=", "cacert=", "resolve=", "connect-to=", "oauth2-bearer=", "proxy-user=", "variable=", "expand-data=", "expand-url=", "expand-header=", "trace=", "trace-ascii=", "stderr=", "range=", "telnet-option=", "quote=", "mail-from=", "mail-rcpt=", "unix-socket=", "interface=", "local-port=", "limit-rate=", "remote-name", "remote-name-all", "location", "insecure", "silent", "show-error", "fail", "verbose", "include", "head", "get", "compressed", "create-dirs", "progress-bar", "no-buffer", "globoff", "remote-header-name", "netrc", "netrc-optional", "netrc-file="],
  };
  const p = parseOptions(argv, spec);
  const name = inv.argv[0]!;
  const urls: Val[] = p.positionals.map((i) => inv.argv[i]!);
  for (const o of optionValues(p, "url")) urls.push(inv.argv[o.valueIndex ?? o.index]!);
  const url = urls[0];
  const host = url ? urlHost(url.text) : undefined;
  const data: Taint[] = [];
  for (const u of urls) data.push(...u.taints.filter((t) => t.kind !== "download"));
  for (const o of p.options) {
    if (o.value === undefined) continue;
    const v = inv.argv[o.valueIndex ?? o.index]!;
    const val = o.valueIndex !== undefined ? v : { ...v, text: o.value, mapBase: undefined };
    switch (o.name) {
      case "d": case "data": case "data-ascii": case "data-binary": case "json": case "data-urlencode": {
        const t = val.text.replace(/^[^@=]*=(?=@)/, "");
        if (val.known && t.startsWith("@")) data.push(...dataRef(it, inv, val, t));
        else data.push(...val.taints);
        break;
      }
      case "data-raw": case "form-string": case "user": case "u": case "oauth2-bearer": case "cookie": case "b": case "A": case "user-agent": case "e": case "referer": case "mail-rcpt": case "quote": case "Q":
        data.push(...val.taints);
        break;
      case "H": case "header":
        if (val.known && val.text.startsWith("@")) data.push(...dataRef(it, inv, val, val.text));
        else data.push(...val.taints);
        break;
      case "F": case "form": {
        const m = /^[^=]*=([@<])(.*)$/.exec(val.text);
        if (val.known && m) data.push(...dataRef(it, inv, val, "@" + m[2]!.replace(/;.*$/, "")));
        else data.push(...val.taints);
        break;
      }
      case "T": case "upload-file":
        if (val.known && (val.text === "-" || val.text === ".")) data.push(...(inv.stdin.taints.length ? inv.stdin.taints : [{ kind: "local" as const, label: "stdin", start: val.start, end: val.end }]));
        else data.push(...uploadOf(it, inv, val));
        break;
      case "K": case "config":
        if (val.known) data.push(...it.readFile(val, inv.state, inv.frame, "curl -K").taints.filter((t) => t.kind === "secret"));
        break;
      case "o": case "output":
        if (val.text !== "-") {
          writeEffect(it, val, inv.state, "write", "curl -o");
          const path = resolvePath(val.text, inv.state.cwd);
          inv.state.files.set(path ?? val.text, { taints: [{ kind: "download", label: url?.text ?? "download", start: name.start, end: name.end }], download: url?.text ?? "" });
        }
        break;
      case "output-dir":
        writeEffect(it, val, inv.state, "write", "curl --output-dir");
        break;
      case "c": case "cookie-jar": case "D": case "dump-header": case "trace": case "trace-ascii": case "stderr":
        if (val.text !== "-") writeEffect(it, val, inv.state, "write", `curl --${o.name}`);
        break;
      default:
        break;
    }
  }
  // URL schemes that write (file://) or read local files
  if (url && /^file:\/\//i.test(url.text)) {
    const f = url.text.replace(/^file:\/\/(localhost)?/i, "");
    const content = it.readFile({ ...url, text: decodeURIComponent(f), mapBase: undefined }, inv.state, inv.frame, "curl file://");
    return { taints: content.taints };
  }
  if (hasOption(p, "O", "remote-name") && url?.known) {
    const fname = posix.basename(url.text.replace(/[?#].*$/, "")) || "index.html";
    const path = resolvePath(fname, inv.state.cwd);
    inv.state.files.set(path ?? fname, { taints: [{ kind: "download", label: url.text, start: name.start, end: name.end }], download: url.text });
  }
  const sink: { name: string; start: number; end: number; host?: string } = { name: "curl", start: name.start, end: name.end };
  if (host) sink.host = host;
  sendEffect(it, sink, data);
  const toStdout = !p.options.some((o) => (o.name === "o" || o.name === "output") && o.value !== "-") && !hasOption(p, "O", "remote-name");
  return toStdout ? { taints: [{ kind: "download", label: url?.text ?? "download", start: name.start, end: name.end }] } : EMPTY;
}

function wgetCommand(it: Interp, inv: Invocation): Content {
  const argv = texts(inv);
  const p = parseOptions(argv, SPEC_7);
  const name = inv.argv[0]!;
  const urls = p.positionals.map((i) => inv.argv[i]!);
  const url = urls[0];
  const data: Taint[] = [];
  for (const u of urls) data.push(...u.taints.filter((t) => t.kind !== "download"));
  let out: string | undefined;
  let dir: Val | undefined;
  for (const o of p.options) {
    if (o.value === undefined) continue;
    const v = inv.argv[o.valueIndex ?? o.index]!;
    const val = o.valueIndex !== undefined ? v : { ...v, text: o.value, mapBase: undefined };
    switch (o.name) {
      case "post-data": case "body-data": case "header": case "user": case "password": case "http-password": case "ftp-password": case "U": case "user-agent": case "referer":
        data.push(...val.taints);
        break;
      case "post-file": case "body-file":
        data.push(...uploadOf(it, inv, o.valueIndex !== undefined ? val : part(inv.argv[o.index]!, o.value!)));
        break;
      case "O": case "output-document":
        out = val.text;
        if (val.text !== "-") writeEffect(it, val, inv.state, "write", "wget -O");
        break;
      case "o": case "a": case "output-file": case "append-output": case "save-cookies":
        writeEffect(it, val, inv.state, "write", `wget -${o.name}`);
        break;
      case "P": case "directory-prefix":
        dir = val;
        writeEffect(it, val, inv.state, "write", "wget -P");
        break;
      case "e": case "execute":
        if (/^\s*(?:use_askpass|post_file|body_file)\s*=/.test(val.text)) it.add("A3", "wget -e sets a command or upload at run time", val.start, val.end);
        break;
      case "use-askpass":
        nestedScript(it, inv, val, "wget --use-askpass");
        break;
      default:
        break;
    }
  }
  const sink: { name: string; start: number; end: number; host?: string } = { name: "wget", start: name.start, end: name.end };
  const host = url ? urlHost(url.text) : undefined;
  if (host) sink.host = host;
  sendEffect(it, sink, data);
  const dl: Taint = { kind: "download", label: url?.text ?? "download", start: name.start, end: name.end };
  if (out === "-") return { taints: [dl] };
  const fname = out ?? (url?.known ? posix.basename(url.text.replace(/[?#].*$/, "")) || "index.html" : undefined);
  if (fname) {
    const full = dir?.known && out === undefined ? posix.join(dir.text, fname) : fname;
    const path = resolvePath(full, inv.state.cwd);
    inv.state.files.set(path ?? full, { taints: [dl], download: url?.text ?? "" });
  }
  return EMPTY;
}

function netcat(it: Interp, inv: Invocation, base: string): Content {
  const p = parseOptions(texts(inv), SPEC_8);
  const name = inv.argv[0]!;
  const exec = optionValues(p, "e", "c", "exec", "sh-exec", "lua-exec")[0];
  const pos = p.positionals.map((i) => inv.argv[i]!);
  const peer = pos.map((v) => v.text).join(":") || "a listening port";
  if (exec) {
    const v = inv.argv[exec.valueIndex ?? exec.index]!;
    it.add("P3", `${base} binds a program (${exec.value}) to a network peer (${peer}): a reverse or bind shell`, v.start, v.end, { host: peer });
    return passthrough(inv);
  }
  for (const o of optionValues(p, "o", "output", "hex-dump")) writeEffect(it, inv.argv[o.valueIndex ?? o.index]!, inv.state, "write", `${base} -o`);
  const listen = hasOption(p, "l", "listen");
  it.markPipe("net", peer);
  const stdinData = isTty(inv.stdin) ? [] : inv.stdin.taints.filter((t) => t.kind !== "download");
  sendEffect(it, { name: base, start: name.start, end: name.end, host: listen ? "" : (pos[0]?.text ?? "") }, stdinData);
  return { taints: [{ kind: "download", label: `${base} ${peer}`, start: name.start, end: name.end }] };
}

function socatCommand(it: Interp, inv: Invocation): Content {
  const name = inv.argv[0]!;
  const addrs = inv.argv.slice(1).filter((v) => !/^-/.test(v.text) || v.text === "-");
  const lower = addrs.map((a) => a.text.toLowerCase());
  const netIdx = lower.findIndex((a) => /^(?:tcp|udp|sctp|openssl|ssl|socks|socks4a?|socks5|proxy|vsock|ip|ip4|ip6|tcp4|tcp6|udp4|udp6|dccp)(?:[\w-]*)?:/.test(a));
  for (const a of addrs) {
    const w = /^(?:open|create|creat|gopen):([^,]+)(.*)$/i.exec(a.text);
    if (w && (/^create?:/i.test(a.text) || /,\s*(?:creat|trunc|append|wronly|rdwr)/i.test(w[2]!) || addrs.indexOf(a) === addrs.length - 1)) writeEffect(it, { ...a, text: w[1]!, mapBase: undefined }, inv.state, "write", "socat");
  }
  const execIdx = lower.findIndex((a) => /^(?:exec|system):/.test(a));
  if (netIdx >= 0 && execIdx >= 0) {
    const v = addrs[execIdx]!;
    it.add("P3", `socat binds a program (${v.text}) to a network peer (${addrs[netIdx]!.text}): a reverse or bind shell`, v.start, v.end, { host: addrs[netIdx]!.text });
    return passthrough(inv);
  }
  if (execIdx >= 0) {
    const v = addrs[execIdx]!;
    const cmd = v.text.replace(/^[a-zA-Z]+:/, "").replace(/,(?:pty|stderr|setsid|sigint|sane|echo=\d|raw|ctty|login)\b.*$/i, "");
    it.runNested(cmd, { start: v.start, end: v.end }, inv.frame, it.fork(inv.state), EMPTY);
  }
  const uni = inv.argv.some((v) => v.text === "-u") ? 0 : inv.argv.some((v) => v.text === "-U") ? 1 : -1;
  if (netIdx >= 0 && uni >= 0 && netIdx === uni) return { taints: [{ kind: "download", label: `socat ${addrs[netIdx]!.text}`, start: name.start, end: name.end }] };
  if (netIdx >= 0) {
    const data: Taint[] = [];
    for (let k = 0; k < addrs.length; k++) {
      if (k === netIdx) continue;
      const a = addrs[k]!;
      const fm = /^(?:file|open|gopen|create):([^,]+)/i.exec(a.text);
      if (fm) data.push(...it.readFile({ ...a, text: fm[1]!, mapBase: undefined }, inv.state, inv.frame, "socat").taints);
      else if (a.text === "-" || /^stdin|^stdio/i.test(a.text)) data.push(...inv.stdin.taints.filter((t) => t.kind !== "download"));
      else if (/^system:|^exec:/i.test(a.text)) data.push({ kind: "local", label: a.text, start: a.start, end: a.end });
    }
    const peer = addrs[netIdx]!;
    it.markPipe("net", peer.text);
    sendEffect(it, { name: "socat", start: name.start, end: name.end, host: peer.text.replace(/^[a-z0-9-]+:/i, "") }, data);
    return { taints: [{ kind: "download", label: `socat ${peer.text}`, start: name.start, end: name.end }] };
  }
  const taints: Taint[] = [];
  for (const a of addrs) {
    const fm = /^(?:file|open|gopen):([^,]+)/i.exec(a.text);
    if (fm) taints.push(...it.readFile({ ...a, text: fm[1]!, mapBase: undefined }, inv.state, inv.frame, "socat").taints);
  }
  return { taints: mergeTaints(inv.stdin.taints, taints) };
}

function telnetCommand(it: Interp, inv: Invocation): Content {
  const name = inv.argv[0]!;
  const pos = inv.argv.slice(1).filter((v) => !v.text.startsWith("-"));
  it.markPipe("net", pos.map((p) => p.text).join(":"));
  if (!isTty(inv.stdin)) sendEffect(it, { name: "telnet", start: name.start, end: name.end, host: pos[0]?.text ?? "" }, inv.stdin.taints.filter((t) => t.kind !== "download"));
  return { taints: [{ kind: "download", label: `telnet ${pos.map((p) => p.text).join(" ")}`, start: name.start, end: name.end }] };
}

function opensslCommand(it: Interp, inv: Invocation): Content {
  const args = texts(inv);
  const sub = args[1] ?? "";
  const name = inv.argv[0]!;
  const taints: Taint[] = [...inv.stdin.taints];
  for (let i = 2; i < args.length; i++) {
    const a = args[i]!;
    if ((a === "-in" || a === "-inkey" || a === "-key" || a === "-kfile") && inv.argv[i + 1]) {
      if (a === "-in") taints.push(...it.readFile(inv.argv[i + 1]!, inv.state, inv.frame, "openssl").taints);
      i++;
    } else if (a === "-out" && inv.argv[i + 1]) {
      writeEffect(it, inv.argv[i + 1]!, inv.state, "write", "openssl -out");
      const path = resolvePath(inv.argv[i + 1]!.text, inv.state.cwd);
      inv.state.files.set(path ?? inv.argv[i + 1]!.text, { taints: mergeTaints(taints) });
      i++;
    }
  }
  if (sub === "s_client" || sub === "s_server") {
    const ci = args.indexOf("-connect");
    const host = ci >= 0 ? args[ci + 1] : sub === "s_server" ? "a listening port" : "";
    it.markPipe("net", host ?? "");
    if (!isTty(inv.stdin)) sendEffect(it, { name: `openssl ${sub}`, start: name.start, end: name.end, host: host ?? "" }, inv.stdin.taints.filter((t) => t.kind !== "download"));
    return { taints: [{ kind: "download", label: `openssl ${sub} ${host ?? ""}`, start: name.start, end: name.end }] };
  }
  if (sub === "base64" || sub === "enc") {
    if (args.includes("-d") && args.includes("-base64") || sub === "base64" && args.includes("-d")) {
      if (inv.stdin.text !== undefined && !args.includes("-in")) return { text: base64Decode(inv.stdin.text) ?? "", taints: inv.stdin.taints };
    }
  }
  return { taints: mergeTaints(taints) };
}

/** DNS-ish lookups: data substituted into the name is sent to the resolver. */
function dnsLookup(it: Interp, inv: Invocation, base: string): Content {
  const name = inv.argv[0]!;
  for (const v of inv.argv.slice(1)) {
    const data = v.taints.filter((t) => t.kind !== "download");
    if (data.length) sendEffect(it, { name: base, start: name.start, end: name.end, host: v.known ? v.text : "a name built from data" }, data);
  }
  return { taints: [] };
}

function stdinSink(it: Interp, inv: Invocation, base: string): Content {
  const name = inv.argv[0]!;
  const pos = inv.argv.slice(1).filter((v) => !v.text.startsWith("-"));
  if (!isTty(inv.stdin)) sendEffect(it, { name: base, start: name.start, end: name.end, host: pos[0]?.text ?? "" }, inv.stdin.taints.filter((t) => t.kind !== "download"));
  for (const f of pos.slice(1)) {
    const m = it.catalogMatch(f.text, inv.state);
    if (m) sendEffect(it, { name: base, start: name.start, end: name.end, host: pos[0]?.text ?? "" }, it.readFile(f, inv.state, inv.frame, base).taints);
  }
  return EMPTY;
}

function lftpCommand(it: Interp, inv: Invocation): Content {
  const ci = inv.argv.findIndex((v) => v.text === "-c" || v.text === "-e");
  if (ci > 0 && inv.argv[ci + 1]) {
    const script = inv.argv[ci + 1]!;
    const m = /\b(?:put|mput)\s+(?:-[a-zA-Z]+\s+)*(\S+)/.exec(script.text);
    if (m) {
      const pos = inv.argv.slice(1).filter((v) => !v.text.startsWith("-") && v !== script);
      sendEffect(it, { name: "lftp", start: inv.argv[0]!.start, end: inv.argv[0]!.end, host: pos[0]?.text ?? "" }, it.readFile({ ...script, text: m[1]!, mapBase: undefined }, inv.state, inv.frame, "lftp put").taints);
    }
  }
  return stdinSink(it, inv, "lftp");
}

function mailCommand(it: Interp, inv: Invocation, base: string): Content {
  const name = inv.argv[0]!;
  const data: Taint[] = isTty(inv.stdin) ? [] : inv.stdin.taints.filter((t) => t.kind !== "download");
  const rcpt = inv.argv.slice(1).find((v) => v.text.includes("@"));
  for (let i = 1; i < inv.argv.length; i++) {
    const a = inv.argv[i]!.text;
    if ((a === "-a" || a === "-A" || a === "--attach") && inv.argv[i + 1]) data.push(...it.readFile(inv.argv[i + 1]!, inv.state, inv.frame, "attach").taints);
  }
  sendEffect(it, { name: base, start: name.start, end: name.end, host: rcpt?.text.split("@").pop() ?? "" }, data);
  return EMPTY;
}

function httpie(it: Interp, inv: Invocation, base: string): Content {
  const name = inv.argv[0]!;
  const pos = inv.argv.slice(1).filter((v) => !v.text.startsWith("-"));
  const urlIdx = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(pos[0]?.text ?? "") ? 1 : 0;
  const url = pos[urlIdx];
  const data: Taint[] = isTty(inv.stdin) ? [] : inv.stdin.taints.filter((t) => t.kind !== "download");
  for (const item of pos.slice(urlIdx + 1)) {
    const m = /^[^=:@]*(?:=@|@|:=@)(.+)$/.exec(item.text);
    if (item.known && m) data.push(...it.readFile({ ...item, text: m[1]!, mapBase: undefined }, inv.state, inv.frame, "upload").taints);
    else data.push(...item.taints);
  }
  if (url) data.push(...url.taints.filter((t) => t.kind !== "download"));
  sendEffect(it, { name: base, start: name.start, end: name.end, host: url ? urlHost(url.text) ?? "" : "" }, data);
  return { taints: [{ kind: "download", label: url?.text ?? base, start: name.start, end: name.end }] };
}

function aria2c(it: Interp, inv: Invocation): Content {
  for (const v of inv.argv.slice(1)) {
    const m = /^--on-(download-complete|bt-download-complete|download-start|download-error|download-stop|download-pause)=(.*)$/.exec(v.text);
    if (!m) continue;
    if (m[1]!.endsWith("complete")) it.add("P3", `aria2c runs a program (${m[2]}) on downloaded content`, v.start, v.end);
    else it.runNested(m[2]!, { start: v.start, end: v.end }, inv.frame, it.fork(inv.state), EMPTY);
  }
  return generic(it, inv, "aria2c");
}

function uploader(it: Interp, inv: Invocation, base: string, spec: CommandSpec): Content {
  const argv = texts(inv);
  const p = parseOptions(argv, spec);
  const name = inv.argv[0]!;
  const subs = spec.subcommand === undefined ? undefined : Array.isArray(spec.subcommand) ? spec.subcommand : [spec.subcommand];
  let pos = p.positionals.map((i) => inv.argv[i]!);
  if (subs) {
    // a subcommand may be two words (`aws s3 cp`)
    const sub = subs.find((x) => { const w = x.split(" "); return w.every((word, k) => pos[k]?.text === word); });
    if (sub === undefined) return generic(it, inv, base);
    pos = pos.slice(sub.split(" ").length);
  }
  let host = "";
  const hostOpt = optionValues(p, ...(spec.host_options ?? []))[0];
  if (hostOpt) host = urlHost(hostOpt.value!.replace(/^rest:/, "")) ?? hostOpt.value!;
  else if (spec.host === "url" || spec.host === "last") {
    const last = pos[pos.length - 1];
    // `gsutil cp gs://b/x .`, `rclone copy remote:x ./`: a local destination is a download
    if (spec.host === "last" && last?.known && !/^[a-z][a-z0-9+.-]*:\/\/|^[A-Za-z0-9_.-]+:/.test(last.text)) return generic(it, inv, base);
    if (last) {
      host = urlHost(last.text.replace(/^[a-z0-9]+:(?!\/\/)/i, "")) ?? last.text;
      pos = pos.slice(0, -1);
    }
  } else if (spec.host === "first") host = pos[0]?.text ?? "";
  else if (spec.host) host = spec.host;
  if (spec.needs_host && host === "") return generic(it, inv, base);
  const data: Taint[] = [];
  for (const o of optionValues(p, ...(spec.file_options ?? []))) {
    const v = o.valueIndex !== undefined ? inv.argv[o.valueIndex]! : { ...inv.argv[o.index]!, text: o.value!, mapBase: undefined };
    data.push(...it.readFile(v, inv.state, inv.frame, `${base} upload`).taints);
  }
  for (const o of optionValues(p, ...(spec.data_options ?? []))) data.push(...inv.argv[o.valueIndex ?? o.index]!.taints);
  if (spec.file_positionals) for (const v of spec.host === "first" ? pos.slice(1) : pos) data.push(...it.readFile(v, inv.state, inv.frame, `${base} upload`).taints);
  if (!isTty(inv.stdin)) data.push(...inv.stdin.taints.filter((t) => t.kind !== "download"));
  sendEffect(it, { name: base, start: name.start, end: name.end, host }, data);
  return EMPTY;
}

function networkExec(it: Interp, inv: Invocation, base: string, spec: CommandSpec): Content {
  const p = parseOptions(texts(inv), spec);
  const ex = optionValues(p, ...(spec.exec_options ?? []))[0];
  if (ex) {
    const v = inv.argv[ex.valueIndex ?? ex.index]!;
    it.add("P3", `${base} binds a program (${ex.value}) to a network connection: a reverse or bind shell`, v.start, v.end);
  }
  return generic(it, inv, base);
}

/** A directory mounted from a remote host: later writes into it are uploads. */
function remoteMount(it: Interp, inv: Invocation, base: string): Content {
  const pos = inv.argv.slice(1).filter((v) => !v.text.startsWith("-"));
  const remote = pos.find((v) => isRemote(v.text));
  const mount = pos.filter((v) => v !== remote).pop();
  if (remote && mount?.known) {
    const path = resolvePath(mount.text, inv.state.cwd);
    if (path) inv.state.remoteMounts.set(path, remote.text.replace(/:.*$/, "").replace(/^.*@/, ""));
  }
  return EMPTY;
}

// ───────────────────────── ssh family ─────────────────────────

const SSH_SPEC: OptionSpec = { short: "46AaCfGgKkMNnqsTtVvXxYyB:b:c:D:E:e:F:I:i:J:L:l:m:O:o:P:p:Q:R:S:W:w:", stopAtPositional: true };

function sshOptions(it: Interp, inv: Invocation, p: ParsedArgs, base: string): void {
  for (const o of optionValues(p, "o")) {
    const v = inv.argv[o.valueIndex ?? o.index]!;
    const m = /^\s*(ProxyCommand|LocalCommand|RemoteCommand|KnownHostsCommand|PermitLocalCommand|Match\s+exec)\s*[= ]\s*(.*)$/is.exec(o.value!);
    if (m && !/^PermitLocalCommand$/i.test(m[1]!)) {
      if (/^none$/i.test(m[2]!.trim())) continue;
      const carrier: Val = { ...v, text: m[2]!, mapBase: v.mapBase !== undefined ? v.mapBase + (o.value!.length - m[2]!.length) : undefined };
      if (!v.known) it.add("A3", `${base} -o ${m[1]} carries a command that cannot be resolved statically`, v.start, v.end);
      else it.runNested(carrier.text, carrier, inv.frame, it.fork(inv.state), EMPTY);
    }
    if (/^\s*RemoteForward\b/i.test(o.value!)) it.add("P3", `${base} opens a reverse tunnel (RemoteForward) exposing this machine`, v.start, v.end);
  }
}

function sshCommand(it: Interp, inv: Invocation): Content {
  const p = parseOptions(texts(inv), SSH_SPEC);
  const name = inv.argv[0]!;
  sshOptions(it, inv, p, "ssh");
  for (const o of optionValues(p, "R")) {
    const v = inv.argv[o.valueIndex ?? o.index]!;
    it.add("P3", "ssh -R opens a reverse tunnel exposing this machine", v.start, v.end, { host: inv.argv[p.positionals[0] ?? 0]?.text ?? "" });
  }
  const host = p.positionals[0] !== undefined ? inv.argv[p.positionals[0]]!.text : "";
  const remote = p.positionals.slice(1).map((i) => inv.argv[i]!);
  const data: Taint[] = isTty(inv.stdin) || hasOption(p, "n") ? [] : inv.stdin.taints.filter((t) => t.kind !== "download");
  if (remote.length > 0) {
    const joined = joinVals(remote);
    data.push(...joined.taints.filter((t) => t.kind !== "download"));
    if (joined.known) it.runNested(joined.text, joined, inv.frame, it.fork(inv.state), EMPTY);
  }
  sendEffect(it, { name: "ssh", start: name.start, end: name.end, host: host.replace(/^.*@/, "") }, data);
  return { taints: [{ kind: "download", label: `ssh ${host}`, start: name.start, end: name.end }] };
}

function sshpassCommand(it: Interp, inv: Invocation): Content {
  const p = parseOptions(texts(inv), SPEC_9);
  return unwrap(it, inv, p.positionals.map((i) => inv.argv[i]!));
}

function isRemote(text: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|[^/\s:]+:(?!\/\/))/i.test(text) && !/^[a-zA-Z]:\\/.test(text) && !text.startsWith("./");
}

function copyRemote(it: Interp, inv: Invocation, base: string): Content {
  const p = parseOptions(texts(inv), SPEC_10);
  sshOptions(it, inv, p, base);
  const pos = p.positionals.map((i) => inv.argv[i]!);
  if (pos.length < 2) return EMPTY;
  const dest = pos[pos.length - 1]!;
  const sources = pos.slice(0, -1);
  const name = inv.argv[0]!;
  if (isRemote(dest.text)) {
    const data: Taint[] = [];
    for (const s of sources) if (!isRemote(s.text)) data.push(...uploadOf(it, inv, s));
    sendEffect(it, { name: base, start: name.start, end: name.end, host: dest.text.replace(/:.*$/, "").replace(/^.*@/, "") }, data);
  } else {
    writeEffect(it, dest, inv.state, "write", base);
  }
  return EMPTY;
}

function sftpCommand(it: Interp, inv: Invocation): Content {
  const name = inv.argv[0]!;
  const p = parseOptions(texts(inv), SPEC_11);
  sshOptions(it, inv, p, "sftp");
  const host = p.positionals[0] !== undefined ? inv.argv[p.positionals[0]]!.text : "";
  const batch = optionValues(p, "b")[0];
  const data: Taint[] = [];
  const script = batch ? (batch.value === "-" ? inv.stdin.text : undefined) : isTty(inv.stdin) ? undefined : inv.stdin.text;
  if (script !== undefined) {
    for (const m of script.matchAll(/^\s*put\s+(?:-[a-zA-Z]+\s+)*(\S+)/gm)) data.push(...it.readFile({ ...name, text: m[1]!, known: true, mapBase: undefined }, inv.state, inv.frame, "sftp put").taints);
  } else if (!isTty(inv.stdin)) data.push(...inv.stdin.taints.filter((t) => t.kind !== "download"));
  sendEffect(it, { name: "sftp", start: name.start, end: name.end, host: host.replace(/^.*@/, "").replace(/:.*$/, "") }, data);
  return EMPTY;
}

function rsyncCommand(it: Interp, inv: Invocation): Content {
  const spec = it.sem.writers.get("rsync")!;
  const p = parseOptions(texts(inv), spec);
  const rsh = optionValues(p, "e", "rsh", "rsync-path")[0];
  if (rsh) {
    const v = inv.argv[rsh.valueIndex ?? rsh.index]!;
    nestedScript(it, inv, rsh.valueIndex !== undefined ? v : { ...v, text: rsh.value!, mapBase: undefined }, "rsync -e");
    it.commands.push({ argv: texts(inv), dynamic: false, start: inv.start, end: inv.end });
  }
  const pos = p.positionals.map((i) => inv.argv[i]!);
  if (pos.length < 2) return EMPTY;
  const dest = pos[pos.length - 1]!;
  const name = inv.argv[0]!;
  if (isRemote(dest.text)) {
    const data: Taint[] = [];
    for (const s of pos.slice(0, -1)) if (!isRemote(s.text)) data.push(...it.readFile(s, inv.state, inv.frame, "upload").taints);
    sendEffect(it, { name: "rsync", start: name.start, end: name.end, host: dest.text.replace(/^rsync:\/\//, "").replace(/[:/].*$/, "").replace(/^.*@/, "") }, data);
    return EMPTY;
  }
  return writer(it, inv, "rsync", spec);
}

// ───────────────────────── git ─────────────────────────

/** Options of git subcommands whose value is a shell command git runs. */
const GIT_COMMAND_OPTIONS: Record<string, string[]> = {
  rebase: ["x", "exec"],
  difftool: ["x", "extcmd"],
  "filter-branch": ["tree-filter", "index-filter", "env-filter", "msg-filter", "commit-filter", "parent-filter", "tag-name-filter"],
  clone: ["u", "upload-pack"],
  fetch: ["upload-pack"],
  pull: ["upload-pack"],
  "ls-remote": ["upload-pack"],
  archive: ["exec"],
};

/** Commands a git subcommand runs: `rebase --exec CMD`, `bisect run CMD…`,
 *  `submodule foreach CMD`, `difftool -x CMD`, `filter-branch --tree-filter CMD`, … */
function gitCarriedCommands(it: Interp, inv: Invocation, sub: string, rest: Val[]): void {
  const how = `git ${sub}`;
  const run = (v: Val, text: string): void => {
    const off = v.text.length - text.length;
    if (!v.known) it.add("A3", `${how} runs a command that cannot be resolved statically (${v.text})`, v.start, v.end);
    else it.runNested(text, { start: v.start, end: v.end, ...(v.mapBase !== undefined ? { mapBase: v.mapBase + off } : {}) }, inv.frame, it.fork(inv.state), EMPTY);
  };
  const names = GIT_COMMAND_OPTIONS[sub];
  if (names) {
    for (let k = 0; k < rest.length; k++) {
      const t = rest[k]!.text;
      for (const n of names) {
        const flag = n.length === 1 ? `-${n}` : `--${n}`;
        if (t === flag && rest[k + 1]) run(rest[k + 1]!, rest[k + 1]!.text);
        else if (n.length > 1 && t.startsWith(`${flag}=`)) run(rest[k]!, t.slice(flag.length + 1));
        else if (n.length === 1 && t.startsWith(flag) && t.length > 2 && !t.startsWith("--")) run(rest[k]!, t.slice(2));
      }
    }
  }
  // Folders git creates and fills: `clone URL DIR`, `init DIR`, `worktree add DIR`
  const GIT_WRITES: Record<string, OptionSpec> = {
    clone: { short: "lsqvnb:o:u:c:j:", long: ["origin=", "branch=", "upload-pack=", "reference=", "reference-if-able=", "separate-git-dir=", "depth=", "config=", "template=", "jobs=", "filter=", "shallow-since=", "shallow-exclude=", "bundle-uri=", "server-option=", "ref-format="] },
    init: { short: "qb:", long: ["template=", "separate-git-dir=", "initial-branch=", "object-format=", "ref-format="] },
    worktree: { short: "fb:B:", long: ["reason=", "orphan", "detach", "checkout", "no-checkout", "lock", "force", "track", "no-track", "guess-remote", "quiet"] },
  };
  const spec = GIT_WRITES[sub];
  if (spec && (sub !== "worktree" || rest[0]?.text === "add")) {
    const words = sub === "worktree" ? rest.slice(1) : rest;
    const p = parseOptions([sub, ...words.map((v) => v.text)], spec);
    const pos = p.positionals.map((k) => words[k - 1]!);
    const dir = sub === "clone" ? pos[1] : pos[0];
    if (dir) writeEffect(it, dir, inv.state, "write", `git ${sub}`);
    for (const o of optionValues(p, "separate-git-dir")) writeEffect(it, o.valueIndex !== undefined ? words[o.valueIndex - 1]! : { ...words[o.index - 1]!, text: o.value!, mapBase: undefined }, inv.state, "write", `git ${sub} --separate-git-dir`);
  }
  if (sub === "bisect" && rest[0]?.text === "run" && rest.length > 1) {
    unwrap(it, inv, rest.slice(1));
  }
  if (sub === "submodule") {
    const fe = rest.findIndex((v) => v.text === "foreach");
    if (fe >= 0) {
      let k = fe + 1;
      while (k < rest.length && rest[k]!.text.startsWith("-")) k++;
      const cmd = rest.slice(k);
      if (cmd.length > 0) nestedScript(it, inv, joinVals(cmd), "git submodule foreach");
    }
  }
}

function gitCommand(it: Interp, inv: Invocation): Content {
  const argv = texts(inv);
  const name = inv.argv[0]!;
  let i = 1;
  const configs: { key: string; value: string; v: Val }[] = [];
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-c" && i + 1 < argv.length) {
      const v = inv.argv[i + 1]!;
      const eq = v.text.indexOf("=");
      configs.push({ key: (eq >= 0 ? v.text.slice(0, eq) : v.text).toLowerCase(), value: eq >= 0 ? v.text.slice(eq + 1) : "", v });
      i++;
    } else if (a === "-C" || a === "--git-dir" || a === "--work-tree" || a === "--namespace" || a === "--exec-path" || a === "--config-env") {
      if (a === "--exec-path" && inv.argv[i + 1]) it.add("A3", "git --exec-path loads git commands from another directory", inv.argv[i + 1]!.start, inv.argv[i + 1]!.end);
      i++;
    } else if (/^--(?:git-dir|work-tree|namespace|exec-path|config-env)=/.test(a)) {
      if (a.startsWith("--exec-path=")) it.add("A3", "git --exec-path loads git commands from another directory", inv.argv[i]!.start, inv.argv[i]!.end);
      continue;
    } else if (a.startsWith("-")) continue;
    else break;
  }
  const sub = argv[i] ?? "";
  const rest = inv.argv.slice(i + 1);
  // `git config KEY VALUE` and `git clone -c/--config KEY=VALUE` set command-carrying keys too.
  if (sub === "config" || sub === "clone" || sub === "submodule" || sub === "fetch" || sub === "pull") {
    const rt = rest.map((v) => v.text);
    for (let k = 0; k < rt.length; k++) {
      if ((rt[k] === "-c" || rt[k] === "--config") && rest[k + 1]) {
        const v = rest[k + 1]!;
        const eq = v.text.indexOf("=");
        configs.push({ key: v.text.slice(0, eq >= 0 ? eq : undefined).toLowerCase(), value: eq >= 0 ? v.text.slice(eq + 1) : "", v });
      }
    }
    if (sub === "config") {
      const pos = rest.filter((v) => !v.text.startsWith("-"));
      if (pos.length >= 2) configs.push({ key: pos[0]!.text.toLowerCase(), value: pos[1]!.text, v: pos[1]! });
      if (rt.includes("--global") || rt.includes("--system")) {
        if (rt.includes("--system")) it.add("P2", "git config --system writes /etc/gitconfig", name.start, name.end);
      }
    }
  }
  for (const c of configs) {
    if (!it.sem.gitCommandConfig.some((r) => r.test(c.key))) continue;
    if (c.key.startsWith("alias.") && !c.value.startsWith("!")) continue;
    const cmd = c.key.startsWith("alias.") ? c.value.slice(1) : c.value;
    if (!c.v.known) {
      it.add("A3", `git ${c.key} carries a command that cannot be resolved statically`, c.v.start, c.v.end);
      continue;
    }
    if (c.key === "core.hookspath") {
      it.add("A3", "git core.hooksPath runs hooks from another directory", c.v.start, c.v.end);
      continue;
    }
    if (c.key === "protocol.ext.allow" && c.value === "always") {
      it.add("A3", "git protocol.ext.allow=always lets a URL run commands", c.v.start, c.v.end);
      continue;
    }
    if (c.key === "http.proxy" || c.key.startsWith("remote.")) continue;
    const off = c.v.text.length - cmd.length;
    it.runNested(cmd, { start: c.v.start, end: c.v.end, ...(c.v.mapBase !== undefined ? { mapBase: c.v.mapBase + off } : {}) }, inv.frame, it.fork(inv.state), EMPTY);
  }
  // Configuration sent with the request (`-c http.extraHeader="X: $(cat .env)"`): data carried
  // in a config value goes to the host the command talks to.
  const carriedByConfig = configs.flatMap((c) => c.v.taints.filter((t) => t.kind !== "download" && t.kind !== "local"));
  if (carriedByConfig.length > 0 && ["clone", "fetch", "pull", "push", "ls-remote", "archive", "submodule"].includes(sub)) {
    const url = rest.find((v) => !v.text.startsWith("-") && (/^[a-z][a-z0-9+.-]*:\/\//i.test(v.text) || /^[^/\s]+@[^/\s]+:/.test(v.text)));
    sendEffect(it, { name: `git ${sub}`, start: name.start, end: name.end, host: url ? (urlHost(url.text) ?? url.text) : "the repository's remote" }, carriedByConfig);
  }
  if (sub === "push") {
    const pos = rest.filter((v) => !v.text.startsWith("-"));
    const remote = pos[0];
    const ri = rest.findIndex((v) => v.text === "--repo" || v.text.startsWith("--repo="));
    const target = ri >= 0 ? (rest[ri]!.text.includes("=") ? { ...rest[ri]!, text: rest[ri]!.text.split("=")[1]! } : rest[ri + 1]) : remote;
    if (target && (/^[a-z][a-z0-9+.-]*:\/\//i.test(target.text) || /^[^/\s]+@[^/\s]+:/.test(target.text) || !target.known)) {
      const carried = rest.flatMap((v) => v.taints.filter((t) => t.kind !== "download"));
      sendEffect(it, { name: "git push", start: name.start, end: name.end, host: urlHost(target.text) ?? target.text }, [...carried, { kind: "local", label: "the repository", start: target.start, end: target.end }]);
    }
    for (const o of rest) if (/^--receive-pack=|^--exec=/.test(o.text)) it.runNested(o.text.replace(/^[^=]*=/, ""), { start: o.start, end: o.end }, inv.frame, it.fork(inv.state), EMPTY);
  }
  gitCarriedCommands(it, inv, sub, rest);
  if (sub === "apply" || sub === "am") {
    // `git apply --directory=DIR` writes the patched files under DIR
    for (let k = 0; k < rest.length; k++) {
      const t = rest[k]!.text;
      if (t === "--directory" && rest[k + 1]) writeEffect(it, rest[k + 1]!, inv.state, "write", `git ${sub} --directory`);
      else if (t.startsWith("--directory=")) writeEffect(it, part(rest[k]!, t.slice(12)), inv.state, "write", `git ${sub} --directory`);
    }
  }
  if (sub === "credential" && rest[0]?.text === "fill") {
    it.add("A2", "git credential fill prints stored credentials", name.start, name.end, { source: "git credential fill" });
    return { taints: [{ kind: "secret", label: "git credential fill", start: name.start, end: name.end }] };
  }
  if (sub === "archive" || sub === "bundle" || sub === "format-patch") {
    for (let k = 0; k < rest.length; k++) {
      const t = rest[k]!.text;
      if ((t === "-o" || t === "--output") && rest[k + 1]) writeEffect(it, rest[k + 1]!, inv.state, "write", `git ${sub} -o`);
      else if (t.startsWith("--output=")) writeEffect(it, { ...rest[k]!, text: t.slice(9), mapBase: undefined }, inv.state, "write", `git ${sub}`);
    }
  }
  if (sub === "diff" || sub === "show" || sub === "blame" || sub === "grep" || sub === "hash-object" || sub === "add") {
    for (const v of rest) if (!v.text.startsWith("-") && !v.text.includes(":") && sub !== "add" && v.known && it.catalogMatch(v.text, inv.state)) it.readFile(v, inv.state, inv.frame, `git ${sub}`);
  }
  if (sub === "show" || sub === "cat-file" || sub === "log" || sub === "diff") {
    for (const v of rest) {
      const m = /^[^:]*:(.+)$/.exec(v.text);
      if (m && v.known && it.catalog.match(m[1]!, { home: it.home })) it.readFile({ ...v, text: m[1]!, mapBase: undefined }, inv.state, inv.frame, "git show");
    }
  }
  return { taints: inv.stdin.taints };
}

// ───────────────────────── docker ─────────────────────────

function dockerCommand(it: Interp, inv: Invocation, base: string): Content {
  const argv = texts(inv);
  let i = 1;
  while (i < argv.length && argv[i]!.startsWith("-")) {
    if (/^(?:-H|--host|--context|-c|--config|--log-level|-l)$/.test(argv[i]!)) i++;
    i++;
  }
  let sub = argv[i] ?? "";
  if (sub === "container" || sub === "service") {
    i++;
    sub = argv[i] ?? "";
  }
  if (sub === "cp") {
    // `docker cp CONTAINER:src HOSTPATH` writes the host path
    const ops = inv.argv.slice(i + 1).filter((v) => !v.text.startsWith("-"));
    const dest = ops[ops.length - 1];
    if (ops.length >= 2 && dest && !/^[^/]+:/.test(dest.text)) writeEffect(it, dest, inv.state, "write", `${base} cp`);
    return passthrough(inv);
  }
  if (!["run", "create", "exec", "update"].includes(sub)) return generic(it, inv, base);
  for (let k = i + 1; k < argv.length; k++) {
    const a = argv[k]!;
    const v = inv.argv[k]!;
    const next = inv.argv[k + 1];
    const opt = (names: string[]): Val | undefined => {
      for (const n of names) {
        if (a === n && next) {
          k++;
          return next;
        }
        if (a.startsWith(n + "=")) return { ...v, text: a.slice(n.length + 1), mapBase: undefined };
      }
      return undefined;
    };
    if (a === "--privileged" || a === "--privileged=true") {
      it.add("P1", `${base} ${sub} --privileged hands the container the host`, v.start, v.end);
      continue;
    }
    if (!a.startsWith("-")) {
      if (sub !== "exec" || k > i + 1) break; // the image (or container): the rest runs inside
      continue;
    }
    let val: Val | undefined;
    if ((val = opt(["--pid", "--ipc", "--uts", "--userns", "--network", "--net", "--cgroupns"]))) {
      if (val.text === "host" && /^--(?:pid|userns|uts|ipc)/.test(a)) it.add("P1", `${base} ${sub} ${a.split("=")[0]}=host shares the host's namespace`, v.start, val.end);
      continue;
    }
    if ((val = opt(["--cap-add"]))) {
      if (/^(?:CAP_)?(?:SYS_ADMIN|ALL|SYS_PTRACE|SYS_MODULE|DAC_READ_SEARCH|SYS_RAWIO)$/i.test(val.text)) it.add("P1", `${base} ${sub} --cap-add ${val.text} hands the container the host`, v.start, val.end);
      continue;
    }
    if ((val = opt(["--security-opt"]))) {
      if (/unconfined|no-new-privileges[:=]false|label[:=]disable/i.test(val.text)) it.add("P1", `${base} ${sub} --security-opt ${val.text} removes the container's confinement`, v.start, val.end);
      continue;
    }
    if ((val = opt(["--device"]))) {
      if (/^\/dev\/(?:sd|nvme|vd|xvd|mem|kmem|port|disk)/.test(val.text)) it.add("P1", `${base} ${sub} --device ${val.text} hands a host device to the container`, v.start, val.end);
      continue;
    }
    if ((val = opt(["-v", "--volume", "--mount"]))) {
      const src = a.startsWith("--mount") || a === "--mount" ? /(?:^|,)(?:source|src)=([^,]+)/.exec(val.text)?.[1] ?? "" : val.text.split(":")[0]!;
      const path = src.startsWith("~") ? it.home + src.slice(1) : src;
      const norm = path ? posix.normalize(path).replace(/(.)\/+$/, "$1") : "";
      if (norm === "/" || /docker\.sock|podman\.sock|containerd\.sock/.test(norm) || ["/etc", "/root", "/var/run", "/run", "/proc", "/sys", "/dev", "/boot", "/var/lib/docker"].includes(norm) || norm === it.home || /^\/home\/?$/.test(norm))
        it.add("P1", `${base} ${sub} mounts ${norm} from the host`, val.start, val.end, { path: norm });
      else if (norm !== "") {
        // a credential file or folder handed to the image's code (`-v ~/.aws:/root/.aws`)
        const m = it.catalogMatch(norm, inv.state) ?? it.folderCredential(resolvePath(norm, inv.state.cwd) ?? norm);
        if (m) it.add("A2", `${base} ${sub} gives the container a credential store: ${norm} (${m.id})`, val.start, val.end, { source: norm, catalog: m.id });
      }
      continue;
    }
    opt(["-e", "--env", "-w", "--workdir", "--name", "-u", "--user", "--entrypoint", "-p", "--publish", "--label", "-l", "--env-file", "--platform", "--memory", "-m", "--cpus", "--restart", "--hostname", "-h", "--add-host", "--dns", "--tmpfs", "--ulimit", "--log-driver", "--log-opt", "--shm-size", "--gpus", "--runtime", "--pull", "--stop-signal", "--health-cmd", "-a", "--attach", "--cidfile", "--group-add", "--volumes-from", "--expose", "--link", "--detach-keys", "--init-path", "--isolation", "--kernel-memory", "--mac-address", "--oom-score-adj", "--storage-opt", "--sysctl", "--tty-size", "--ip", "--ip6"]);
  }
  return passthrough(inv);
}

// ───────────────────────── find, sed, tar, zip, dd ─────────────────────────

/** find's -name matching (fnmatch without FNM_PERIOD: `*` matches a leading dot too). */
function findNameRegExp(pattern: string, nocase: boolean): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") out += ".*";
    else if (c === "?") out += ".";
    else if (c === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close < 0) out += "\\[";
      else {
        const body = pattern.slice(i + 1, close);
        out += "[" + (body.startsWith("!") ? "^" + body.slice(1) : body).replace(/\\/g, "\\\\") + "]";
        i = close;
      }
    } else out += c.replace(/[.+^${}()|\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`, nocase ? "i" : "");
}

function findCommand(it: Interp, inv: Invocation): Content {
  const argv = texts(inv);
  const starts: Val[] = [];
  let k = 1;
  while (k < argv.length && /^-[HLP]$|^-O\d$|^-D$/.test(argv[k]!)) k += argv[k] === "-D" ? 2 : 1;
  for (; k < argv.length && !/^[-(!]/.test(argv[k]!); k++) starts.push(inv.argv[k]!);
  // What `{}` stands for: the start path, joined with the -name pattern when it is literal.
  const nameIdx = argv.findIndex((a) => a === "-name" || a === "-iname" || a === "-path" || a === "-wholename");
  const namePat = nameIdx > 0 ? argv[nameIdx + 1] : undefined;
  const startText = starts.length === 1 && starts[0]!.known ? starts[0]!.text : ".";
  const byName = argv[nameIdx] === "-name" || argv[nameIdx] === "-iname";
  // `-name '*.pem'` under ~: `{}` is any ~/**/*.pem, judged as that pattern (a glob the catalog
  // can answer for); a literal name is one path
  const startAbs = resolvePath(expandTilde(startText, it.home), inv.state.cwd);
  // Only a pattern that names secrets counts (as for globs): filled in, it is a catalog path
  // (`*.pem` → x.pem), or it has a literal head of 3+ characters (`id_*`); `*.txt` is not one.
  let example: string | undefined;
  if (namePat !== undefined && byName && /[*?[]/.test(namePat) && startAbs !== undefined) {
    const filled = posix.join(startAbs, namePat.replace(/\[[^\]]*\]|[*?]/g, "x"));
    if (it.catalogMatch(filled, inv.state)) example = filled;
    else if (!/^[*?[]/.test(namePat) && namePat.replace(/\[[^\]]*\]|[*?]/g, "").length >= 3) example = it.exampleUnder(startAbs, findNameRegExp(namePat, argv[nameIdx] === "-iname"));
  }
  const guess = namePat === undefined ? (starts.length === 1 ? startText : undefined) : !/[*?[]/.test(namePat) ? posix.join(startText, byName ? "x" : "", namePat).replace(/\/x\//, "/") : (example ?? (byName ? posix.join(startText, "**", namePat) : namePat));
  const execTaints: Taint[] = [];
  for (; k < argv.length; k++) {
    const a = argv[k]!;
    if (/^-(?:exec|execdir|ok|okdir)$/.test(a)) {
      const inner: Val[] = [];
      let j = k + 1;
      for (; j < argv.length && argv[j] !== ";" && argv[j] !== "+"; j++) {
        const v = inv.argv[j]!;
        inner.push(v.text.includes("{}") ? (guess !== undefined && inv.argv[0]!.known ? { ...v, text: v.text.split("{}").join(guess), known: true, mapBase: undefined } : unknownArg(v)) : v);
      }
      if (inner.length) execTaints.push(...it.invoke(withArgv(inv, inner, { stdin: EMPTY })).taints); // what it prints is find's output
      k = j;
      continue;
    } else if (a === "-delete") {
      for (const s of starts) writeEffect(it, s, inv.state, "delete", "find -delete");
    } else if (/^-(?:fprint|fprint0|fprintf|fls)$/.test(a) && inv.argv[k + 1]) {
      writeEffect(it, inv.argv[k + 1]!, inv.state, "write", `find ${a}`);
      k++;
    }
  }
  const out: Content = { taints: mergeTaints(inv.stdin.taints, execTaints, [{ kind: "local", label: "the output of find", start: inv.argv[0]!.start, end: inv.argv[0]!.end }]) };
  if (guess !== undefined) out.pathHint = guess;
  return out;
}

function sedCommand(it: Interp, inv: Invocation): Content {
  const spec = it.sem.writers.get("sed")!;
  const p = parseOptions(texts(inv), spec);
  const scripts: Val[] = [];
  for (const o of optionValues(p, "e", "expression")) {
    const v = inv.argv[o.valueIndex ?? o.index]!;
    scripts.push(o.valueIndex !== undefined ? v : { ...v, text: o.value!, mapBase: undefined });
  }
  let files = p.positionals.map((i) => inv.argv[i]!);
  if (scripts.length === 0 && optionValues(p, "f", "file").length === 0 && files.length) {
    scripts.push(files[0]!);
    files = files.slice(1);
  }
  for (const s of scripts) {
    if (!s.known) continue;
    // `e command`, `s/x/y/e`, `w file`, `s/x/y/w file`
    for (const m of s.text.matchAll(/(?:^|[;\n{}]|\d|\$|\/)\s*e\s+([^;\n}]+)/g)) it.runNested(m[1]!.trim(), { start: s.start, end: s.end }, inv.frame, it.fork(inv.state), EMPTY);
    if (/s(.).*?\1.*?\1[gpiImM0-9]*e/.test(s.text)) it.add("A3", "sed s///e runs the pattern space as a command", s.start, s.end);
    for (const m of s.text.matchAll(/(?:^|[;\n{}]|\/[gpiImM0-9]*)\s*[wW]\s+([^;\n}]+)/g)) writeEffect(it, { ...s, text: m[1]!.trim(), mapBase: undefined }, inv.state, "write", "sed w");
  }
  const inPlace = p.options.some((o) => o.name === "i" || o.name === "in-place");
  const taints: Taint[] = [...inv.stdin.taints];
  for (const f of files) {
    if (inPlace) writeEffect(it, f, inv.state, "write", "sed -i");
    else taints.push(...it.readFile(f, inv.state, inv.frame, "sed").taints.filter((t) => t.kind !== "local"));
  }
  return { taints: mergeTaints(taints) };
}

function tarCommand(it: Interp, inv: Invocation): Content {
  let argv = texts(inv);
  // Old-style first argument without a dash: `tar xzf a.tgz` is `tar -x -z -f a.tgz`.
  if (argv[1] && !argv[1].startsWith("-") && /^[a-zA-Z]+$/.test(argv[1])) argv = [argv[0]!, "-" + argv[1], ...argv.slice(2)];
  const p = parseOptions(argv, SPEC_12);
  for (const o of optionValues(p, "to-command", "use-compress-program", "rsh-command", "info-script", "new-volume-script", "I", "F")) {
    const v = inv.argv[o.valueIndex ?? o.index] ?? inv.argv[0]!;
    nestedScript(it, inv, { ...v, text: o.value!, mapBase: undefined, known: v.known }, `tar --${o.name}`);
    it.commands.push({ argv: texts(inv), dynamic: false, start: inv.start, end: inv.end });
  }
  for (const o of optionValues(p, "checkpoint-action")) {
    const m = /^exec=(.*)$/s.exec(o.value!);
    if (m) {
      const v = inv.argv[o.valueIndex ?? o.index]!;
      nestedScript(it, inv, { ...v, text: m[1]!, mapBase: undefined }, "tar --checkpoint-action=exec");
      it.commands.push({ argv: texts(inv), dynamic: false, start: inv.start, end: inv.end });
    }
  }
  const extract = hasOption(p, "x", "extract", "get");
  const create = hasOption(p, "c", "create", "r", "append", "u", "update");
  const fileOpt = optionValues(p, "f", "file")[0];
  const fileVal = fileOpt ? (fileOpt.valueIndex !== undefined ? inv.argv[fileOpt.valueIndex]! : { ...inv.argv[Math.min(fileOpt.index, inv.argv.length - 1)]!, text: fileOpt.value!, mapBase: undefined }) : undefined;
  const taints: Taint[] = [];
  if (extract) {
    const dirs = optionValues(p, "C", "directory");
    for (const d of dirs) writeEffect(it, d.valueIndex !== undefined ? inv.argv[d.valueIndex]! : { ...inv.argv[d.index]!, text: d.value!, mapBase: undefined }, inv.state, "write", "tar -x -C");
    if (dirs.length === 0 && hasOption(p, "P", "absolute-names")) it.add("A3", "tar -P extracts absolute paths from the archive", inv.argv[0]!.start, inv.argv[0]!.end);
    if (fileVal) taints.push(...it.readFile(fileVal, inv.state, inv.frame, "tar").taints);
    else taints.push(...inv.stdin.taints);
    return { taints: mergeTaints(taints) };
  }
  if (create) {
    for (const i of p.positionals) taints.push(...it.readFile(inv.argv[i]!, inv.state, inv.frame, "tar").taints);
    if (fileVal && fileVal.text !== "-" && /^[^/]+:/.test(fileVal.text) && !argv.includes("--force-local")) {
      // host:path archives go through rsh/ssh to that host
      sendEffect(it, { name: "tar (remote archive)", start: inv.argv[0]!.start, end: inv.argv[0]!.end, host: fileVal.text.replace(/:.*$/, "").replace(/^.*@/, "") }, taints.length ? taints : [{ kind: "local", label: "the archive", start: fileVal.start, end: fileVal.end }]);
      return EMPTY;
    }
    if (fileVal && fileVal.text !== "-") {
      writeEffect(it, fileVal, inv.state, "write", "tar -f");
      const path = resolvePath(fileVal.text, inv.state.cwd);
      inv.state.files.set(path ?? fileVal.text, { taints: mergeTaints(taints) });
      return EMPTY;
    }
    return { taints: mergeTaints(taints) };
  }
  return passthrough(inv);
}

function zipCommand(it: Interp, inv: Invocation): Content {
  const argv = texts(inv);
  const p = parseOptions(argv, SPEC_13);
  for (const o of optionValues(p, "unzip-command")) {
    const v = inv.argv[o.valueIndex ?? o.index]!;
    nestedScript(it, inv, o.valueIndex !== undefined ? v : { ...v, text: o.value!, mapBase: undefined }, "zip --unzip-command");
    it.commands.push({ argv, dynamic: false, start: inv.start, end: inv.end });
  }
  const ti = argv.indexOf("-TT");
  if (ti > 0 && inv.argv[ti + 1]) {
    nestedScript(it, inv, inv.argv[ti + 1]!, "zip -TT");
    it.commands.push({ argv, dynamic: false, start: inv.start, end: inv.end });
  }
  const pos = p.positionals.map((i) => inv.argv[i]!).filter((v, k) => !(ti > 0 && inv.argv.indexOf(v) === ti + 1) || k < 0);
  if (pos.length === 0) return passthrough(inv);
  const archive = pos[0]!;
  const taints: Taint[] = [];
  for (const f of pos.slice(1)) taints.push(...it.readFile(f, inv.state, inv.frame, "zip").taints);
  if (archive.text === "-") return { taints: mergeTaints(taints) };
  writeEffect(it, archive, inv.state, "write", "zip");
  const path = resolvePath(archive.text, inv.state.cwd);
  inv.state.files.set(path ?? archive.text, { taints: mergeTaints(taints) });
  return EMPTY;
}

function ddCommand(it: Interp, inv: Invocation): Content {
  let taints: Taint[] = [...inv.stdin.taints];
  let out: Val | undefined;
  for (const v of inv.argv.slice(1)) {
    const m = /^(if|of)=(.*)$/s.exec(v.text);
    if (!m) continue;
    const val: Val = { ...v, text: m[2]!, mapBase: v.mapBase !== undefined ? v.mapBase + 3 : undefined };
    if (m[1] === "if") taints = it.readFile(val, inv.state, inv.frame, "dd").taints;
    else out = val;
  }
  if (out) {
    writeEffect(it, out, inv.state, "write", "dd of=");
    const path = resolvePath(out.text, inv.state.cwd);
    inv.state.files.set(path ?? out.text, { taints });
    return EMPTY;
  }
  return { taints };
}

function sysctlCommand(it: Interp, inv: Invocation): Content {
  const name = inv.argv[0]!;
  const args = inv.argv.slice(1);
  const w = args.find((a) => a.text === "-w" || a.text === "--write" || a.text === "-p" || a.text === "--load" || a.text === "--system" || (!a.text.startsWith("-") && a.text.includes("=")));
  if (w) it.add("P2", "changes kernel parameters (sysctl)", name.start, name.end);
  return passthrough(inv);
}

function crontabCommand(it: Interp, inv: Invocation): Content {
  const name = inv.argv[0]!;
  const args = inv.argv.slice(1).map((v) => v.text);
  const p = parseOptions(["crontab", ...args], CRONTAB_SPEC);
  if (hasOption(p, "l") && !hasOption(p, "e", "r")) return passthrough(inv);
  if (hasOption(p, "T", "V")) return passthrough(inv);
  it.add("P2", "edits or removes the crontab (persistence)", name.start, name.end);
  return passthrough(inv);
}

function systemctlCommand(it: Interp, inv: Invocation): Content {
  const name = inv.argv[0]!;
  const args = inv.argv.slice(1).map((v) => v.text).filter((a) => !a.startsWith("-"));
  if (["enable", "mask", "link", "preset", "preset-all", "reenable", "edit", "set-default", "set-property", "add-wants", "add-requires", "revert"].includes(args[0] ?? "")) {
    it.add("P2", `systemctl ${args[0]} changes what the system runs (persistence)`, name.start, name.end);
  } else if (["poweroff", "reboot", "halt", "kexec", "rescue", "emergency", "suspend", "hibernate", "soft-reboot", "isolate", "default"].includes(args[0] ?? "")) {
    it.add("P2", `systemctl ${args[0]} changes system state`, name.start, name.end);
  }
  return passthrough(inv);
}

function gdbCommand(it: Interp, inv: Invocation): Content {
  const argv = texts(inv);
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k]!;
    let cmd: Val | undefined;
    if ((a === "-ex" || a === "--ex" || a === "-iex" || a === "--eval-command" || a === "-eval-command") && inv.argv[k + 1]) cmd = inv.argv[++k];
    else if (/^--?(?:eval-command|ex)=/.test(a)) cmd = { ...inv.argv[k]!, text: a.replace(/^[^=]*=/, ""), mapBase: undefined };
    if (!cmd) continue;
    const m = /^\s*(?:shell|!|pipe\s+.*?\|)\s*(.*)$/s.exec(cmd.text);
    if (m) it.runNested(m[1]!, { start: cmd.start, end: cmd.end }, inv.frame, it.fork(inv.state), EMPTY);
    const py = /^\s*(?:python|python-interactive|pi)\s+(.*)$/s.exec(cmd.text);
    if (py) interpretCode(it, inv, "python", { ...cmd, text: py[1]!, mapBase: undefined }, "gdb python");
    const dump = /^\s*(?:dump|append)\s+(?:binary\s+|ihex\s+|srec\s+|tekhex\s+|verilog\s+|value\s+|memory\s+)*(\S+)/.exec(cmd.text);
    if (dump && /^\s*(?:dump|append)\b/.test(cmd.text)) writeEffect(it, { ...cmd, text: dump[1]!, mapBase: undefined }, inv.state, "write", "gdb dump");
  }
  return generic(it, inv, "gdb");
}

function vimCommand(it: Interp, inv: Invocation, base: string): Content {
  const argv = texts(inv);
  const files: Val[] = [];
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k]!;
    let cmd: Val | undefined;
    if ((a === "-c" || a === "--cmd" || a === "-S") && inv.argv[k + 1]) cmd = inv.argv[++k];
    else if (a.startsWith("+") && a.length > 1) cmd = { ...inv.argv[k]!, text: a.slice(1), mapBase: inv.argv[k]!.mapBase !== undefined ? inv.argv[k]!.mapBase! + 1 : undefined };
    else if (a.startsWith("-")) continue;
    else {
      files.push(inv.argv[k]!);
      continue;
    }
    if (!cmd) continue;
    if (!cmd.known) {
      it.add("A3", `${base} runs an editor command that cannot be resolved statically`, cmd.start, cmd.end);
      continue;
    }
    for (const part of cmd.text.split(/\s*\|\s*(?=[:a-z!])/)) {
      const m = /^\s*:?\s*(?:silent!?\s+)?(?:!|(?:sh(?:ell)?|te(?:rminal)?|r(?:ead)?\s*!|w(?:rite)?\s*!|call\s+system\s*\(|exe(?:cute)?\s+['"]!)\s*)(.*)$/s.exec(part);
      if (m) {
        let inner = m[1]!;
        inner = inner.replace(/^['"]|['"]\)?\s*$/g, "");
        it.runNested(inner, { start: cmd.start, end: cmd.end, ...(cmd.mapBase !== undefined && inner === cmd.text.slice(cmd.text.length - inner.length) ? { mapBase: cmd.mapBase + cmd.text.length - inner.length } : {}) }, inv.frame, it.fork(inv.state), EMPTY);
      }
      const py = /^\s*:?\s*(?:py(?:thon)?3?|pyx|lua|perl|ruby)\s+(.*)$/s.exec(part);
      if (py) interpretCode(it, inv, "python", { ...cmd, text: py[1]!, mapBase: undefined }, `${base} script`);
      const rd = /^\s*:?\s*redir!?\s*>>?\s*(\S+)/.exec(part);
      if (rd) writeEffect(it, { ...cmd, text: rd[1]!, mapBase: undefined }, inv.state, "write", `${base} :redir`);
      const w = /^\s*:?\s*(?:w(?:rite)?|sav(?:eas)?|wq|x)!?\s+(\S+)/.exec(part);
      if (w) writeEffect(it, { ...cmd, text: w[1]!, mapBase: undefined }, inv.state, "write", `${base} :w`);
    }
  }
  for (const f of files) it.readFile(f, inv.state, inv.frame, base);
  return passthrough(inv);
}

/** tmux: commands it runs through the shell — `new-session`/`new-window`/`split-window`/
 *  `respawn-*`/`display-popup` CMD, `run-shell CMD`, `if-shell CMD …`, `pipe-pane CMD`,
 *  `tmux -c CMD` — and keys typed into a pane with `send-keys` (judged as the script they
 *  type). Several tmux commands may be chained with `;`. */
function tmuxCommand(it: Interp, inv: Invocation): Content {
  const t = texts(inv);
  let k = 1;
  for (; k < t.length; k++) {
    const a = t[k]!;
    if (a === "-c" && inv.argv[k + 1]) {
      nestedScript(it, inv, inv.argv[++k]!, "tmux -c");
      continue;
    }
    if (/^-[fLST]$/.test(a)) k++;
    else if (!a.startsWith("-")) break;
  }
  while (k < t.length) {
    let end = k + 1;
    while (end < t.length && t[end] !== ";") end++;
    tmuxSubcommand(it, inv, t[k]!, inv.argv.slice(k + 1, end));
    k = end + 1;
  }
  return passthrough(inv);
}

const TMUX_RUNS_COMMAND: Record<string, string> = {
  "new-session": "c:e:F:f:n:s:t:x:y:", new: "c:e:F:f:n:s:t:x:y:",
  "new-window": "c:e:F:n:t:", neww: "c:e:F:n:t:",
  "split-window": "c:e:F:l:p:t:", splitw: "c:e:F:l:p:t:",
  "respawn-pane": "c:e:t:", respawnp: "c:e:t:", "respawn-window": "c:e:t:", respawnw: "c:e:t:",
  "display-popup": "b:c:d:e:h:s:S:t:T:w:x:y:", popup: "b:c:d:e:h:s:S:t:T:w:x:y:",
  "run-shell": "d:t:", run: "d:t:", "if-shell": "t:", if: "t:", "pipe-pane": "t:", pipep: "t:",
};
const TMUX_KEY_NAME = /^(?:Enter|KPEnter|Escape|Tab|BTab|Space|BSpace|Up|Down|Left|Right|Home|End|PageUp|PageDown|PPage|NPage|IC|DC|F\d+|[CMS]-.+)$/;

function tmuxSubcommand(it: Interp, inv: Invocation, sub: string, args: Val[]): void {
  const how = `tmux ${sub}`;
  if (sub === "send-keys" || sub === "send") {
    const p = parseOptions([sub, ...args.map((a) => a.text)], { short: "c:N:t:FHKlMRX" });
    if (hasOption(p, "X", "R", "M")) return; // copy-mode commands, reset, mouse: no typing
    const literal = hasOption(p, "l");
    const keys = p.positionals.map((i) => args[i - 1]!);
    if (keys.length === 0) return;
    if (keys.some((v) => !v.known)) {
      it.add("A3", `${how} types keys that cannot be resolved statically into a terminal`, keys[0]!.start, keys[keys.length - 1]!.end);
      return;
    }
    const typed = keys.map((v) => (literal ? v.text : /^(?:Enter|KPEnter|C-m|C-j)$/.test(v.text) ? "\n" : TMUX_KEY_NAME.test(v.text) ? "" : v.text)).join("");
    nestedScript(it, inv, { ...joinVals(keys), text: typed, mapBase: undefined }, how);
    return;
  }
  const spec = TMUX_RUNS_COMMAND[sub];
  if (spec === undefined) return;
  const flags = "ABCDEIPXZabdfhklv".replace(new RegExp(`[${spec.replace(/:/g, "")}]`, "g"), "");
  const p = parseOptions([sub, ...args.map((a) => a.text)], { short: `${flags}${spec}` });
  if ((sub === "run-shell" || sub === "run") && hasOption(p, "C")) return; // a tmux command, not a shell one
  const pos = p.positionals.map((i) => args[i - 1]!);
  if (sub === "if-shell" || sub === "if") {
    if (pos[0] && !hasOption(p, "F")) nestedScript(it, inv, pos[0], how);
    return;
  }
  if (pos.length > 0) nestedScript(it, inv, joinVals(pos), how);
}

/** `npx -c CMD`, `npm exec -c CMD` / `--call CMD`: CMD runs through the shell. */
function npmExec(it: Interp, inv: Invocation, base: string): Content {
  const t = texts(inv);
  const start = base === "npm" ? t.findIndex((x, i) => i > 0 && (x === "exec" || x === "x")) : 0;
  if (start >= 0) {
    for (let k = start + 1; k < t.length; k++) {
      if (t[k] === "--") break;
      if ((t[k] === "-c" || t[k] === "--call") && inv.argv[k + 1]) nestedScript(it, inv, inv.argv[++k]!, `${base} ${t[k - 1]}`);
      else if (t[k]!.startsWith("--call=")) nestedScript(it, inv, { ...inv.argv[k]!, text: t[k]!.slice(7), mapBase: undefined }, `${base} --call`);
    }
  }
  return generic(it, inv, base);
}

/** less and man: a command given to the pager runs through the shell — `less '+!cmd'` (an
 *  initial less command; `!` is its shell escape, `|` pipes to one) and `man -P PAGER` /
 *  `--pager=`, `-H BROWSER` / `--html=`. */
function lessCommand(it: Interp, inv: Invocation, base: string): Content {
  const run = (v: Val, text: string, how: string): void => {
    if (!v.known) it.add("A3", `${how} runs a command that cannot be resolved statically (${v.text})`, v.start, v.end);
    else it.runNested(text, { start: v.start, end: v.end }, inv.frame, it.fork(inv.state), EMPTY);
  };
  for (let k = 1; k < inv.argv.length; k++) {
    const v = inv.argv[k]!;
    const t = v.text;
    if (base === "less") {
      if (t === "--") break;
      const initial = t.startsWith("+") ? t.slice(1) : undefined;
      if (initial === undefined) continue;
      // `+!cmd` (shell escape), `+|m cmd` (pipe to a command); `+/x!y` is a search
      const cmd = /^\d*([!|])/.exec(initial);
      if (cmd?.[1] === "|") it.add("A3", `less ${t} pipes to a command`, v.start, v.end);
      else if (cmd) run(v, initial.slice(cmd[0].length), "less +!");
      continue;
    }
    const m = /^(?:-P|--pager=|-H|--html=)(.*)$/.exec(t);
    if (m && m[1] !== "") run(v, m[1]!, `man ${t.slice(0, 2)}`);
    else if ((t === "-P" || t === "--pager" || t === "-H" || t === "--html") && inv.argv[k + 1]) run(inv.argv[++k]!, inv.argv[k]!.text, `man ${t}`);
  }
  return generic(it, inv, base);
}

function makeCommand(it: Interp, inv: Invocation): Content {
  const argv = texts(inv);
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k]!;
    let f: Val | undefined;
    if ((a === "-f" || a === "--file" || a === "--makefile") && inv.argv[k + 1]) f = inv.argv[++k];
    else if (/^--(?:file|makefile)=/.test(a) || /^-f./.test(a)) f = { ...inv.argv[k]!, text: a.replace(/^--?[a-z]*=?/, "").replace(/^f/, ""), mapBase: undefined, content: inv.argv[k]!.content } as Val;
    if (!f) continue;
    const c = f.content ?? inv.state.files.get(resolvePath(f.text, inv.state.cwd) ?? f.text);
    if (!c) continue;
    const dl = c.taints.find((t) => t.kind === "download");
    if (dl) it.add("P3", "make runs a downloaded makefile", f.start, f.end, evidenceOf(dl));
    else if (c.text !== undefined) {
      const recipes = c.text.split("\n").filter((l) => l.startsWith("\t")).map((l) => l.slice(1).replace(/^[@+-]+/, "")).join("\n");
      if (recipes) it.runNested(recipes, { start: f.start, end: f.end }, inv.frame, it.fork(inv.state), EMPTY);
    } else it.add("A3", "make runs a makefile whose content cannot be resolved statically", f.start, f.end);
  }
  for (let k = 1; k < inv.argv.length; k++) {
    const v = inv.argv[k]!;
    let ev: string | undefined;
    if (/^--eval=/.test(v.text)) ev = v.text.slice(7);
    else if (v.text === "--eval" && inv.argv[k + 1]) ev = inv.argv[k + 1]!.text;
    if (ev === undefined) continue;
    for (const m of ev.matchAll(/\$\(file\s*>>?\s*([^,)]+)/g)) writeEffect(it, { ...v, text: m[1]!.trim(), mapBase: undefined }, inv.state, "write", "make $(file >…)");
    for (const m of ev.matchAll(/\$\(file\s*<\s*([^,)]+)\)/g)) it.readFile({ ...v, text: m[1]!.trim(), mapBase: undefined }, inv.state, inv.frame, "make $(file <…)");
    for (const m of ev.matchAll(/\$\(shell\s+([^)]*)\)/g)) it.runNested(m[1]!, { start: v.start, end: v.end }, inv.frame, it.fork(inv.state), EMPTY);
  }
  for (const v of inv.argv.slice(1)) {
    const m = /^SHELL=(.*)$/.exec(v.text);
    if (m) it.add("A3", "make SHELL= replaces the shell that runs every recipe", v.start, v.end);
  }
  return passthrough(inv);
}

function rgCommand(it: Interp, inv: Invocation): Content {
  const argv = texts(inv);
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === "--pre" && inv.argv[k + 1]) nestedScript(it, inv, inv.argv[++k]!, "rg --pre");
    else if (a.startsWith("--pre=")) nestedScript(it, inv, { ...inv.argv[k]!, text: a.slice(6), mapBase: undefined }, "rg --pre");
    else continue;
    it.commands.push({ argv, dynamic: false, start: inv.start, end: inv.end });
  }
  return generic(it, inv, "rg");
}

export { unescapeUnquoted, netPeer };
