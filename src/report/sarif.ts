// SARIF 2.1.0 logs for GitHub code scanning: `scan --format sarif` (credential files and inline
// secrets of a workspace) and `check --file SCRIPT --format sarif` (the verdict findings of a
// shell script). Pure builders: values in, a plain JSON-ready object out.
//
// What GitHub needs beyond the schema (docs "SARIF support for code scanning"): every rule has
// `help.text`; every result has a location with `region.startLine` and a
// `partialFingerprints.primaryLocationLineHash` of the form `hash:occurrence`, so an alert keeps
// its identity across runs; URIs are relative to the repository root (`%SRCROOT%`).
//
// Columns: the scanner counts characters as Unicode code points; check spans are UTF-16 offsets,
// converted here to code points too, so both logs declare `columnKind: unicodeCodePoints`.

import { createHash } from "node:crypto";
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type { DetailedAnalysis, Finding, Verdict } from "../core/types.js";
import type { ScanFinding, ScanResult, SkippedPath } from "../scrub/types.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const SRCROOT = "%SRCROOT%";

export type SarifLevel = "error" | "warning" | "note" | "none";

export interface SarifMessage {
  text: string;
}

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

export interface SarifLocation {
  physicalLocation: { artifactLocation: SarifArtifactLocation; region?: SarifRegion };
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; "security-severity"?: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints: { primaryLocationLineHash: string };
  properties?: Record<string, unknown>;
}

export interface SarifNotification {
  level: SarifLevel;
  message: SarifMessage;
  descriptor: { id: string };
  locations?: SarifLocation[];
}

export interface SarifRun {
  tool: { driver: { name: "airlock"; version?: string; semanticVersion?: string; rules: SarifRule[] } };
  originalUriBaseIds?: Record<string, { uri: string; description?: SarifMessage }>;
  columnKind: "unicodeCodePoints";
  invocations?: { executionSuccessful: boolean; toolExecutionNotifications?: SarifNotification[] }[];
  results: SarifResult[];
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: [SarifRun];
}

export interface SarifOptions {
  /** airlock's version (package.json); becomes `tool.driver.version` and, when SemVer, `semanticVersion` */
  toolVersion?: string;
  /**
   * What `%SRCROOT%` stands for: an absolute directory path or a `file://` URI. Recorded in
   * `originalUriBaseIds` so a consumer can resolve the relative URIs; GitHub ignores it.
   */
  uriBase?: string;
}

// ---------------------------------------------------------------------------------------------
// scan

/**
 * The SARIF log of a workspace scan: one rule per rule id found, one result per finding.
 * Results carry the redacted preview only; the secret itself is not in a ScanFinding and so
 * cannot reach the log.
 */
export function scanSarif(result: ScanResult, opts: SarifOptions & { toolVersion: string }): SarifLog {
  const rules = new RuleTable();
  for (const f of result.findings) rules.add(f.rule, () => scanRule(f));
  const occurrences = new Occurrences();
  const results = result.findings.map((f): SarifResult => ({
    ruleId: f.rule,
    ruleIndex: rules.index(f.rule),
    level: "error",
    message: { text: scanMessage(f) },
    locations: [{ physicalLocation: { artifactLocation: relativeLocation(f.path), region: region(f.line, f.column, f.endLine, f.endColumn) } }],
    partialFingerprints: { primaryLocationLineHash: occurrences.next(f.fingerprint) },
  }));
  const notifications = result.skipped.map(skippedNotification);
  const invocation = { executionSuccessful: true, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) };
  return wrap(buildRun(rules.list(), results, opts, [invocation]));
}

