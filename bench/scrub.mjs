#!/usr/bin/env node
// Workspace scrubber speed on a generated tree (bench/scrub-tree.mjs: ≥ 20,000 files, ≥ 200 MiB,
// text and binary, ~200 planted fake secrets), against baselines measured in the same run:
//   `cp -a TREE OUT`  vs  `airlock scrub TREE OUT`   (whole commands)   target scrub ≤ 1.5× cp -a
//   `airlock scan TREE --format json`: MiB/s over the bytes the scan reports   target ≥ 100 MiB/s
//   peak RSS of a scan and a scrub (the library in a child node, and the CLI)   target < 300 MiB
//   `secretlint "**/*"` on the same tree with the same .gitignore (bench/node_modules only)
// One warm-up pass of each command, then --runs rounds, the commands' order rotating each round;
// each run writes a fresh output folder (all deleted at the end) and `sync` runs before each
// command, untimed. Ends with cheap correctness
// checks: no planted secret and no credential file in the overlay, scan findings vs planted.
// Usage: node scrub.mjs [--files N] [--mb M] [--seed S] [--runs R] [--dir D] [--keep]
//                       [--no-secretlint] [--secretlint-runs N] [--secretlint-timeout SEC] [--json]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { BENCH, BIN, ROOT, quantile, requireBuilt, table } from "./lib.mjs";
import { planTree, writeTree } from "./scrub-tree.mjs";

const MiB = 1024 * 1024;
const mib = (b) => `${(b / MiB).toFixed(1)} MiB`;
const TARGET = { scrubVsCp: 1.5, scanMiBs: 100, rssMiB: 300 };

// ---------------------------------------------------------------- arguments

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const opt = (name, def) => {
  const i = args.indexOf(name);
  if (i < 0) return def;
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) {
    console.error(`bench: ${name} needs a value`);
    process.exit(2);
  }
  return v;
};
const num = (name, def) => {
  const v = Number(opt(name, def));
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`bench: ${name} must be a positive number`);
    process.exit(2);
  }
  return v;
};
const FILES = Math.round(num("--files", 20000));
const MB = num("--mb", 200);
const SEED = Math.round(num("--seed", 1));
const RUNS = Math.round(num("--runs", 5));
const JSON_OUT = flag("--json");
const KEEP = flag("--keep");
const SECRETLINT = !flag("--no-secretlint");
const SL_RUNS = Math.round(num("--secretlint-runs", 3));
const SL_TIMEOUT = num("--secretlint-timeout", 900) * 1000;
const DIR = opt("--dir", undefined);

requireBuilt();
const log = (...a) => console.error(...a);

// ---------------------------------------------------------------- the tree

const WORK = mkdtempSync(join(tmpdir(), "airlock-bench-scrub-"));
let tree;
let metaFile;
if (DIR) {
  tree = resolve(DIR);
  metaFile = `${tree.replace(/\/+$/, "")}.bench.json`;
} else {
  tree = join(WORK, "tree");
  metaFile = join(WORK, "tree.bench.json");
}
let meta;
let genSeconds = 0;
if (existsSync(metaFile) && existsSync(tree)) {
  meta = JSON.parse(readFileSync(metaFile, "utf8"));
  log(`bench: reusing ${tree} (generated with --files ${meta.params.files} --mb ${meta.params.mb} --seed ${meta.params.seed})`);
} else {
  if (existsSync(tree) && readdirSync(tree).length) {
    console.error(`bench: ${tree} exists and is not a tree this bench generated (no ${metaFile})`);
    process.exit(2);
  }
  log(`bench: generating ${FILES} files, ${MB} MiB under ${tree} …`);
  const t0 = performance.now();
  mkdirSync(tree, { recursive: true });
  meta = writeTree(tree, planTree({ files: FILES, mb: MB, seed: SEED }));
  writeFileSync(metaFile, JSON.stringify(meta));
  genSeconds = (performance.now() - t0) / 1000;
}
const T = meta.totals;

let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  log("bench: removing the outputs …");
  const keepTree = KEEP && !DIR;
  for (const name of readdirSync(WORK)) {
    if (keepTree && (name === "tree" || name === "tree.bench.json")) continue;
    rmSync(join(WORK, name), { recursive: true, force: true });
  }
  if (!keepTree) rmSync(WORK, { recursive: true, force: true });
}
process.on("exit", cleanup);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

