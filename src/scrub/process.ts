// One file of a walk, judged (and for a scrub, written): by name against the catalog, by
// content against the secret formats. The same function runs in the calling thread for small
// trees and in worker threads for large ones (src/scrub/pool.ts), so both give one answer.

import { chmodSync, closeSync, constants as fsConstants, copyFileSync, fstatSync, lstatSync, openSync, rmSync } from "node:fs";
import { join } from "node:path";
import { loadSecretRules, type SecretRuleSet } from "../catalog/secrets.js";
import { loadSensitiveCatalog, type CatalogMatch, type SensitiveCatalog } from "../catalog/sensitive-files.js";
import { posix } from "node:path";
import { scanFd, writeRedacted, type ByteHit } from "./content.js";
import type { WalkOptions } from "./types.js";
import type { WalkFile } from "./walk.js";

export interface Detectors {
  catalog: SensitiveCatalog;
  secrets: SecretRuleSet;
}

export function loadDetectors(opts: { catalogFile?: string; secretRulesFile?: string } = {}): Detectors {
  return { catalog: loadSensitiveCatalog(opts.catalogFile), secrets: loadSecretRules(opts.secretRulesFile) };
}

/** The catalog entry a workspace path falls under, in the view the options give. */
export function catalogMatch(d: Detectors, rel: string, opts: WalkOptions): CatalogMatch | undefined {
  if (opts.root === undefined) return d.catalog.match(rel, opts.home === undefined ? undefined : { home: opts.home });
  return d.catalog.match(posix.join(opts.root, rel), { home: opts.home });
}

/** What to do with each file: report only, or also write the overlay under `dest`. */
export interface Job {
  mode: "scan" | "scrub";
  /** the overlay being written (scrub) */
  dest?: string;
  view: Pick<WalkOptions, "root" | "home">;
  catalogFile?: string;
  secretRulesFile?: string;
}

export interface FileOutcome {
  /** the file's index in the walk */
  index: number;
  /** the catalog entry the path falls under */
  match?: CatalogMatch;
  /** a NUL in the first block: checked by name only */
  binary: boolean;
  bytes: number;
  hits: ByteHit[];
  /** what the overlay got: nothing (removed, unreadable, or a scan), a copy, or a redacted copy */
  written: "none" | "copied" | "redacted";
  /** why the file could not be checked */
  error?: string;
}

/** Read errors that mean "this file cannot be checked" rather than "the scrub is broken". */
const UNREADABLE = new Set(["EACCES", "EPERM", "EIO", "EISDIR", "ENOENT", "ELOOP", "ENXIO"]);

export function processFile(index: number, f: WalkFile, job: Job, d: Detectors, buf: Buffer): FileOutcome {
  const match = catalogMatch(d, f.rel, job.view);
  const outcome: FileOutcome = { index, binary: false, bytes: 0, hits: [], written: "none" };
  if (match !== undefined) outcome.match = match;
  if (job.mode === "scrub" && match !== undefined) return outcome; // removed: not even read
  const target = job.dest === undefined ? undefined : join(job.dest, f.rel);
  let fd: number | undefined;
  try {
    fd = openSync(f.abs, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
    const c = scanFd(fd, d.secrets, buf);
    outcome.binary = c.binary;
    outcome.bytes = c.bytes;
    outcome.hits = c.hits;
    if (target !== undefined) {
      const mode = f.mode & 0o777; // setuid, setgid and sticky dropped
      if (c.hits.length === 0) {
        // copyFile opens the path again (that is what lets it clone): make sure it is still the
        // file that was scanned — not swapped for a link or rewritten in between.
        const before = fstatSync(fd);
        copyFileSync(f.abs, target, fsConstants.COPYFILE_EXCL | fsConstants.COPYFILE_FICLONE);
        const after = lstatSync(f.abs);
        if (!after.isFile() || after.ino !== before.ino || after.dev !== before.dev || after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
          rmSync(target, { force: true });
          outcome.error = "changed while it was being copied";
          return outcome;
        }
        if ((f.mode & 0o7000) !== 0) chmodSync(target, mode);
        outcome.written = "copied";
      } else {
        writeRedacted(fd, target, c.hits, mode, buf, c.encoding);
        outcome.written = "redacted";
      }
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined || !UNREADABLE.has(code)) throw err;
    // could not be checked, so it is not copied
    if (target !== undefined) rmSync(target, { force: true });
    outcome.hits = [];
    outcome.written = "none";
    outcome.error = `cannot be read (${code})`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return outcome;
}