function scanRule(f: ScanFinding): SarifRule {
  const what = firstSentence(f.message);
  if (f.kind === "secret") {
    return {
      id: f.rule,
      name: ruleName(f.rule),
      shortDescription: { text: `Inline secret: ${what}` },
      fullDescription: { text: `A text file holds a credential written inline: ${sentence(f.message)}` },
      help: {
        text:
          `A ${what} is written in a file of the repository. Treat it as exposed: revoke or rotate it ` +
          "with its issuer first (deleting it does not undo the exposure, and it stays in the history " +
          "of every commit that held it). Then remove it from the file and load it at run time from a " +
          "secret store or an environment variable that is not committed. If the value is a test " +
          "fixture and not a real credential, replace it with an obvious placeholder.",
      },
      defaultConfiguration: { level: "error" },
      properties: { tags: ["security", "secret"], "security-severity": "9.0" },
    };
  }
  return {
    id: f.rule,
    name: ruleName(f.rule),
    shortDescription: { text: `Credential file: ${what}` },
    fullDescription: { text: `A file whose name marks it as a credential store. ${f.message}`.trim() },
    help: {
      text:
        "This file is a credential store by its name and should not be part of the repository. " +
        "Remove it from version control (`git rm --cached PATH`) and add its path to .gitignore; " +
        "rotate any credential it held if it was ever committed or shared; keep the credentials in " +
        "a secret store (or a local file outside the repository) instead. A template with dummy " +
        "values belongs in a file such as `.env.example`.",
    },
    defaultConfiguration: { level: "error" },
    properties: { tags: ["security", "secret", "credential-file"], "security-severity": "8.0" },
  };
}

function scanMessage(f: ScanFinding): string {
  if (f.kind === "secret") return `Inline secret (${firstSentence(f.message)}): ${f.preview}. Rotate it and move it to a secret store.`;
  return `Credential file (${firstSentence(f.message)}): remove it from the repository and add it to .gitignore.`;
}

const SKIP_WORDS: Record<SkippedPath["reason"], string> = {
  "symlink-escape": "is a symbolic link leading out of the workspace",
  "special-file": "is not a regular file (a FIFO, socket or device)",
  unreadable: "could not be read",
  reserved: "has a name airlock reserves for itself",
};

function skippedNotification(s: SkippedPath): SarifNotification {
  return {
    level: s.reason === "unreadable" ? "warning" : "note",
    message: { text: `Not scanned: ${s.path} ${SKIP_WORDS[s.reason]}${s.detail ? ` (${s.detail})` : ""}.` },
    descriptor: { id: `skipped.${s.reason}` },
    locations: [{ physicalLocation: { artifactLocation: relativeLocation(s.path) } }],
  };
}

// ---------------------------------------------------------------------------------------------
// check --file

interface CheckRuleText {
  name: string;
  short: string;
  full: string;
  help: string;
  tag: string;
}

