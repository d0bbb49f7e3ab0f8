// scanWorkspace: walk a tree and report what the overlay would take out — credential files by
// name (the sensitive-file catalog) and inline secrets by content (the secret formats).
// Reads only; writes nothing.

import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { previewSecret } from "../catalog/secrets.js";
import type { CatalogMatch } from "../catalog/sensitive-files.js";
import { UserError } from "../core/types.js";
import type { ByteHit } from "./content.js";
import { runFiles } from "./pool.js";
import { catalogMatch, loadDetectors, type Job } from "./process.js";
import { walkWorkspace } from "./walk.js";
import type { ScanFinding, ScanOptions, ScanResult, ScanStats } from "./types.js";

export { catalogMatch, loadDetectors, type Detectors } from "./process.js";

/** 16 hex digits of SHA-256 over the rule, the path and the secret (file findings: rule and path). */
export function findingFingerprint(rule: string, path: string, secret = ""): string {
  return createHash("sha256").update(`airlock-finding\0${rule}\0${path}\0${secret}`, "latin1").digest("hex").slice(0, 16);
}

export function fileFinding(rel: string, m: CatalogMatch): ScanFinding {
  return { rule: m.id, kind: "file", path: rel, line: 1, column: 1, endLine: 1, endColumn: 1, preview: "", message: m.description, fingerprint: findingFingerprint(m.id, rel) };
}

export function secretFinding(rel: string, h: ByteHit): ScanFinding {
  const secret = Buffer.from(h.secret, "latin1").toString("utf8");
  return {
    rule: h.rule,
    kind: "secret",
    path: rel,
    line: h.line,
    column: h.column,
    endLine: h.endLine,
    endColumn: h.endColumn,
    preview: previewSecret(secret),
    message: h.description,
    fingerprint: findingFingerprint(h.rule, rel, h.secret),
  };
}

export function emptyStats(): ScanStats {
  return { files: 0, bytes: 0, scanned: 0, binary: 0, ignored: 0, directories: 0, symlinks: 0, ms: 0 };
}

/** The per-file job of a scan or a scrub, from the options. */
export function jobFor(mode: Job["mode"], opts: ScanOptions, dest?: string): Job {
  const job: Job = { mode, view: {} };
  if (dest !== undefined) job.dest = dest;
  if (opts.root !== undefined) job.view.root = opts.root;
  if (opts.home !== undefined) job.view.home = opts.home;
  if (opts.catalogFile !== undefined) job.catalogFile = opts.catalogFile;
  if (opts.secretRulesFile !== undefined) job.secretRulesFile = opts.secretRulesFile;
  return job;
}

/** Resolve and check a directory argument: absolute, existing, a directory. */
export function workspaceDir(dir: string, what = "directory"): string {
  const abs = resolve(dir);
  let st;
  try {
    st = statSync(abs);
  } catch (err) {
    throw new UserError(`${what} ${dir} does not exist (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (!st.isDirectory()) throw new UserError(`${what} ${dir} is not a directory`);
  return abs;
}

/** Drop findings a baseline already knows (same rule, path and fingerprint). */
export function applyBaseline(findings: ScanFinding[], baseline: ScanOptions["baseline"]): { kept: ScanFinding[]; baselined: number } {
  if (baseline === undefined || baseline.length === 0) return { kept: findings, baselined: 0 };
  const known = new Set(baseline.map((b) => `${b.rule}\0${b.path}\0${b.fingerprint}`));
  const kept = findings.filter((f) => !known.has(`${f.rule}\0${f.path}\0${f.fingerprint}`));
  return { kept, baselined: findings.length - kept.length };
}

/**
 * Scan a workspace: every file the walk keeps is checked by name against the catalog and, if it
 * is text, by content against the secret formats. Findings are sorted by path, line, column.
 */
export async function scanWorkspace(dir: string, opts: ScanOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  const root = workspaceDir(dir);
  const detectors = loadDetectors(opts);
  const walk = walkWorkspace(root, opts);
  const stats = emptyStats();
  stats.directories = walk.dirs.length;
  stats.symlinks = walk.links.length + walk.skipped.filter((s) => s.reason === "symlink-escape").length;
  stats.ignored = walk.ignored.length;
  const findings: ScanFinding[] = [];
  const skipped = [...walk.skipped];
  for (const link of walk.links) {
    const m = catalogMatch(detectors, link.rel, opts);
    if (m !== undefined) findings.push(fileFinding(link.rel, m));
  }
  const outcomes = await runFiles(walk.files, jobFor("scan", opts), opts);
  for (const o of outcomes) {
    const f = walk.files[o.index]!;
    stats.files++;
    stats.bytes += f.size;
    if (o.match !== undefined) findings.push(fileFinding(f.rel, o.match));
    if (o.error !== undefined) skipped.push({ path: f.rel, reason: "unreadable", detail: o.error });
    else if (o.binary) stats.binary++;
    else stats.scanned++;
    for (const h of o.hits) findings.push(secretFinding(f.rel, h));
  }
  findings.sort(compareFindings);
  const { kept, baselined } = applyBaseline(findings, opts.baseline);
  stats.ms = Date.now() - started;
  return { root: walk.root, findings: kept, baselined, skipped, stats };
}

export function compareFindings(a: ScanFinding, b: ScanFinding): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
