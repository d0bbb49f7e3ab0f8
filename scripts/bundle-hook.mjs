#!/usr/bin/env node
// Build step: the hook's whole module graph (dist/cli/hook.js and what it imports) in one
// CommonJS file, dist/cli/hook.bundle.cjs, and a V8 code cache for it, dist/cli/hook.bundle.cache.
// The hook is a new process per tool call, so its latency is Node's start-up plus loading its
// code: one file loads faster than 27 modules, and from the cache V8 need not compile it
// (bench/hook-latency.mjs). src/cli/hook-loader.cts loads the two.
// - Native and lazily required packages (tree-sitter, yaml, ajv, …) stay outside.
// - The bundle sits at the same depth as the modules (dist/cli/), so their paths relative to
//   import.meta.url (../../rules/, ../rules/) still resolve; import.meta.url becomes the
//   bundle's own file URL.
// - shell/parser-ready.js (a top-level await, which CommonJS cannot hold) becomes an empty
//   module; the hook awaits loadParser() itself.
// - The cache is made after a warm-up (hook.js warmUp()) so it holds the functions a hook
//   process runs, and starts with the bundle's build id, which the loader checks.
// Without esbuild (a production install), nothing is bundled and the CLI loads dist/cli/hook.js.
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";

const root = fileURLToPath(new URL("../", import.meta.url));
const outDir = join(root, "dist", "cli");
const outfile = join(outDir, "hook.bundle.cjs");
const cacheFile = join(outDir, "hook.bundle.cache");
for (const stale of [join(outDir, "hook.bundle.js"), outfile, cacheFile]) rmSync(stale, { force: true });

let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  console.error("bundle-hook: esbuild is not installed; the hook runs unbundled (slower start)");
  process.exit(0);
}

const buildId = randomBytes(8).toString("hex");
const META_URL = "__airlock_import_meta_url";
await esbuild.build({
  entryPoints: [join(outDir, "hook.js")],
  outfile,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["tree-sitter", "tree-sitter-bash", "web-tree-sitter", "yaml", "ajv", "ajv-draft-04", "commander", "chalk", "cli-progress"],
  banner: { js: `// airlock hook bundle ${buildId}\nconst ${META_URL} = require("node:url").pathToFileURL(__filename).href;` },
  define: { "import.meta.url": META_URL },
  plugins: [
    {
      name: "parser-ready",
      setup(build) {
        build.onLoad({ filter: /[\\/]shell[\\/]parser-ready\.js$/ }, () => ({ contents: "", loader: "js" }));
      },
    },
  ],
  logLevel: "warning",
  legalComments: "none",
});
if (!readFileSync(outfile, "utf8").startsWith(`// airlock hook bundle ${buildId}\n`)) throw new Error("bundle-hook: the bundle does not start with its build id");

// The code cache, made in this process after a warm-up in an empty home, written atomically.
const { loadHookBundle } = await import(new URL("../dist/cli/hook-loader.cjs", import.meta.url).href);
const home = mkdtempSync(join(tmpdir(), "airlock-warm-"));
try {
  const loaded = loadHookBundle(outDir);
  await loaded.hook.warmUp(home);
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([Buffer.from(`${buildId}\n`, "latin1"), loaded.script.createCachedData()]));
  renameSync(tmp, cacheFile);
} finally {
  rmSync(home, { recursive: true, force: true });
}

// A fresh process must accept it (same Node, same flags); say so if it does not.
const verdict = execFileSync(process.execPath, ["--input-type=module", "-e", `import { loadHookBundle } from ${JSON.stringify(new URL("../dist/cli/hook-loader.cjs", import.meta.url).href)}; process.stdout.write(loadHookBundle(${JSON.stringify(outDir)}).cache)`], { encoding: "utf8" });
if (verdict !== "accepted") console.error(`bundle-hook: a new process did not use the code cache (${verdict}); the hook still works, compiling as it loads`);
if (!existsSync(cacheFile)) throw new Error("bundle-hook: no code cache written");
