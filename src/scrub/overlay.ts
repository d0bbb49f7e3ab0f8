// scrubWorkspace: write the sanitized overlay. The tree minus ignored paths; catalog files
// removed; inline secrets replaced in place by a marker naming the rule (line structure kept);
// symlinks kept only when they stay inside; special and unreadable files left out; setuid and
// setgid bits dropped; and OUT/.airlock-manifest.json saying what was taken out and why —
// never a secret (a salted fingerprint at most).
//
// Atomic: the overlay is built in a temporary sibling of OUT and renamed into place, so after
// any failure or kill OUT is either the finished overlay, absent, or (with --force) the
// previous one. The source tree is only ever opened for reading.

import { createHmac, randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { UserError } from "../core/types.js";
import { runFiles } from "./pool.js";
import { catalogMatch, compareFindings, emptyStats, fileFinding, jobFor, loadDetectors, secretFinding, workspaceDir } from "./scan.js";
import { MANIFEST_NAME, walkWorkspace } from "./walk.js";
import type { Manifest, ManifestEntry, ScanFinding, ScrubOptions, ScrubResult } from "./types.js";

const TEMP_MARK = ".airlock-tmp-";
const OLD_MARK = ".airlock-old-";

/** Where a scrub of `src` into `out` would write, after every check that must pass before anything is written. */
export function checkScrubPaths(src: string, out: string, force = false): { src: string; out: string } {
  const srcAbs = workspaceDir(src, "source");
  const srcReal = realpathSync(srcAbs);
  const outAbs = resolve(out);
  if (basename(outAbs) === "" || outAbs === sep) throw new UserError(`output ${out} cannot be the root directory`);
  // OUT's real location: its parent resolved through links (OUT itself may not exist).
  const parent = realParent(dirname(outAbs));
  const outReal = join(parent, basename(outAbs));
  if (outReal === srcReal) throw new UserError(`output ${out} is the source directory itself; choose a directory outside it`);
  if (outReal.startsWith(srcReal + sep)) throw new UserError(`output ${out} is inside the source ${src}; an overlay inside its source would be copied into itself and could not be mounted apart from it`);
  if (srcReal.startsWith(outReal + sep)) throw new UserError(`source ${src} is inside the output ${out}; replacing the output would delete the source`);
  let st;
  try {
    st = lstatSync(outReal);
  } catch {
    st = undefined;
  }
  if (st !== undefined) {
    if (!force) throw new UserError(`output ${out} already exists; use --force to replace it (only once the new overlay is complete)`);
    if (st.isSymbolicLink() || !st.isDirectory()) throw new UserError(`output ${out} exists and is not a directory; refusing to replace it`);
    const names = readdirSync(outReal);
    if (names.length > 0 && !names.includes(MANIFEST_NAME)) {
      throw new UserError(`output ${out} exists and is not an airlock overlay (no ${MANIFEST_NAME}); refusing to replace it`);
    }
  }
  return { src: srcReal, out: outReal };
}

function realParent(dir: string): string {
  // The nearest existing ancestor, resolved, plus the part that does not exist yet.
  const missing: string[] = [];
  let d = dir;
  for (;;) {
    try {
      return join(realpathSync(d), ...missing.reverse());
    } catch {
      const up = dirname(d);
      if (up === d) return dir;
      missing.push(basename(d));
      d = up;
    }
  }
}

/** Scrub `src` into a new overlay at `out`. */
export async function scrubWorkspace(src: string, out: string, opts: ScrubOptions = {}): Promise<ScrubResult> {
  const started = Date.now();
  const paths = checkScrubPaths(src, out, opts.force);
  const detectors = loadDetectors(opts);
  const parent = dirname(paths.out);
  mkdirSync(parent, { recursive: true });
  removeStaleTemps(parent, basename(paths.out));
  const temp = join(parent, `.${basename(paths.out)}${TEMP_MARK}${process.pid}-${randomBytes(4).toString("hex")}`);
  mkdirSync(temp, { mode: 0o700 });
  try {
    const { manifest, findings } = await writeOverlay(paths.src, temp, opts, detectors, started);
    writeFileSync(join(temp, MANIFEST_NAME), JSON.stringify(manifest, null, 2) + "\n", { mode: 0o644, flag: "wx" });
    chmodSync(temp, 0o755);
    install(temp, paths.out);
    return { out: paths.out, manifest, findings };
  } catch (err) {
    removeTree(temp);
    throw err;
  }
}

/** Move the finished overlay into place; with an existing OUT, swap it out first, then delete it. */
function install(temp: string, out: string): void {
  if (!existsSync(out)) {
    renameSync(temp, out);
    return;
  }
  const old = join(dirname(out), `.${basename(out)}${OLD_MARK}${process.pid}-${randomBytes(4).toString("hex")}`);
  renameSync(out, old);
  renameSync(temp, out);
  removeTree(old);
}

/** Temporary siblings left by a scrub that was killed (its process is gone). */
function removeStaleTemps(parent: string, name: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const n of names) {
    for (const mark of [TEMP_MARK, OLD_MARK]) {
      const prefix = `.${name}${mark}`;
      if (!n.startsWith(prefix)) continue;
      const pid = Number(n.slice(prefix.length).split("-")[0]);
      if (Number.isInteger(pid) && pid > 0 && !alive(pid)) removeTree(join(parent, n));
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** rm -rf that also gets through directories whose mode forbids writing (kept from the source). */
export function removeTree(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    makeWritable(path);
    rmSync(path, { recursive: true, force: true });
  }
}

function makeWritable(path: string): void {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return;
  }
  if (!st.isDirectory()) return;
  try {
    chmodSync(path, 0o700);
  } catch {
    return;
  }
  for (const n of readdirSync(path)) makeWritable(join(path, n));
}

async function writeOverlay(src: string, dest: string, opts: ScrubOptions, detectors: ReturnType<typeof loadDetectors>, started: number): Promise<{ manifest: Manifest; findings: ScanFinding[] }> {
  const walk = walkWorkspace(src, opts);
  const stats = emptyStats();
  stats.directories = walk.dirs.length;
  stats.ignored = walk.ignored.length;
  const salt = randomBytes(8).toString("hex");
  const fingerprint = (secret: string): string => createHmac("sha256", salt).update(secret, "latin1").digest("hex").slice(0, 12);
  const entries: ManifestEntry[] = [];
  const summary = { copied: 0, removed: 0, redacted: 0, skipped: 0, dropped: 0, ignored: walk.ignored.length, symlinks: 0 };
  const findings: ScanFinding[] = [];

  for (const d of walk.dirs) mkdirSync(join(dest, d.rel), { mode: 0o700 });

  for (const s of walk.skipped) {
    const action = s.reason === "symlink-escape" ? "dropped" : "skipped";
    entries.push({ path: s.path, action, rules: [], reason: s.detail });
    summary[action]++;
  }
  for (const link of walk.links) {
    stats.symlinks++;
    const m = catalogMatch(detectors, link.rel, opts);
    if (m !== undefined) {
      entries.push({ path: link.rel, action: "removed", rules: [m.id], reason: `symlink named like ${m.description}` });
      findings.push(fileFinding(link.rel, m));
      summary.removed++;
      continue;
    }
    symlinkSync(link.target, join(dest, link.rel));
    summary.symlinks++;
  }
  stats.symlinks += walk.skipped.filter((s) => s.reason === "symlink-escape").length;

  const outcomes = await runFiles(walk.files, jobFor("scrub", opts, dest), opts);
  for (const o of outcomes) {
    const f = walk.files[o.index]!;
    stats.files++;
    stats.bytes += f.size;
    if (o.match !== undefined) {
      entries.push({ path: f.rel, action: "removed", rules: [o.match.id], reason: o.match.description });
      findings.push(fileFinding(f.rel, o.match));
      summary.removed++;
      continue;
    }
    if (o.error !== undefined) {
      entries.push({ path: f.rel, action: "skipped", rules: [], reason: o.error });
      summary.skipped++;
      continue;
    }
    if (o.binary) stats.binary++;
    else stats.scanned++;
    if (o.written === "copied") {
      summary.copied++;
      continue;
    }
    const rules = [...new Set(o.hits.map((h) => h.rule))];
    entries.push({
      path: f.rel,
      action: "redacted",
      rules,
      reason: `${o.hits.length} inline secret${o.hits.length === 1 ? "" : "s"} replaced by [REDACTED:<rule>] markers`,
      secrets: o.hits.map((h) => ({ rule: h.rule, line: h.line, column: h.column, lines: h.lines, fingerprint: fingerprint(h.secret) })),
    });
    for (const h of o.hits) findings.push(secretFinding(f.rel, h));
    summary.redacted++;
  }

  // Directory modes last (deepest first), so a read-only source directory is filled before it is closed.
  for (let i = walk.dirs.length - 1; i >= 0; i--) {
    const d = walk.dirs[i]!;
    if ((d.mode & 0o777) !== 0o700) chmodSync(join(dest, d.rel), d.mode & 0o777);
  }

  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  findings.sort(compareFindings);
  stats.ms = Date.now() - started;
  const manifest: Manifest = {
    tool: "airlock",
    version: 1,
    created: new Date().toISOString(),
    source: src,
    salt,
    options: { noIgnore: Boolean(opts.noIgnore), includeGit: Boolean(opts.includeGit) },
    entries,
    summary,
    stats,
  };
  return { manifest, findings };
}
