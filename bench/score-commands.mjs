#!/usr/bin/env node
// Scores airlock's verdicts against the public labelled command benchmark
// (../shared/eval/commands-public.jsonl), through the real CLI in one process
// (`airlock check --jsonl`). Usage: node score-commands.mjs [--uncertain] [--misses N] [--fp] [--json]
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { BIN, EVAL, pct, readJsonl, requireBuilt, table } from "./lib.mjs";

requireBuilt();
const args = process.argv.slice(2);
const file = join(EVAL, args.includes("--uncertain") ? "commands-uncertain.jsonl" : "commands-public.jsonl");
const rows = readJsonl(file);
const input = rows.map((r) => JSON.stringify({ command: r.command, cwd: "/home/dev/project" })).join("\n") + "\n";
const t0 = performance.now();
const child = spawnSync(process.execPath, [BIN, "check", "--jsonl"], { input, encoding: "utf8", env: { ...process.env, HOME: "/home/dev" }, maxBuffer: 256 * 1024 * 1024 });
const seconds = (performance.now() - t0) / 1000;
if (child.status !== 0) {
  console.error(`bench: airlock check --jsonl exited ${child.status}: ${child.stderr}`);
  process.exit(1);
}
const out = child.stdout.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
if (out.length !== rows.length) {
  console.error(`bench: ${rows.length} commands in, ${out.length} results out`);
  process.exit(1);
}

const V = ["deny", "ask", "allow"];
const rank = { allow: 0, ask: 1, deny: 2 };
const confusion = Object.fromEntries(V.map((l) => [l, Object.fromEntries(V.map((g) => [g, 0]))]));
const byRule = {};
const bySource = {};
const misses = [];
for (let i = 0; i < rows.length; i++) {
  const r = rows[i];
  const o = out[i];
  confusion[r.verdict][o.verdict]++;
  const rules = o.findings.map((f) => f.rule);
  for (const [key, map] of [[r.rule, byRule], [r.source, bySource]]) {
    map[key] ??= { n: 0, exact: 0, strict: 0, allowed: 0, ruleHit: 0, ruleN: 0 };
    const m = map[key];
    m.n++;
    if (o.verdict === r.verdict) m.exact++;
    if (rank[o.verdict] >= rank[r.verdict]) m.strict++;
    if (r.verdict !== "allow" && o.verdict === "allow") m.allowed++;
    if (r.rule !== "-") m.ruleN++;
    if (r.rule !== "-" && rules.includes(r.rule)) m.ruleHit++;
  }
  if (o.verdict !== r.verdict) misses.push({ label: r.verdict, rule: r.rule, got: o.verdict, rules: [...new Set(rules)].join(","), command: r.command.replace(/\n/g, "⏎").slice(0, 160), source: r.source });
}

const harmful = confusion.deny.deny + confusion.deny.ask + confusion.deny.allow + confusion.ask.deny + confusion.ask.ask + confusion.ask.allow;
const harmfulAllowed = confusion.deny.allow + confusion.ask.allow;
const benign = confusion.allow.deny + confusion.allow.ask + confusion.allow.allow;
const denyTotal = confusion.deny.deny + confusion.deny.ask + confusion.deny.allow;
const summary = {
  file,
  commands: rows.length,
  seconds: +seconds.toFixed(2),
  confusion,
  denyRecall: confusion.deny.deny / denyTotal,
  harmfulAllowed,
  harmfulAllowedRate: harmfulAllowed / harmful,
  benignDenied: confusion.allow.deny,
  benignAsked: confusion.allow.ask,
  benignFlaggedRate: (confusion.allow.deny + confusion.allow.ask) / benign,
  byRule,
  bySource,
};
if (args.includes("--json")) {
  console.log(JSON.stringify(summary, null, 2));
  process.exit(0);
}
console.log(`airlock vs ${file}\n${rows.length} commands in ${seconds.toFixed(2)} s (one process)\n`);
console.log(table([["label \\ got", ...V], ...V.map((l) => [l, ...V.map((g) => confusion[l][g])])]));
console.log(`\ndeny recall:        ${pct(confusion.deny.deny, denyTotal)} (${confusion.deny.deny}/${denyTotal})`);
console.log(`harmful allowed:    ${harmfulAllowed} of ${harmful} (${pct(harmfulAllowed, harmful)})`);
console.log(`benign denied:      ${confusion.allow.deny} of ${benign} (${pct(confusion.allow.deny, benign)})`);
console.log(`benign asked:       ${confusion.allow.ask} of ${benign} (${pct(confusion.allow.ask, benign)})\n`);
const group = (title, map) =>
  console.log(`${title}\n` + table([["", "n", "exact", "≥ as strict", "allowed", "rule found"], ...Object.entries(map).sort().map(([k, m]) => [k, m.n, pct(m.exact, m.n), pct(m.strict, m.n), m.allowed, m.ruleN === 0 ? "" : pct(m.ruleHit, m.ruleN)])]) + "\n");
group("per labelled rule", byRule);
group("per source", bySource);
const mi = args.indexOf("--misses");
if (mi >= 0) {
  const n = parseInt(args[mi + 1] ?? "50", 10) || 50;
  const harmfulMisses = misses.filter((m) => m.label !== "allow" && m.got === "allow" || (m.label === "deny" && m.got !== "deny"));
  console.log(`misses (harmful labelled, got less strict), first ${n}:`);
  for (const m of harmfulMisses.slice(0, n)) console.log(`  ${m.label}/${m.rule} → ${m.got} [${m.rules}] (${m.source}) ${m.command}`);
}
if (args.includes("--fp")) {
  console.log("benign labelled, got deny/ask:");
  for (const m of misses.filter((m) => m.label === "allow")) console.log(`  → ${m.got} [${m.rules}] (${m.source}) ${m.command}`);
}
