// Running processFile over a walk's files: in this thread for small trees, across worker
// threads for large ones (content scanning is CPU-bound; copies overlap with it). Outcomes come
// back indexed, so the result does not depend on which thread did what.

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { CHUNK } from "./content.js";
import { loadDetectors, processFile, type FileOutcome, type Job } from "./process.js";
import type { Progress } from "./types.js";
import type { WalkFile } from "./walk.js";

export interface BatchRequest {
  id: number;
  files: { index: number; file: WalkFile }[];
}
export type BatchReply = { id: number; outcomes: FileOutcome[]; error?: undefined } | { id: number; error: string; outcomes?: undefined };

/** Below these, threads cost more than they save (a worker takes ~50 ms to load the rules). */
const MIN_FILES_FOR_THREADS = 2000;
const MIN_BYTES_FOR_THREADS = 64 * 1024 * 1024;
/** A batch: this many files, or this many bytes, whichever comes first. */
const BATCH_FILES = 64;
const BATCH_BYTES = 8 * 1024 * 1024;

export interface RunOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** worker threads to use; 0 = this thread; default: by the tree's size and the machine's cores */
  threads?: number;
}

export async function runFiles(files: readonly WalkFile[], job: Job, opts: RunOptions = {}): Promise<FileOutcome[]> {
  const bytes = files.reduce((n, f) => n + f.size, 0);
  const threads = opts.threads ?? (files.length >= MIN_FILES_FOR_THREADS || bytes >= MIN_BYTES_FOR_THREADS ? Math.min(4, availableParallelism()) : 0);
  return threads <= 1 ? runHere(files, job, opts) : runThreads(files, job, threads, opts);
}

async function runHere(files: readonly WalkFile[], job: Job, opts: RunOptions): Promise<FileOutcome[]> {
  const detectors = loadDetectors(job);
  const buf = sharedBuffer();
  const out: FileOutcome[] = [];
  let bytes = 0;
  let last = Date.now();
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    out.push(processFile(i, f, job, detectors, buf));
    bytes += f.size;
    if (Date.now() - last >= 40) {
      // let the event loop run: progress bars, signals
      opts.onProgress?.({ total: files.length, done: i + 1, bytes });
      await new Promise((r) => setImmediate(r));
      opts.signal?.throwIfAborted();
      last = Date.now();
    }
  }
  opts.onProgress?.({ total: files.length, done: files.length, bytes });
  return out;
}

/** The process's Node options minus those that only make sense for its own entry (`node -e`, `--input-type`). */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-e" || a === "--eval" || a === "-p" || a === "--print" || a === "--input-type") {
      i++; // and its value
      continue;
    }
    if (a.startsWith("--input-type=") || a.startsWith("--eval=") || a.startsWith("--print=")) continue;
    out.push(a);
  }
  return out;
}

let buffer: Buffer | undefined;
function sharedBuffer(): Buffer {
  return (buffer ??= Buffer.allocUnsafe(CHUNK));
}

function runThreads(files: readonly WalkFile[], job: Job, threads: number, opts: RunOptions): Promise<FileOutcome[]> {
  const batches: BatchRequest[] = [];
  let current: BatchRequest = { id: 0, files: [] };
  let currentBytes = 0;
  files.forEach((file, index) => {
    current.files.push({ index, file });
    currentBytes += file.size;
    if (current.files.length >= BATCH_FILES || currentBytes >= BATCH_BYTES) {
      batches.push(current);
      current = { id: batches.length, files: [] };
      currentBytes = 0;
    }
  });
  if (current.files.length > 0) batches.push(current);

  const out = new Array<FileOutcome>(files.length);
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let finished = 0;
    let done = 0;
    let bytes = 0;
    let settled = false;
    const stop = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener("abort", onAbort);
      // terminate() is asynchronous: wait for the threads to be gone, so a caller that removes
      // the overlay next does not race a thread still writing into it
      void Promise.all(workers.map((w) => w.terminate())).then(() => (err === undefined ? resolve(out) : reject(err)));
    };
    const onAbort = (): void => stop(opts.signal?.reason ?? new Error("aborted"));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    const feed = (w: Worker): void => {
      const b = batches[next++];
      if (b !== undefined) w.postMessage(b);
    };
    for (let t = 0; t < Math.min(threads, batches.length); t++) {
      const w = new Worker(new URL("./worker.js", import.meta.url), { workerData: job, execArgv: workerExecArgv() });
      workers.push(w);
      w.on("message", (reply: BatchReply) => {
        if (settled) return;
        if (reply.error !== undefined) return stop(new Error(`scrub worker: ${reply.error}`));
        for (const o of reply.outcomes) {
          out[o.index] = o;
          bytes += files[o.index]!.size;
        }
        done += reply.outcomes.length;
        opts.onProgress?.({ total: files.length, done, bytes });
        if (++finished === batches.length) return stop();
        feed(w);
      });
      w.on("error", (err) => stop(err));
      w.on("exit", (code) => {
        if (!settled && code !== 0) stop(new Error(`scrub worker exited with code ${code}`));
      });
      feed(w);
    }
    if (batches.length === 0) stop();
  });
}
