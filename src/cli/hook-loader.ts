// Loads the hook's one-file bundle (dist/cli/hook.bundle.cjs, made by scripts/bundle-hook.mjs)
// with the V8 code cache the build saved for it (hook.bundle.cache): the hook is a new process
// for every tool call, and compiling ~270 KB of JavaScript was a fifth of its own time.
// CommonJS because Node 20 takes a code cache only for scripts (vm.Script), not for ES modules.
// The cache is used only when its first line names the bundle's build id (first line of the
// bundle): V8 itself checks the Node version and flags, but of the source only its length.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

export interface HookBundle {
  runHookCli(): Promise<void>;
  warmUp(home: string): Promise<void>;
}

export interface LoadedHookBundle {
  hook: HookBundle;
  script: vm.Script;
  /** What became of the code cache: used, refused by V8 (another Node or flags), or none for this build. */
  cache: "accepted" | "rejected" | "absent";
  buildId: string;
}

export const BUNDLE_FILE = "hook.bundle.cjs";
export const CACHE_FILE = "hook.bundle.cache";
const BUILD_ID = /^\/\/ airlock hook bundle ([0-9a-f]+)\n/;
const WRAPPER = "(function (exports, require, module, __filename, __dirname) {";

/** The bundle, run; undefined when the build made none (no esbuild at build time). */
export function loadHookBundle(dir = dirname(fileURLToPath(import.meta.url))): LoadedHookBundle | undefined {
  const file = join(dir, BUNDLE_FILE);
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  const buildId = BUILD_ID.exec(source)?.[1] ?? "";
  let cachedData: Buffer | undefined;
  try {
    const raw = readFileSync(join(dir, CACHE_FILE));
    const header = Buffer.from(`${buildId}\n`, "latin1");
    if (buildId !== "" && raw.subarray(0, header.length).equals(header)) cachedData = raw.subarray(header.length);
  } catch {
    // no cache for this build: V8 compiles, as for any script
  }
  const script = new vm.Script(`${WRAPPER}${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as HookBundle };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dir);
  const cache = cachedData === undefined ? "absent" : script.cachedDataRejected === true ? "rejected" : "accepted";
  return { hook: module.exports, script, cache, buildId };
}