// ---------------------------------------------------------------- commands

// Every run writes a fresh output folder and none is deleted before the end: on this kind of disk
// (ext4 mounted with `discard`) deleting 200 MiB keeps the device busy for seconds after `rm`
// returns, and the next timed command paid for it (cp -a 1.5 s → 10 s).
const OUTS = join(WORK, "out");
mkdirSync(OUTS);
let outSeq = 0;
const freshOut = (name) => join(OUTS, `${name}-${++outSeq}`);
let OUT_SCRUB;
const EMPTY = join(WORK, "empty");
const RSS_PRELOAD = join(WORK, "rss-preload.mjs");
writeFileSync(
  RSS_PRELOAD,
  `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => { try { writeFileSync(process.env.AIRLOCK_BENCH_RSS, String(process.resourceUsage().maxRSS)); } catch {} });\n`,
);

const lib = await import(pathToFileURL(join(ROOT, "dist/index.js")).href);
const haveScrubber = typeof lib.scanWorkspace === "function" && typeof lib.scrubWorkspace === "function";
const cliHelp = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" }).stdout ?? "";
const haveCli = /\bscan\b/.test(cliHelp) && /\bscrub\b/.test(cliHelp);

function run(cmd, argv, { cwd, env, expect = [0], timeout } = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd, env, timeout, killSignal: "SIGKILL", encoding: "utf8", maxBuffer: 1024 * MiB, stdio: ["ignore", "pipe", "pipe"] });
  const ms = performance.now() - t0;
  if (r.error?.code === "ETIMEDOUT") throw Object.assign(new Error(`did not finish in ${(timeout / 1000).toFixed(0)} s (killed; --secretlint-timeout to change)`), { timedOut: timeout });
  if (r.error) throw r.error;
  if (!expect.includes(r.status)) {
    const err = new Error(`${[cmd, ...argv].join(" ")} exited ${r.status ?? r.signal}: ${(r.stderr || r.stdout || "").slice(0, 2000)}`);
    err.result = r;
    throw err;
  }
  return { ms, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const COMMANDS = [{ name: "cp", label: "cp -a", run: () => run("cp", ["-a", tree, freshOut("cp")]) }];
if (haveCli && haveScrubber) {
  COMMANDS.push(
    {
      name: "scrub",
      label: "airlock scrub",
      run: () => {
        const out = freshOut("scrub");
        const r = run(process.execPath, [BIN, "scrub", tree, out, "--json"]);
        OUT_SCRUB = out; // the overlay checked at the end is the last one written
        return r;
      },
    },
    { name: "scan", label: "airlock scan", run: () => run(process.execPath, [BIN, "scan", tree, "--format", "json"], { expect: [0, 1] }) },
    // the fixed cost of a scan: start-up, rule loading, one empty walk
    { name: "scanEmpty", label: "airlock scan (empty dir)", run: () => run(process.execPath, [BIN, "scan", EMPTY, "--format", "json"], { expect: [0, 1] }) },
  );
}
mkdirSync(EMPTY);
{
  // room for every output: (warm-up + rounds) × (a copy + an overlay), plus the RSS runs' overlays
  const need = (RUNS + 3) * 2 * T.bytes;
  const st = statfsSync(WORK);
  if (st.bavail * st.bsize < need) {
    console.error(`bench: ${WORK} has ${mib(st.bavail * st.bsize)} free, the outputs need about ${mib(need)} (fewer --runs, or a smaller tree)`);
    process.exit(2);
  }
}

const times = Object.fromEntries(COMMANDS.map((c) => [c.name, []]));
const load = { start: loadavg()[0] };
const last = {};
log(`bench: warm-up (${COMMANDS.map((c) => c.label).join(", ")}) …`);
const scanStatsMs = [];
for (const c of COMMANDS) {
  spawnSync("sync");
  last[c.name] = c.run();
}
for (let i = 0; i < RUNS; i++) {
  log(`bench: round ${i + 1}/${RUNS}`);
  for (let j = 0; j < COMMANDS.length; j++) {
    const c = COMMANDS[(i + j) % COMMANDS.length];
    spawnSync("sync");
    const r = c.run();
    times[c.name].push(r.ms);
    last[c.name] = r;
    if (c.name === "scan") scanStatsMs.push(JSON.parse(r.stdout).stats?.ms);
  }
}

const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? { median: quantile(s, 0.5), min: s[0], max: s[s.length - 1], runs: s.length } : undefined;
};
const res = {
  tree: { path: tree, generatedSeconds: +genSeconds.toFixed(1), params: meta.params, totals: T, plantedInline: meta.secrets.length, credentialFiles: meta.creds.length },
  runs: RUNS,
  cp: stat(times.cp),
  loadavg: { start: +load.start.toFixed(2), end: +loadavg()[0].toFixed(2), cores: availableParallelism() },
};

