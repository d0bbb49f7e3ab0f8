#!/usr/bin/env node
// The README's demo: judge the bundled agent commands, then scrub the bundled workspace.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const bin = join(root, "dist/cli/airlock.cjs");
const run = (args) => spawnSync(process.execPath, [bin, ...args], { stdio: "inherit", cwd: root }).status;

console.log("== airlock check: the commands in fixtures/demo/ ==\n");
const demo = join(root, "fixtures/demo");
for (const f of readdirSync(demo).filter((f) => f.endsWith(".sh")).sort()) {
  const cmd = readFileSync(join(demo, f), "utf8").replace(/^#.*\n/gm, "").trim();
  console.log(`$ ${cmd.split("\n").join("\n  ")}`);
  run(["check", "--cwd", "/home/dev/project", "--", cmd]);
  console.log();
}

const ws = join(root, "fixtures/demo-workspace");
if (existsSync(ws)) {
  const out = join(mkdtempSync(join(tmpdir(), "airlock-demo-")), "overlay");
  console.log(`== airlock scrub fixtures/demo-workspace ${out} ==\n`);
  const code = run(["scrub", ws, out]);
  if (code === 0 || code === 1) console.log(`\nThe overlay is at ${out}; what was taken out is listed in ${join(out, ".airlock-manifest.json")}.`);
  process.exitCode = code === 0 || code === 1 ? 0 : code ?? 1;
}
