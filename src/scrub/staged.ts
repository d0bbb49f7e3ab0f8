// scanStaged: what a commit would record — the blobs staged in the git index, not the working
// tree (a secret that is staged and then deleted from the file on disk is still committed).
// For pre-commit: `airlock scan --staged`. `.airlockignore` files of the working tree apply
// (they are how a project excludes its test fixtures); `.gitignore` does not — a staged file is
// committed whether or not it matches one.

import { spawnSync } from "node:child_process";
import { relative, resolve } from "node:path";
import { UserError } from "../core/types.js";
import { scanBuffer } from "./content.js";
import { IgnoreStack } from "./ignore.js";
import { applyBaseline, catalogMatch, compareFindings, emptyStats, fileFinding, loadDetectors, secretFinding, workspaceDir } from "./scan.js";
import { CHUNK } from "./content.js";
import { toPosix } from "./walk.js";
import type { ScanFinding, ScanOptions, ScanResult } from "./types.js";

interface StagedBlob {
  path: string;
  mode: string;
  sha: string;
}

/** Read blobs in batches of about this many bytes. */
const BATCH_BYTES = 32 * 1024 * 1024;

/** Scan the changes staged in the repository containing `dir` (limited to paths under `dir`). Paths are repository-relative. */
export async function scanStaged(dir: string, opts: ScanOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  const abs = workspaceDir(dir);
  const top = git(abs, ["rev-parse", "--show-toplevel"], `${dir} is not inside a git repository (scan --staged reads the git index)`).toString("utf8").replace(/\n$/, "");
  const scope = toPosix(relative(top, abs)) || ".";
  // `:(top).` matches nothing in git 2.39; `:(top)` alone is the whole repository
  const pathspec = scope === "." ? ":(top)" : `:(top)${scope}`;
  const raw = git(top, ["diff", "--cached", "--raw", "-z", "--no-renames", "--full-index", "--diff-filter=ACMRT", "--", pathspec], "cannot list the staged changes");
  const blobs = parseRaw(raw);
  const detectors = loadDetectors(opts);
  const ignore = opts.noIgnore ? undefined : new IgnoreStack(top, [], [".airlockignore"]);
  const stats = emptyStats();
  const findings: ScanFinding[] = [];
  const buf = Buffer.allocUnsafe(CHUNK);
  const wanted: StagedBlob[] = [];
  for (const b of blobs) {
    if (ignore !== undefined && ignoredPath(ignore, b.path)) {
      stats.ignored++;
      continue;
    }
    const m = catalogMatch(detectors, b.path, opts);
    if (m !== undefined) findings.push(fileFinding(b.path, m));
    if (b.mode === "160000") continue; // a submodule: its own repository
    stats.files++;
    if (b.mode === "120000") {
      stats.symlinks++;
      continue;
    }
    wanted.push(b);
  }
  const sizes = blobSizes(top, wanted.map((b) => b.sha));
  let batch: StagedBlob[] = [];
  let batchBytes = 0;
  const flush = (): void => {
    if (batch.length === 0) return;
    const contents = readBlobs(top, batch.map((b) => b.sha));
    batch.forEach((b, i) => {
      const data = contents[i]!;
      stats.bytes += data.length;
      const c = scanBuffer(data, detectors.secrets, buf);
      if (c.binary) stats.binary++;
      else stats.scanned++;
      for (const h of c.hits) findings.push(secretFinding(b.path, h));
    });
    batch = [];
    batchBytes = 0;
  };
  for (const b of wanted) {
    const size = sizes.get(b.sha) ?? 0;
    if (batchBytes > 0 && batchBytes + size > BATCH_BYTES) flush();
    batch.push(b);
    batchBytes += size;
    opts.onProgress?.({ total: wanted.length, done: stats.scanned + stats.binary, bytes: stats.bytes });
  }
  flush();
  findings.sort(compareFindings);
  const { kept, baselined } = applyBaseline(findings, opts.baseline);
  stats.ms = Date.now() - started;
  return { root: top, findings: kept, baselined, skipped: [], stats };
}

function ignoredPath(stack: IgnoreStack, path: string): boolean {
  // a path is ignored when it or one of its directories is (directories first, as a walk would)
  const parts = path.split("/");
  for (let i = 1; i < parts.length; i++) if (stack.decide(parts.slice(0, i).join("/"), true).ignored) return true;
  return stack.decide(path, false).ignored;
}

/** `git diff --raw -z`: ":<old mode> <new mode> <old sha> <new sha> <status>\0<path>\0" per entry. */
function parseRaw(raw: Buffer): StagedBlob[] {
  const parts = raw.toString("utf8").split("\0");
  const out: StagedBlob[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const meta = parts[i]!.replace(/^\n?:/, "").split(" ");
    const path = parts[i + 1]!;
    const [, mode, , sha] = meta;
    if (mode === undefined || sha === undefined || /^0+$/.test(sha)) continue;
    out.push({ path, mode, sha });
  }
  return out;
}

function blobSizes(top: string, shas: string[]): Map<string, number> {
  const sizes = new Map<string, number>();
  if (shas.length === 0) return sizes;
  const out = git(top, ["cat-file", "--batch-check=%(objectname) %(objectsize)"], "cannot read the index", shas.join("\n") + "\n");
  for (const line of out.toString("utf8").split("\n")) {
    const [sha, size] = line.split(" ");
    if (sha && size) sizes.set(sha, Number(size));
  }
  return sizes;
}

function readBlobs(top: string, shas: string[]): Buffer[] {
  const out = git(top, ["cat-file", "--batch"], "cannot read staged blobs", shas.join("\n") + "\n");
  const blobs: Buffer[] = [];
  let pos = 0;
  for (let i = 0; i < shas.length; i++) {
    const nl = out.indexOf(10, pos);
    const header = out.toString("utf8", pos, nl).split(" ");
    if (header[1] === "missing" || nl === -1) throw new Error(`git cat-file: blob ${shas[i]} is missing`);
    const size = Number(header[2]);
    blobs.push(out.subarray(nl + 1, nl + 1 + size));
    pos = nl + 1 + size + 1;
  }
  return blobs;
}

function git(cwd: string, args: string[], failure: string, input?: string): Buffer {
  // The environment is inherited on purpose: a hook run by `git commit -a` or `git commit FILE`
  // gets GIT_INDEX_FILE pointing at the index that commit will record.
  const r = spawnSync("git", ["--no-optional-locks", ...args], { cwd: resolve(cwd), input, maxBuffer: 1024 * 1024 * 1024 });
  if (r.error !== undefined) throw new UserError(`${failure}: git cannot be run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`);
  if (r.status !== 0) throw new UserError(`${failure}${r.stderr.length > 0 ? `: ${r.stderr.toString("utf8").trim().split("\n")[0]}` : ""}`);
  return r.stdout;
}
