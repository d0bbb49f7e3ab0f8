// Effects → findings: what a write, a send or a network redirection means under POLICY.md.
import { hooks, Interp } from "./interp.js";
import type { Invocation, Redirect, State } from "./interp.js";
import { followLinks, homeOf, isHomeDirectory, protectedPath, resolvePath } from "./paths.js";
import { globCouldReach, hasGlob } from "./globs.js";
import type { Content, Taint, Val } from "./values.js";

const VERB = { write: "writes", delete: "deletes", mode: "changes the mode or owner of", link: "links" } as const;

/** A write/delete/chmod of the path named by `target`: P2 when it is protected. */
export function writeEffect(it: Interp, target: Val, state: State, kind: "write" | "delete" | "mode" | "link", how: string): void {
  if (!target.known && target.alts) {
    for (const a of target.alts) writeEffect(it, { ...target, text: a, known: true, alts: undefined }, state, kind, how);
    return;
  }
  if (!target.known) {
    // Not fully known, but its known prefix may already be protected: /etc/$X, /usr/lib/$(…)/x
    const prefix = /^[^$`*?[{]*/.exec(target.text)![0];
    const dir = prefix.slice(0, prefix.lastIndexOf("/") + 1);
    if (dir.startsWith("/") && dir.length > 1) {
      const prot = protectedPath(dir.replace(/\/+$/, "") || "/", it.home);
      if (prot && prot.kind !== "root") it.add("P2", `${VERB[kind]} under ${prot.reason}: ${target.text} (${how})`, target.start, target.end, { path: target.text });
    }
    return;
  }
  const named = resolvePath(target.text, state.cwd);
  if (named === undefined) return;
  // through links the command made (`ln -s /etc e; echo x > e/hosts`); removing, relinking or
  // chmod-ing a link acts on the link itself
  const keepLast = kind === "delete" || kind === "link";
  let path = followLinks(named, state, keepLast);
  if (hasGlob(path)) return globWrite(it, target, path, kind, how);
  // and through links already on disk, when the analysis may look (the hook)
  if (it.realpath) {
    const real = keepLast ? realParent(it.realpath, path) : it.realpath(path);
    if (real !== undefined && real !== path) {
      how = `${how}, through a link: ${path} → ${real}`;
      path = real;
    }
  }
  // The guard's own configuration: an agent must not rewrite what judges it.
  if (/(?:^|\/)\.airlock(?:\/|$)|(?:^|\/)\.claude\/settings(?:\.local)?\.json$|\/\.config\/airlock(?:\/|$)/.test(path)) {
    it.add("P2", `${VERB[kind]} airlock's or Claude Code's own configuration: ${path} (${how})`, target.start, target.end, { path });
    return;
  }
  const prot = protectedPath(path, it.home);
  if (prot) {
    it.add("P2", `${VERB[kind]} ${prot.reason}: ${path} (${how})`, target.start, target.end, { path });
    return;
  }
  // Claude Code's MCP server list and hook scripts name commands it starts by itself, outside
  // any tool call airlock judges (the settings files themselves are P2 above).
  if (kind !== "delete" && /(?:^|\/)(?:\.mcp\.json|\.claude\.json|\.claude\/hooks\/.+)$/.test(path)) {
    it.add("A3", `${VERB[kind]} Claude Code's MCP servers or hook scripts, commands it runs by itself: ${path} (${how})`, target.start, target.end, { path });
  }
  // A repository's hooks and config are code git runs later — on the next commit, or on
  // `git status` (core.fsmonitor) — outside the tool call airlock judged. Deleting them is fine.
  if (kind !== "delete" && /(?:^|\/)\.git\/(?:hooks(?:\/|$)|config$)/.test(path)) {
    it.add("A3", `${VERB[kind]} ${path.endsWith("config") ? "a repository's git config, which can name commands git runs" : "a git hook, code git runs later"}: ${path} (${how})`, target.start, target.end, { path });
  }
  // Credential files of the catalog in a home directory are persistence/credential paths too.
  // Only where the home keeps them (a dot-path of the home: ~/.aws/credentials, ~/.npmrc);
  // a project's own `key.pem` under ~/src is not the user's credential store.
  const h = homeOf(path, it.home);
  if (h !== undefined && path.slice(h.length + 1).startsWith(".")) {
    const m = it.catalog.match(path, { home: it.home });
    if (m) it.add("P2", `${VERB[kind]} a credential file in the home directory: ${path} (${m.id}, ${how})`, target.start, target.end, { path, catalog: m.id });
  }
}

/** A path whose folder's links are followed but whose last component is kept (a link that is
 *  removed or replaced is itself the object). */
function realParent(realpath: (p: string) => string | undefined, path: string): string | undefined {
  const slash = path.lastIndexOf("/");
  if (slash <= 0) return undefined;
  const dir = realpath(path.slice(0, slash));
  return dir === undefined ? undefined : `${dir}/${path.slice(slash + 1)}`;
}

/** A write through a glob: protected if the pattern could name a protected path. */
function globWrite(it: Interp, target: Val, path: string, kind: "write" | "delete" | "mode" | "link", how: string): void {
  const sem = it.sem;
  const candidates = [...sem.protectedRoots, ...sem.homePersistence.map((p) => `${it.home}/${p}`)];
  const hit = candidates.find((c) => globCouldReach(path, c) && !sem.protectedExceptions.some((e) => globCouldReach(path, e) && !globCouldReach(path, c + "/x")));
  if (hit) it.add("P2", `${VERB[kind]} through a pattern that can name a protected path: ${path} (reaches ${hit}, ${how})`, target.start, target.end, { path });
}

/** `rm -r` of /, ~, $HOME or a whole home directory. */
export function recursiveDelete(it: Interp, target: Val, state: State): void {
  if (!target.known) return;
  const path = resolvePath(target.text.replace(/\/\*?$/, "") || "/", state.cwd);
  if (path === undefined) return;
  if (path === "/" || isHomeDirectory(path, it.home)) it.add("P2", `deletes ${path === "/" ? "the root directory" : "a whole home directory"} recursively: ${path}`, target.start, target.end, { path });
}

export interface Sink {
  name: string;
  start: number;
  end: number;
  host?: string;
}

function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/:\d+$/, "");
  const p = pattern.toLowerCase();
  if (p.startsWith("*.")) return h.endsWith(p.slice(1)) || h === p.slice(2);
  return h === p;
}

