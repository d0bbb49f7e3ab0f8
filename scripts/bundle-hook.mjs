#!/usr/bin/env node
// Build step: the hook's whole module graph (dist/cli/hook.js and what it imports) in one file,
// dist/cli/hook.bundle.js. The hook is a new process per tool call, so its latency is Node's
// start-up plus module loading: one file of ~300 KB loads ~30 ms faster than 27 modules (bench/
// hook-latency.mjs). Native and lazily required packages (tree-sitter, yaml, ajv) stay outside.
// The bundle sits at the same depth as the modules (dist/cli/), so their paths relative to
// import.meta.url (../../rules/, ../rules/) still resolve. Without esbuild (a production
// install), nothing is bundled and the CLI loads dist/cli/hook.js as before.
import { existsSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const outfile = `${root}dist/cli/hook.bundle.js`;
let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  if (existsSync(outfile)) rmSync(outfile); // never leave a stale bundle behind
  console.error("bundle-hook: esbuild is not installed; the hook runs unbundled (slower start)");
  process.exit(0);
}
await esbuild.build({
  entryPoints: [`${root}dist/cli/hook.js`],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["tree-sitter", "tree-sitter-bash", "web-tree-sitter", "yaml", "ajv", "ajv-draft-04", "commander", "chalk", "cli-progress"],
  logLevel: "warning",
  legalComments: "none",
});
