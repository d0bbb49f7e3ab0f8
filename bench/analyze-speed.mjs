#!/usr/bin/env node
// In-process analysis time over the project's own fixtures (fixtures/commands/*.yaml):
// median and p99 per call, and the slowest commands. Target: median ≤ 50 µs.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { ROOT, quantile, requireBuilt } from "./lib.mjs";

requireBuilt();
const { parse } = createRequire(join(ROOT, "package.json"))("yaml");
const { analyzeCommand } = await import(join(ROOT, "dist/index.js"));
const dir = join(ROOT, "fixtures/commands");
const cmds = readdirSync(dir).filter((f) => f.endsWith(".yaml")).flatMap((f) => parse(readFileSync(join(dir, f), "utf8")).map((c) => c.command));
const opts = { cwd: "/home/dev/project", home: "/home/dev" };
for (let i = 0; i < 3; i++) for (const c of cmds) analyzeCommand(c, opts); // warm-up
const rounds = 10;
const per = new Map();
const all = [];
for (let r = 0; r < rounds; r++) {
  for (const c of cmds) {
    const t = process.hrtime.bigint();
    analyzeCommand(c, opts);
    const us = Number(process.hrtime.bigint() - t) / 1000;
    all.push(us);
    per.set(c, Math.min(per.get(c) ?? Infinity, us));
  }
}
all.sort((a, b) => a - b);
console.log(`${cmds.length} fixture commands × ${rounds} rounds, in process`);
console.log(`median ${quantile(all, 0.5).toFixed(1)} µs   p90 ${quantile(all, 0.9).toFixed(1)} µs   p99 ${quantile(all, 0.99).toFixed(1)} µs   (target: median ≤ 50 µs)`);
console.log("slowest (best of rounds):");
for (const [c, us] of [...per].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${us.toFixed(0).padStart(6)} µs  ${c.replace(/\n/g, "⏎").slice(0, 100)}`);