export function trustedFor(it: Interp, variable: string, host: string | undefined, trusted: string[]): boolean {
  if (!host) return false;
  const pairs = it.sem.tokenHosts.get(variable.toUpperCase()) ?? [];
  return pairs.some((p) => hostMatches(host, p)) || trusted.some((p) => hostMatches(host, p));
}

/** Data reaching a network sink: P3 for secrets, A1 for other local data. */
export function sendEffect(it: Interp, sink: Sink, data: Taint[], trusted: string[] = trustedHosts): void {
  const ev = (t: Taint): Record<string, string> => {
    const e: Record<string, string> = { sink: sink.name, source: t.label, sourceStart: String(t.start), sourceEnd: String(t.end) };
    if (sink.host) e["host"] = sink.host;
    return e;
  };
  const to = sink.host ? ` to ${sink.host}` : "";
  // When secrets flow, the same stream's "local data" label adds nothing.
  const secret = data.some((t) => t.kind === "secret" || t.kind === "env" || t.kind === "secretvar");
  for (const t of data) {
    if (secret && t.kind === "local") continue;
    switch (t.kind) {
      case "secret":
        it.add("P3", `sends a sensitive file (${t.label})${to} via ${sink.name}`, sink.start, sink.end, ev(t));
        break;
      case "env":
        it.add("P3", `sends the environment (${t.label})${to} via ${sink.name}`, sink.start, sink.end, ev(t));
        break;
      case "secretvar":
        if (t.variable && trustedFor(it, t.variable, sink.host, trusted))
          it.add("A1", `sends ${t.label} to the host it belongs to (${sink.host}) via ${sink.name}`, sink.start, sink.end, ev(t));
        else it.add("P3", `sends a secret variable (${t.label})${to} via ${sink.name}`, sink.start, sink.end, ev(t));
        break;
      case "local":
        it.add("A1", `uploads local data (${t.label})${to} via ${sink.name}`, sink.start, sink.end, ev(t));
        break;
      case "download":
        break;
    }
  }
}

/** Hosts from the policy's network.trusted (set per analysis by analyze.ts). */
export let trustedHosts: string[] = [];
export function setTrustedHosts(h: string[]): void {
  trustedHosts = h;
}

const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish", "csh", "tcsh", "busybox", "rbash"]);

/** A redirection to /dev/tcp|udp: sends the command's output, or binds a shell to a peer. */
function netRedirect(it: Interp, r: Redirect, peer: string, out: Content, inv: Invocation | undefined, _state: State): void {
  // the shell may sit behind wrappers: `exec bash -i &>/dev/tcp/…`, `nohup sh >&…`
  const shellAt = inv ? inv.argv.findIndex((a) => SHELLS.has(a.text.split("/").pop() ?? "")) : -1;
  const name = shellAt >= 0 ? inv!.argv[shellAt]!.text.split("/").pop()! : "";
  const t = r.target;
  if (inv && shellAt >= 0 && shellAt <= 3 && !inv.argv.slice(shellAt).some((a) => a.text === "-c") && inv.argv.slice(shellAt + 1).every((a) => a.text.startsWith("-"))) {
    it.add("P3", `binds a shell (${name}) to a network peer ${peer}: a reverse shell`, t.start, t.end, { host: peer });
    return;
  }
  if (r.op === "<" || (r.op === "<>" && (r.fd === undefined || r.fd === "0"))) return; // reading from a peer
  if (r.fd !== undefined && r.fd !== "1" && r.fd !== "2" && r.op === "<>") return; // exec 3<>/dev/tcp: opening only
  sendEffect(it, { name: t.text, start: t.start, end: t.end, host: peer }, out.taints);
}

hooks.write = writeEffect;
hooks.send = (it, sink, data) => sendEffect(it, sink, data);
hooks.netRedirect = netRedirect;