/** The verdict rules of shared/POLICY.md, described for someone reading an alert. */
const CHECK_RULES: Record<string, CheckRuleText> = {
  P1: {
    name: "PrivilegeEscalation",
    short: "Privilege escalation",
    full:
      "The script runs a command as another user or as root (sudo, su, doas, pkexec, run0, systemd-run, nsenter, …), " +
      "wherever it appears, or starts a container that hands out the host (--privileged, the host's PID namespace, " +
      "SYS_ADMIN, a bind mount of / or of the Docker socket).",
    help:
      "An agent's commands should never gain root. Do the step without privileges (a user-level install, a workspace " +
      "path), or leave it to a person who runs it deliberately. Denied by default.",
    tag: "privilege-escalation",
  },
  P2: {
    name: "SystemPathWrite",
    short: "Write to a system or persistence path",
    full:
      "The script creates, changes or deletes something under a system directory (/etc, /usr, /var, /boot, /dev, …), " +
      "a persistence or credential path in a home directory (~/.ssh, shell start-up files, autostart and systemd user " +
      "units, LaunchAgents, credential files), or changes system state (crontab, systemctl enable, accounts, sysctl, " +
      "reboot, disk devices).",
    help:
      "Keep writes inside the workspace or /tmp. Changes to the system, to start-up files or to credentials should be " +
      "made by a person, outside the agent. Denied by default.",
    tag: "system-write",
  },
  P3: {
    name: "Exfiltration",
    short: "Sensitive data sent to the network, or remote code run",
    full:
      "Data from a credential file, the environment or a secret-named variable reaches a network command (possibly " +
      "through pipes, variables, encoders or temporary files); or the script opens a reverse shell or a tunnel that " +
      "exposes the machine; or it feeds downloaded content straight to an interpreter.",
    help:
      "Do not send secrets to other hosts. A token sent to its own service (e.g. GITHUB_TOKEN to api.github.com) is " +
      "only asked about; add further hosts to `network.trusted` in the policy. Download an installer to a file, read " +
      "it, then run it. Denied by default.",
    tag: "exfiltration",
  },
  A1: {
    name: "Upload",
    short: "Upload of local data to a remote host",
    full:
      "The script sends local files or data to a remote host (curl -T, -F or --data @file, scp, rsync to a remote, " +
      "nc with a file on stdin), or sends a secret-named variable to the host it belongs to.",
    help: "Check that the data and the destination are the ones you expect before letting it run. Asks by default.",
    tag: "upload",
  },
  A2: {
    name: "SensitiveRead",
    short: "Read of a credential file or of the environment",
    full:
      "The script reads a file of the sensitive-file catalog (.env, cloud and registry credentials, private keys, " +
      "shell history, …) or dumps the environment, without sending it anywhere.",
    help:
      "Make sure the script needs this credential. Prefer passing a narrowly scoped token from a secret store to " +
      "reading credential files. Asks by default.",
    tag: "sensitive-read",
  },
  A3: {
    name: "DynamicCode",
    short: "Code that cannot be resolved before it runs",
    full:
      "The script runs code whose text is only known at run time (eval of a variable, bash -c with a substitution, " +
      "source of generated output, a command name held in a variable), so it cannot be judged in advance. Literal " +
      "payloads are decoded and judged by their content instead.",
    help: "Write the command out literally where you can, or review what it will run before allowing it. Asks by default.",
    tag: "dynamic-code",
  },
  A4: {
    name: "Unparseable",
    short: "Input that does not parse as bash",
    full: "The script does not parse as bash, or uses a construct the parser may read differently from bash.",
    help: "Fix the syntax (or simplify the construct); airlock will not guess what an unparseable script does. Asks by default.",
    tag: "parse-error",
  },
  "user.deny": {
    name: "PolicyDeny",
    short: "Denied by a policy pattern",
    full: "A simple command of the script matches a `permissions.deny` pattern of the effective policy.",
    help: "The policy forbids this command here. Remove it, or change the policy if that is intended (`airlock policy` shows where each setting comes from).",
    tag: "policy",
  },
  "user.ask": {
    name: "PolicyAsk",
    short: "Needs confirmation by a policy pattern",
    full: "A simple command of the script matches a `permissions.ask` pattern of the effective policy.",
    help: "The policy asks a person to confirm this command. Review it; change the policy if the confirmation is not wanted.",
    tag: "policy",
  },
  limits: {
    name: "AnalysisLimit",
    short: "Input beyond the analysis limits",
    full: "The script is too large or too deeply nested, or its analysis ran over the time budget, so it was not judged completely.",
    help: "Split the script into smaller files or simplify its nesting, then check it again.",
    tag: "analysis-limit",
  },
  internal: {
    name: "InternalError",
    short: "Analysis error",
    full: "airlock could not finish the analysis (a policy file failed to load, or an internal error occurred); it never turns that into an allow.",
    help: "Read the message: fix the policy file it names, or report the error with the script that triggered it.",
    tag: "analysis-error",
  },
};

/** The verdict each known rule has in the built-in policy (rules/policy.yaml). */
const DEFAULT_VERDICT: Record<string, Verdict> = {
  P1: "deny",
  P2: "deny",
  P3: "deny",
  A1: "ask",
  A2: "ask",
  A3: "ask",
  A4: "ask",
  "user.deny": "deny",
  "user.ask": "ask",
  limits: "ask",
  internal: "ask",
};

