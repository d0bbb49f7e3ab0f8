// A worker thread of the scan/scrub pool: loads the detectors once, then judges (and writes)
// the batches of files the pool sends, answering with their outcomes.
import { parentPort, workerData } from "node:worker_threads";
import { CHUNK } from "./content.js";
import { loadDetectors, processFile, type Job } from "./process.js";
import type { BatchReply, BatchRequest } from "./pool.js";

const job = workerData as Job;
const detectors = loadDetectors(job);
const buf = Buffer.allocUnsafe(CHUNK);

parentPort!.on("message", (msg: BatchRequest) => {
  let reply: BatchReply;
  try {
    reply = { id: msg.id, outcomes: msg.files.map(({ index, file }) => processFile(index, file, job, detectors, buf)) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    reply = { id: msg.id, error: `${e.code ? e.code + ": " : ""}${e.message}` };
  }
  parentPort!.postMessage(reply);
});