// ---------------------------------------------------------------- airlock: scan, scrub, RSS

function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what}: output is not JSON (${e.message}): ${text.slice(0, 300)}`);
  }
}

function rssCli(argv, expect) {
  const file = join(WORK, "rss.txt");
  rmSync(file, { force: true });
  run(process.execPath, ["--import", pathToFileURL(RSS_PRELOAD).href, BIN, ...argv], { env: { ...process.env, AIRLOCK_BENCH_RSS: file }, expect });
  return existsSync(file) ? Number(readFileSync(file, "utf8")) / 1024 : NaN;
}

const RSS_CHILD = join(WORK, "rss-child.mjs");
writeFileSync(
  RSS_CHILD,
  `const [mode, tree, out, lib] = process.argv.slice(2);
const { scanWorkspace, scrubWorkspace } = await import(lib);
const t0 = performance.now();
const r = mode === "scan" ? await scanWorkspace(tree, {}) : await scrubWorkspace(tree, out, {});
console.log(JSON.stringify({ maxRSS: process.resourceUsage().maxRSS, ms: performance.now() - t0 }));
`,
);

function rssLibrary(mode) {
  const out = freshOut("rss");
  const r = run(process.execPath, [RSS_CHILD, mode, tree, out, pathToFileURL(join(ROOT, "dist/index.js")).href]);
  const o = parseJson(r.stdout.trim().split("\n").pop(), `library ${mode}`);
  return o.maxRSS / 1024;
}

/** a measurement that may fail without losing the rest of the run */
function attempt(what, fn) {
  try {
    return fn();
  } catch (e) {
    log(`bench: ${what} failed: ${e.message.split("\n").slice(0, 6).join(" | ")}`);
    return NaN;
  }
}

if (times.scrub) {
  res.scrub = stat(times.scrub);
  res.scan = stat(times.scan);
  res.scanEmpty = stat(times.scanEmpty);
  const scanOut = parseJson(last.scan.stdout, "airlock scan --format json");
  const scrubOut = parseJson(last.scrub.stdout, "airlock scrub --json");
  res.scan.stats = scanOut.stats;
  res.scan.findings = scanOut.findings.length;
  res.scrub.summary = scrubOut.summary ?? scrubOut.manifest?.summary ?? scrubOut;
  const bytes = scanOut.stats?.bytes;
  res.scan.bytesSource = Number.isFinite(bytes) ? "stats.bytes (files the scan looked at: text by content, binary by name)" : "tree total bytes (the scan printed no stats.bytes)";
  res.scan.bytes = Number.isFinite(bytes) ? bytes : T.bytes;
  res.scan.MiBs = res.scan.bytes / MiB / (res.scan.median / 1000);
  res.scan.MiBsTextOnly = (T.text.bytes + T.cred.bytes) / MiB / (res.scan.median / 1000);
  const inProcess = scanStatsMs.filter((x) => Number.isFinite(x) && x > 0).sort((a, b) => a - b);
  if (inProcess.length) res.scan.MiBsInProcess = res.scan.bytes / MiB / (quantile(inProcess, 0.5) / 1000);
  // per round: scrub and cp of the same round ran back to back, so their ratio holds when the machine's speed drifts
  const paired = times.scrub.map((t, i) => t / times.cp[i]).sort((a, b) => a - b);
  res.ratio = { scrubVsCp: res.scrub.median / res.cp.median, scrubVsCpMin: res.scrub.min / res.cp.min, scrubVsCpPaired: quantile(paired, 0.5) };

  log("bench: peak RSS (library in a child node, then the CLI) …");
  res.rss = {
    scanLibrary: attempt("library scan (RSS)", () => rssLibrary("scan")),
    scrubLibrary: attempt("library scrub (RSS)", () => rssLibrary("scrub")),
    scanCli: attempt("CLI scan (RSS)", () => rssCli(["scan", tree, "--format", "json"], [0, 1])),
    scrubCli: attempt("CLI scrub (RSS)", () => rssCli(["scrub", tree, freshOut("rss-cli")], [0])),
  };
}

// ---------------------------------------------------------------- secretlint

const SL_BIN = join(BENCH, "node_modules/secretlint/bin/secretlint.js");
function secretlint() {
  if (!SECRETLINT) return { skipped: "--no-secretlint" };
  if (!existsSync(SL_BIN) || !existsSync(join(BENCH, "node_modules/@secretlint/secretlint-rule-preset-recommend"))) {
    return { skipped: "not installed (cd bench && npm ci)" };
  }
  const rcDir = join(WORK, "secretlint");
  mkdirSync(rcDir, { recursive: true });
  const rc = join(rcDir, ".secretlintrc.json");
  writeFileSync(rc, JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }));
  const out = join(rcDir, "out.txt");
  // the tree's own .gitignore as secretlint's ignore file: the same files as airlock's scan
  const argv = [SL_BIN, "**/*", "--secretlintrc", rc, "--secretlintignore", ".gitignore", "--format", "unix", "--no-color", "--output", out];
  const ms = [];
  let warmupCounted = false;
  try {
    log("bench: secretlint warm-up …");
    const warm = run(process.execPath, argv, { cwd: tree, expect: [0, 1], timeout: SL_TIMEOUT });
    if (warm.ms > 60000) {
      // a run this long is not skewed by a cold start (and the page cache is warm from the runs
      // above): count the warm-up as the one run rather than spend many more minutes
      ms.push(warm.ms);
      warmupCounted = true;
    } else {
      // --secretlint-runs counted runs, fewer if they would take more than ~3 minutes in all
      const n = Math.max(1, Math.min(SL_RUNS, Math.floor(180000 / Math.max(1, warm.ms))));
      for (let i = 0; i < n; i++) {
        log(`bench: secretlint run ${i + 1}/${n}`);
        ms.push(run(process.execPath, argv, { cwd: tree, expect: [0, 1], timeout: SL_TIMEOUT }).ms);
      }
    }
  } catch (e) {
    if (e.timedOut) return { timedOut: e.timedOut, runs: ms.length, skipped: `did not finish in ${(e.timedOut / 1000).toFixed(0)} s (killed)` };
    return { skipped: `failed: ${e.message.split("\n")[0].slice(0, 400)}` };
  }
  const problems = readFileSync(out, "utf8")
    .split("\n")
    .map((l) => /^(.*?):(\d+):(\d+): /.exec(l))
    .filter(Boolean)
    .map((m) => ({ path: relative(tree, m[1]), line: Number(m[2]) }));
  const found = meta.secrets.filter((s) => problems.some((p) => p.path === s.path && p.line >= s.line && p.line <= s.endLine)).length;
  return { ...stat(ms), warmupCounted, findings: problems.length, plantedFound: found };
}
res.secretlint = secretlint();
if (res.scan && res.secretlint.median) res.ratio.secretlintVsScan = res.secretlint.median / res.scan.median;
// a killed run still bounds the ratio from below
if (res.scan && res.secretlint.timedOut) res.ratio.secretlintVsScanAtLeast = res.secretlint.timedOut / res.scan.median;

// ---------------------------------------------------------------- correctness

/** A multi-needle search over raw bytes: a 4-byte prefix filter, then an exact compare. */
function matcher(needles) {
  const bits = new Uint8Array(1 << 21);
  const byKey = new Map();
  for (const [id, text] of needles) {
    const buf = Buffer.from(text);
    if (buf.length < 4) continue;
    const k = buf.readUInt32BE(0);
    const h = Math.imul(k, 0x9e3779b1) >>> 8;
    bits[h >>> 3] |= 1 << (h & 7);
    if (!byKey.has(k)) byKey.set(k, []);
    byKey.get(k).push({ id, buf });
  }
  return (data) => {
    const hits = [];
    let k = 0;
    for (let i = 0; i < data.length; i++) {
      k = ((k << 8) | data[i]) >>> 0;
      if (i < 3) continue;
      const h = Math.imul(k, 0x9e3779b1) >>> 8;
      if ((bits[h >>> 3] & (1 << (h & 7))) === 0) continue;
      const list = byKey.get(k);
      if (!list) continue;
      const at = i - 3;
      for (const n of list) if (at + n.buf.length <= data.length && data.compare(n.buf, 0, n.buf.length, at, at + n.buf.length) === 0) hits.push(n.id);
    }
    return hits;
  };
}

function* walk(dir, rel = "") {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) {
      yield { path: p, dir: true };
      yield* walk(join(dir, d.name), p);
    } else if (d.isFile()) yield { path: p, dir: false };
  }
}

function checkOverlay() {
  const needles = [];
  meta.secrets.forEach((s, i) => s.needles.forEach((n) => needles.push([`inline:${i}`, n])));
  meta.creds.forEach((c, i) => c.needles.forEach((n) => needles.push([`cred:${i}`, n])));
  // key blocks planted inside JSON strings carry "\n" escapes, not newlines: the needles are single body lines either way
  const find = matcher(needles);
  const leaked = new Map();
  const badNames = [];
  const ignoredDirs = [];
  const extra = [];
  let files = 0;
  let bytes = 0;
  const CRED_NAME = /^(?:\.env(?:\.(?!example$)[^/]+)?|id_(?:rsa|dsa|ecdsa|ed25519)(?:[._-][^/]*)?|[^/]*\.key)$/;
  for (const e of walk(OUT_SCRUB)) {
    const base = e.path.split("/").pop();
    if (e.dir) {
      if (base === "node_modules" || (e.path === "dist")) ignoredDirs.push(e.path);
      continue;
    }
    if (CRED_NAME.test(base) && !base.endsWith(".pub")) badNames.push(e.path);
    if (!existsSync(join(tree, e.path))) extra.push(e.path);
    const data = readFileSync(join(OUT_SCRUB, e.path));
    files++;
    bytes += data.length;
    for (const id of find(data)) {
      if (!leaked.has(id)) leaked.set(id, e.path);
    }
  }
  const leakedList = [...leaked].map(([id, path]) => {
    const [kind, i] = id.split(":");
    const src = kind === "inline" ? meta.secrets[Number(i)] : meta.creds[Number(i)];
    return { kind, planted: src.path, line: src.line, rule: src.rule, foundIn: path };
  });
  const expectedFiles = T.text.files + T.binary.files;
  return { files, bytes, expectedFiles, extra, needles: needles.length, leaked: leakedList, credentialNames: badNames, ignoredDirs };
}

function checkFindings(scanOut) {
  const byPath = new Map();
  for (const f of scanOut.findings) {
    if (!byPath.has(f.path)) byPath.set(f.path, []);
    byPath.get(f.path).push(f);
  }
  const overlaps = (f, line, endLine) => f.kind === "secret" && f.line <= endLine && (f.endLine ?? f.line) >= line;
  const missed = [];
  let found = 0;
  const explained = new Set();
  for (const s of meta.secrets) {
    const hits = (byPath.get(s.path) ?? []).filter((f) => overlaps(f, s.line, s.endLine));
    hits.forEach((f) => explained.add(f));
    if (hits.length) found++;
    else missed.push({ path: s.path, line: s.line, shape: s.shape, rule: s.rule, straddles: s.straddles });
  }
  const credFound = meta.creds.filter((c) => (byPath.get(c.path) ?? []).some((f) => f.kind === "file")).length;
  for (const c of meta.creds) (byPath.get(c.path) ?? []).forEach((f) => explained.add(f));
  const decoyHits = [];
  for (const d of meta.decoys) {
    for (const f of byPath.get(d.path) ?? []) {
      if (overlaps(f, d.line, d.line)) {
        decoyHits.push({ path: d.path, line: d.line, rule: f.rule, text: d.text });
        explained.add(f);
      }
    }
  }
  const other = {};
  for (const f of scanOut.findings) {
    if (explained.has(f)) continue;
    other[f.rule] ??= { n: 0, example: `${f.path}:${f.line}` };
    other[f.rule].n++;
  }
  return { planted: meta.secrets.length, found, missed, credentialFiles: meta.creds.length, credentialFilesFound: credFound, decoys: meta.decoys.length, decoysFlagged: decoyHits, otherFindings: other };
}

if (res.scrub) {
  log("bench: checking the overlay …");
  res.overlay = checkOverlay();
  res.findings = checkFindings(parseJson(last.scan.stdout, "airlock scan --format json"));
}

// ---------------------------------------------------------------- report

const pass = (ok) => (ok ? "PASS" : "MISS");
const s = (ms) => (ms === undefined ? "—" : `${(ms / 1000).toFixed(2)} s`);
function rssTarget(...values) {
  const known = values.filter(Number.isFinite);
  const value = known.length ? Math.max(...known) : NaN;
  return { value, target: `< ${TARGET.rssMiB} MiB`, pass: Number.isFinite(value) && value < TARGET.rssMiB };
}
if (res.scrub) {
  res.targets = {
    scrubVsCp: { value: res.ratio.scrubVsCp, target: `≤ ${TARGET.scrubVsCp}×`, pass: res.ratio.scrubVsCp <= TARGET.scrubVsCp },
    scanMiBs: { value: res.scan.MiBs, target: `≥ ${TARGET.scanMiBs} MiB/s`, pass: res.scan.MiBs >= TARGET.scanMiBs },
    rssScan: rssTarget(res.rss.scanLibrary, res.rss.scanCli),
    rssScrub: rssTarget(res.rss.scrubLibrary, res.rss.scrubCli),
  };
}

if (JSON_OUT) {
  console.log(JSON.stringify(res, null, 2));
} else {
  const p = meta.params;
  console.log(`tree: ${T.files} files, ${mib(T.bytes)} (--files ${p.files} --mb ${p.mb} --seed ${p.seed})${genSeconds ? `, generated in ${genSeconds.toFixed(1)} s` : ", reused"}`);
  console.log(`      text ${T.text.files} files ${mib(T.text.bytes)}, binary ${T.binary.files} files ${mib(T.binary.bytes)}, credential ${T.cred.files} files, ignored (node_modules/, dist/) ${T.ignored.files} files ${mib(T.ignored.bytes)}`);
  console.log(`      ${meta.secrets.length} inline secrets planted (${meta.secrets.filter((x) => x.straddles).length} straddle 1 MiB boundaries of the largest file, ${mib(T.bigFile)}), ${meta.creds.length} credential files, ${meta.decoys.length} decoy lines`);
  console.log(`${RUNS} rounds after one warm-up each, page cache warm, a fresh output folder per run and sync before each command`);
  console.log(`load average ${res.loadavg.start} at the start, ${res.loadavg.end} after the rounds, ${res.loadavg.cores} cores${res.loadavg.start > res.loadavg.cores / 2 || res.loadavg.end > res.loadavg.cores / 2 ? " — a busy machine: quote the ratios, not the times" : ""}\n`);
  const rows = [["command", "median", "min", "max", "runs"]];
  rows.push(["cp -a TREE OUT", s(res.cp.median), s(res.cp.min), s(res.cp.max), res.cp.runs]);
  if (res.scrub) {
    rows.push(["airlock scrub TREE OUT", s(res.scrub.median), s(res.scrub.min), s(res.scrub.max), res.scrub.runs]);
    rows.push(["airlock scan TREE --format json", s(res.scan.median), s(res.scan.min), s(res.scan.max), res.scan.runs]);
    rows.push(["airlock scan EMPTY --format json", s(res.scanEmpty.median), s(res.scanEmpty.min), s(res.scanEmpty.max), res.scanEmpty.runs]);
  } else {
    rows.push(["airlock scan / scrub", "not in this build", "", "", ""]);
  }
  if (res.secretlint.median !== undefined) rows.push([`secretlint "**/*"${res.secretlint.warmupCounted ? " (warm-up counted: > 60 s)" : ""}`, s(res.secretlint.median), s(res.secretlint.min), s(res.secretlint.max), res.secretlint.runs]);
  console.log(table(rows));
  console.log("");
  if (res.secretlint.skipped) console.log(`secretlint: skipped — ${res.secretlint.skipped}`);
  if (res.scrub) {
    const t = res.targets;
    const sc = res.scan;
    console.log(`scrub / cp -a             ${res.ratio.scrubVsCp.toFixed(2)}× medians (${res.ratio.scrubVsCpMin.toFixed(2)}× mins, ${res.ratio.scrubVsCpPaired.toFixed(2)}× median of per-round ratios)   target ${t.scrubVsCp.target}   ${pass(t.scrubVsCp.pass)}`);
    console.log(`scan throughput           ${sc.MiBs.toFixed(0)} MiB/s whole command over ${mib(sc.bytes)} = ${sc.bytesSource}   target ${t.scanMiBs.target}   ${pass(t.scanMiBs.pass)}`);
    console.log(`                          ${sc.MiBsInProcess ? `${sc.MiBsInProcess.toFixed(0)} MiB/s by the scan's own stats.ms (median); ` : ""}${sc.MiBsTextOnly.toFixed(0)} MiB/s counting text bytes only (${mib(T.text.bytes + T.cred.bytes)})`);
    if (sc.stats) console.log(`                          stats: ${sc.stats.files} files, ${sc.stats.scanned} by content, ${sc.stats.binary} binary, ${sc.stats.ignored} ignored, ${sc.findings} findings`);
    if (res.ratio.secretlintVsScanAtLeast) console.log(`secretlint / airlock scan > ${res.ratio.secretlintVsScanAtLeast.toFixed(0)}× (secretlint killed after ${(res.secretlint.timedOut / 1000).toFixed(0)} s)`);
    if (res.ratio.secretlintVsScan) console.log(`secretlint / airlock scan ${res.ratio.secretlintVsScan.toFixed(1)}× (secretlint: ${res.secretlint.findings} findings, ${res.secretlint.plantedFound}/${meta.secrets.length} planted secrets)`);
    const r = res.rss;
    console.log(`peak RSS scan             ${r.scanLibrary.toFixed(0)} MiB library, ${r.scanCli.toFixed(0)} MiB CLI   target ${t.rssScan.target}   ${pass(t.rssScan.pass)}`);
    console.log(`peak RSS scrub            ${r.scrubLibrary.toFixed(0)} MiB library, ${r.scrubCli.toFixed(0)} MiB CLI   target ${t.rssScrub.target}   ${pass(t.rssScrub.pass)}`);
    const o = res.overlay;
    const f = res.findings;
    console.log("");
    console.log(`overlay: ${o.files} files (${o.expectedFiles} expected: the tree less ignored and credential files${o.extra.length ? `; not in the tree: ${o.extra.slice(0, 5).join(", ")}` : ""}), ${mib(o.bytes)}; ${o.needles} secret strings searched`);
    console.log(`         leaked secrets ${o.leaked.length}, credential files present ${o.credentialNames.length}, ignored dirs present ${o.ignoredDirs.length}   ${pass(!o.leaked.length && !o.credentialNames.length && !o.ignoredDirs.length)}`);
    for (const l of o.leaked.slice(0, 10)) console.log(`         leaked: ${l.kind} ${l.rule ?? ""} planted at ${l.planted}${l.line ? `:${l.line}` : ""}, found in ${l.foundIn}`);
    for (const n of o.credentialNames.slice(0, 10)) console.log(`         credential file kept: ${n}`);
    for (const n of o.ignoredDirs.slice(0, 10)) console.log(`         ignored directory copied: ${n}`);
    console.log(`scan findings: ${f.found}/${f.planted} planted inline secrets, ${f.credentialFilesFound}/${f.credentialFiles} credential files, ${f.decoysFlagged.length}/${f.decoys} decoys flagged`);
    for (const m of f.missed.slice(0, 10)) console.log(`         missed: ${m.shape} (${m.rule}) at ${m.path}:${m.line}${m.straddles ? ` (straddles byte ${m.straddles})` : ""}`);
    for (const d of f.decoysFlagged.slice(0, 10)) console.log(`         decoy flagged: ${d.rule} at ${d.path}:${d.line} ${JSON.stringify(d.text)}`);
    const other = Object.entries(f.otherFindings).sort((a, b) => b[1].n - a[1].n);
    if (other.length) console.log(`         findings not at a planted line: ${other.map(([rule, v]) => `${rule} ×${v.n} (e.g. ${v.example})`).slice(0, 8).join(", ")}`);
    console.log(`scrub summary: ${JSON.stringify(res.scrub.summary)}`);
  }
  if (KEEP || DIR) console.log(`\ntree kept: ${tree} (rerun with --dir ${tree})`);
}