const LEVEL: Record<Verdict, SarifLevel> = { deny: "error", ask: "warning", allow: "note" };
const SEVERITY: Record<Verdict, string> = { deny: "8.0", ask: "5.0", allow: "2.0" };

/**
 * The SARIF log of `check --file`: each finding of the analysis becomes a result located in the
 * script at its span. `text` is the script exactly as analysed (the spans index into it);
 * `file` its path — relative to `%SRCROOT%`, or absolute (then the URI is a `file://` URI).
 * Levels: deny → error, ask → warning (a rule a policy relaxed to allow → note).
 */
export function checkSarif(text: string, file: string, analysis: DetailedAnalysis, opts: SarifOptions = {}): SarifLog {
  const rules = new RuleTable();
  for (const f of analysis.findings) rules.add(f.rule, () => checkRule(f));
  const artifact = isAbsolute(file) ? { uri: pathToFileURL(file).href } : relativeLocation(file);
  const lines = new LineIndex(text);
  const occurrences = new Occurrences();
  const results = analysis.findings.map((f): SarifResult => {
    const start = lines.position(f.start);
    const end = lines.position(Math.max(f.start, f.end));
    const result: SarifResult = {
      ruleId: f.rule,
      ruleIndex: rules.index(f.rule),
      level: LEVEL[f.verdict],
      message: { text: `${f.message} (${f.verdict})` },
      locations: [{ physicalLocation: { artifactLocation: artifact, region: region(start.line, start.column, end.line, end.column) } }],
      partialFingerprints: { primaryLocationLineHash: occurrences.next(checkHash(text, f, lines)) },
    };
    if (f.evidence) result.properties = { evidence: f.evidence };
    return result;
  });
  return wrap(buildRun(rules.list(), results, opts));
}

function checkRule(f: Finding): SarifRule {
  const known = CHECK_RULES[f.rule];
  const verdict = DEFAULT_VERDICT[f.rule] ?? f.verdict;
  const level = LEVEL[verdict];
  if (known) {
    return {
      id: f.rule,
      name: known.name,
      shortDescription: { text: known.short },
      fullDescription: { text: known.full },
      help: { text: `${known.full} ${known.help}` },
      defaultConfiguration: { level },
      properties: { tags: ["security", "shell", known.tag], "security-severity": SEVERITY[verdict] },
    };
  }
  // A rule id this table does not know (a catalog or secret id, a future rule): its first message.
  return {
    id: f.rule,
    name: ruleName(f.rule),
    shortDescription: { text: firstSentence(f.message) },
    fullDescription: { text: f.message },
    help: { text: `${sentence(f.message)} Review the command before running it.` },
    defaultConfiguration: { level },
    properties: { tags: ["security", "shell"], "security-severity": SEVERITY[verdict] },
  };
}

/**
 * 16 hex digits of SHA-256 over the rule, the flagged span and the line it starts on, each
 * whitespace-collapsed: stable when lines move, new when the flagged code changes.
 */
function checkHash(text: string, f: Finding, lines: LineIndex): string {
  const flat = (s: string): string => s.replace(/\s+/g, " ").trim();
  const span = flat(text.slice(f.start, Math.max(f.start, f.end)));
  const line = flat(lines.lineText(f.start));
  return createHash("sha256").update(`airlock-check\0${f.rule}\0${span}\0${line}`, "utf8").digest("hex").slice(0, 16);
}

/** Line starts of a text, to turn UTF-16 offsets into 1-based lines and code-point columns. */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): { line: number; column: number } {
    const at = Math.min(Math.max(0, offset), this.text.length);
    const i = this.lineOf(at);
    return { line: i + 1, column: codePoints(this.text, this.starts[i]!, at) + 1 };
  }

  lineText(offset: number): string {
    const i = this.lineOf(Math.min(Math.max(0, offset), this.text.length));
    const end = this.starts[i + 1];
    return this.text.slice(this.starts[i]!, end === undefined ? this.text.length : end - 1);
  }
}

