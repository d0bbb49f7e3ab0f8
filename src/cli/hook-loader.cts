// Loads the hook's one-file bundle (dist/cli/hook.bundle.cjs, made by scripts/bundle-hook.mjs)
// with the V8 code cache the build saved for it (hook.bundle.cache): the hook is a new process
// for every tool call, and compiling ~270 KB of JavaScript was a fifth of its own time.
// CommonJS because Node 20 takes a code cache only for scripts (vm.Script), not for ES modules,
// and because the `airlock` executable (airlock.cts) loads it without the ES module loader.
// The cache is used only when its first line names the bundle's build id (first line of the
// bundle): V8 itself checks the Node version and flags, but of the source only its length.
import fs = require("node:fs");
import nodeModule = require("node:module");
import path = require("node:path");
import vm = require("node:vm");

interface HookBundle {
  runHookCli(): Promise<void>;
  warmUp(home: string): Promise<void>;
}

interface LoadedHookBundle {
  hook: HookBundle;
  script: vm.Script;
  /** What became of the code cache: used, refused by V8 (another Node or flags), or none for this build. */
  cache: "accepted" | "rejected" | "absent";
  buildId: string;
}

const BUNDLE_FILE = "hook.bundle.cjs";
const CACHE_FILE = "hook.bundle.cache";
const BUILD_ID = /^\/\/ airlock hook bundle ([0-9a-f]+)\n/;
const WRAPPER = "(function (exports, require, module, __filename, __dirname) {";

/** The bundle, run; undefined when the build made none (no esbuild at build time). */
function loadHookBundle(dir: string = __dirname): LoadedHookBundle | undefined {
  const file = path.join(dir, BUNDLE_FILE);
  let source: string;
  try {
    source = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  const buildId = BUILD_ID.exec(source)?.[1] ?? "";
  let cachedData: Buffer | undefined;
  try {
    const raw = fs.readFileSync(path.join(dir, CACHE_FILE));
    const header = Buffer.from(`${buildId}\n`, "latin1");
    if (buildId !== "" && raw.subarray(0, header.length).equals(header)) cachedData = raw.subarray(header.length);
  } catch {
    // no cache for this build: V8 compiles, as for any script
  }
  const script = new vm.Script(`${WRAPPER}${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const wrapperModule = { exports: {} as HookBundle };
  (script.runInThisContext() as (...args: unknown[]) => void)(wrapperModule.exports, nodeModule.createRequire(file), wrapperModule, file, dir);
  const cache = cachedData === undefined ? "absent" : script.cachedDataRejected === true ? "rejected" : "accepted";
  return { hook: wrapperModule.exports, script, cache, buildId };
}

/** The hook's last resort when its own code cannot load: a hook that exits non-zero without an
 *  answer lets the tool call through, so it answers "ask" and exits 0. */
function hookLoadFailed(err: unknown): void {
  const reason = `airlock could not check this tool call (it failed to load: ${err instanceof Error ? err.message : String(err)}), so it is not allowed without confirmation. Do not look for a workaround; tell the user.`;
  process.stdout.write(JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "ask", permissionDecisionReason: reason } }) + "\n");
  process.exitCode = 0;
}

export = { loadHookBundle, hookLoadFailed, BUNDLE_FILE, CACHE_FILE };