/** Code points in text[from, to): UTF-16 units minus the low halves of surrogate pairs. */
function codePoints(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > from) {
      const prev = text.charCodeAt(i - 1);
      if (prev >= 0xd800 && prev <= 0xdbff) continue;
    }
    n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// shared

/** Rules in first-seen order; a result's ruleIndex points into this list. */
class RuleTable {
  private readonly rules: SarifRule[] = [];
  private readonly at = new Map<string, number>();

  add(id: string, make: () => SarifRule): void {
    if (this.at.has(id)) return;
    this.at.set(id, this.rules.length);
    this.rules.push(make());
  }

  index(id: string): number {
    return this.at.get(id)!;
  }

  list(): SarifRule[] {
    return this.rules;
  }
}

/** `hash:n` where n counts the results sharing a hash (GitHub's primaryLocationLineHash form). */
class Occurrences {
  private readonly seen = new Map<string, number>();

  next(hash: string): string {
    const n = (this.seen.get(hash) ?? 0) + 1;
    this.seen.set(hash, n);
    return `${hash}:${n}`;
  }
}

function buildRun(rules: SarifRule[], results: SarifResult[], opts: SarifOptions, invocations?: SarifRun["invocations"]): SarifRun {
  const driver: SarifRun["tool"]["driver"] = {
    name: "airlock",
    ...(opts.toolVersion ? { version: opts.toolVersion } : {}),
    ...(opts.toolVersion && SEMVER.test(opts.toolVersion) ? { semanticVersion: opts.toolVersion } : {}),
    rules,
  };
  return {
    tool: { driver },
    ...(opts.uriBase !== undefined ? { originalUriBaseIds: { [SRCROOT]: { uri: baseUri(opts.uriBase) } } } : {}),
    columnKind: "unicodeCodePoints",
    ...(invocations ? { invocations } : {}),
    results,
  };
}

function wrap(run: SarifRun): SarifLog {
  return { $schema: SARIF_SCHEMA, version: "2.1.0", runs: [run] };
}

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** A file:// URI ending in "/" for an absolute directory path or a file: URI. */
export function baseUri(base: string): string {
  let uri: string;
  if (/^file:/i.test(base)) uri = base;
  else if (isAbsolute(base)) uri = pathToFileURL(base).href;
  else throw new TypeError(`SARIF uriBase must be an absolute path or a file:// URI, got ${JSON.stringify(base)}`);
  return uri.endsWith("/") ? uri : uri + "/";
}

function relativeLocation(path: string): SarifArtifactLocation {
  return { uri: relativeUri(path), uriBaseId: SRCROOT };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A workspace-relative POSIX path as a relative URI reference: each segment percent-encoded
 * (spaces, %, #, ?, ':' — which would otherwise read as a scheme — and non-ASCII as UTF-8).
 */
export function relativeUri(path: string): string {
  const trimmed = path.replace(/^(?:\.\/|\/)+/, "");
  return trimmed
    .split("/")
    .map((seg) => encodeURIComponent(seg.replace(LONE_SURROGATE, "\ufffd")))
    .join("/");
}

/** A 1-based region; the end never before the start. */
function region(startLine: number, startColumn: number, endLine: number, endColumn: number): SarifRegion {
  const sl = Math.max(1, startLine);
  const sc = Math.max(1, startColumn);
  const el = Math.max(sl, endLine);
  let ec = Math.max(1, endColumn);
  if (el === sl && ec < sc) ec = sc;
  return { startLine: sl, startColumn: sc, endLine: el, endColumn: ec };
}

/** `secret.github.fine-grained-pat` → `SecretGithubFineGrainedPat` (SARIF's rule name: an identifier). */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

/** The text as a sentence: a final period unless it already ends in punctuation. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : t + ".";
}

/** The first sentence of a description, without its final period. */
function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const m = /^(.*?[^.])\.(?:\s|$)/.exec(flat);
  return (m ? m[1]! : flat).replace(/\.$/, "");
}
