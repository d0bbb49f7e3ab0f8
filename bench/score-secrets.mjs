#!/usr/bin/env node
// Scores airlock's secret scanner and scrubber against the public secret benchmark
// (../shared/eval/secrets/, read at run time only; nothing from it is copied into the project).
//   inline:    inline.jsonl through findSecrets/redactSecrets in-process: a positive is found when a
//              hit overlaps its `secret` in `text`, scrubbed when `secret` no longer occurs in the
//              redacted text; a negative is a false positive when anything is reported. Scored on
//              the texts as given, and again with literal `\n` (and `\r\n`) turned into newlines.
//   workspace: a temporary copy of workspace/ through the real CLI (`airlock scrub SRC OUT --json`,
//              `airlock scan SRC --format json`), checked against workspace-labels.json: credential
//              files not in the overlay as is, every listed secret string gone from every overlay
//              file, must-keep files byte-identical; scan findings vs the labels.
// Secrets are never printed: at most their first 4 characters and "…". Always exits 0 once measured.
// Usage: node score-secrets.mjs [--only inline|workspace] [--misses N] [--fp] [--json]
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { BIN, EVAL, ROOT, pct, readJsonl, requireBuilt, table } from "./lib.mjs";

requireBuilt();
const args = process.argv.slice(2);
const JSON_OUT = args.includes("--json");
const oi = args.indexOf("--only");
const ONLY = oi >= 0 ? args[oi + 1] : undefined;
if (ONLY !== undefined && ONLY !== "inline" && ONLY !== "workspace") {
  console.error("bench: --only takes inline or workspace");
  process.exit(2);
}
const mi = args.indexOf("--misses");
const MISSES = mi >= 0 ? parseInt(args[mi + 1] ?? "50", 10) || 50 : 0;
const SHOW_FP = args.includes("--fp");
const DIR = join(EVAL, "secrets");
const SOFT = new Set(["password-hash", "jwt"]); // softer credentials, reported apart (README)
const preview = (s) => `${s.slice(0, 4)}…`;
const { findSecrets, redactSecrets, loadSecretRules } = await import(pathToFileURL(join(ROOT, "dist/index.js")).href);

// ---------------------------------------------------------------- inline snippets

/** Every start offset of `needle` in `text`. */
function occurrences(text, needle) {
  const at = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) at.push(i);
  return at;
}

/** Scores one row (text and secret possibly rewritten). */
function scoreRow(rules, text, secret) {
  const hits = findSecrets(text, rules);
  if (secret === null) return { hits, fp: hits.length > 0 };
  const at = occurrences(text, secret);
  if (at.length === 0) return { hits, unscorable: true };
  const found = hits.some((h) => at.some((a) => h.start < a + secret.length && h.end > a));
  const scrubbed = !redactSecrets(text, hits).includes(secret);
  const byRules = [...new Set(hits.filter((h) => at.some((a) => h.start < a + secret.length && h.end > a)).map((h) => h.rule))];
  return { hits, found, scrubbed, byRules };
}

const unescapeNewlines = (s) => s.replace(/\\r\\n|\\n/g, "\n");

function scoreInline() {
  const rows = readJsonl(join(DIR, "inline.jsonl"));
  const rules = loadSecretRules();
  const t0 = performance.now();
  const bucket = () => ({ pos: 0, found: 0, scrubbed: 0, neg: 0, fp: 0 });
  const total = bucket();
  const core = bucket(); // without the softer kinds
  const bySource = {};
  const byKind = {};
  const fpByRule = {};
  const missed = [];
  const partial = [];
  const fps = [];
  const unescaped = { rows: 0, changed: [], unscorable: [] };
  for (const r of rows) {
    const s = scoreRow(rules, r.text, r.secret);
    const keys = [total, (bySource[r.source] ??= bucket()), (byKind[r.kind] ??= bucket())];
    if (!SOFT.has(r.kind)) keys.push(core);
    if (r.label === "secret") {
      if (s.unscorable) throw new Error(`${r.id}: secret not in text`);
      for (const b of keys) {
        b.pos++;
        if (s.found) b.found++;
        if (s.scrubbed) b.scrubbed++;
      }
      if (!s.found) missed.push({ id: r.id, kind: r.kind, source: r.source, preview: preview(r.secret), length: r.secret.length });
      else if (!s.scrubbed) partial.push({ id: r.id, kind: r.kind, source: r.source, rules: s.byRules, preview: preview(r.secret), occurrences: occurrences(r.text, r.secret).length });
    } else {
      for (const b of keys) {
        b.neg++;
        if (s.fp) b.fp++;
      }
      if (s.fp) {
        const hitRules = [...new Set(s.hits.map((h) => h.rule))];
        for (const rule of hitRules) fpByRule[rule] = (fpByRule[rule] ?? 0) + 1;
        fps.push({ id: r.id, kind: r.kind, source: r.source, rules: hitRules });
      }
    }
    // The same row with literal \n turned into newlines (README: YAML examples keep them).
    if (/\\n/.test(r.text)) {
      unescaped.rows++;
      const u = scoreRow(rules, unescapeNewlines(r.text), r.secret === null ? null : unescapeNewlines(r.secret));
      if (u.unscorable) unescaped.unscorable.push(r.id);
      else if (r.label === "secret" ? u.found !== s.found || u.scrubbed !== s.scrubbed : u.fp !== s.fp)
        unescaped.changed.push(r.label === "secret"
          ? { id: r.id, kind: r.kind, label: r.label, found: [s.found, u.found], scrubbed: [s.scrubbed, u.scrubbed] }
          : { id: r.id, kind: r.kind, label: r.label, fp: [s.fp, u.fp] });
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  // Figures as given, and as they would be with the rewritten rows' outcomes swapped in.
  const delta = { found: 0, scrubbed: 0, fp: 0 };
  for (const c of unescaped.changed) {
    if (c.label === "secret") {
      delta.found += c.found[1] - c.found[0];
      delta.scrubbed += c.scrubbed[1] - c.scrubbed[0];
    } else delta.fp += c.fp[1] - c.fp[0];
  }
  unescaped.total = { pos: total.pos, found: total.found + delta.found, scrubbed: total.scrubbed + delta.scrubbed, neg: total.neg, fp: total.fp + delta.fp };
  const missedKinds = Object.entries(byKind)
    .filter(([, b]) => b.pos - b.found > 0)
    .map(([kind, b]) => ({ kind, missed: b.pos - b.found, pos: b.pos, ids: missed.filter((m) => m.kind === kind).slice(0, 2).map((m) => m.id) }))
    .sort((a, b) => b.missed - a.missed || b.pos - a.pos || a.kind.localeCompare(b.kind));
  const soft = Object.fromEntries([...SOFT].map((k) => [k, byKind[k] ?? bucket()]));
  return { file: join(DIR, "inline.jsonl"), rows: rows.length, seconds: +seconds.toFixed(2), total, core, soft, bySource, byKind, missedKinds, fpByRule, missed, partial, fps, unescaped };
}

function printInline(s) {
  const rate = (b) => [b.pos, `${pct(b.found, b.pos)} (${b.found})`, `${pct(b.scrubbed, b.pos)} (${b.scrubbed})`, b.neg, b.neg ? `${pct(b.fp, b.neg)} (${b.fp})` : "—"];
  console.log(`inline: ${s.file}\n${s.rows} snippets in ${s.seconds.toFixed(2)} s (findSecrets + redactSecrets in-process)\n`);
  console.log(table([
    ["", "positives", "found", "scrubbed", "negatives", "false positives"],
    ["all", ...rate(s.total)],
    ["without password-hash/jwt", ...rate(s.core)],
    ...Object.entries(s.soft).map(([k, b]) => [`  ${k}`, ...rate(b)]),
    ...Object.entries(s.bySource).sort().map(([k, b]) => [`source ${k}`, ...rate(b)]),
  ]));
  const u = s.unescaped;
  console.log(`\nliteral \\n: ${u.rows} rows hold one; turned into newlines, ${u.changed.length} change outcome` +
    (u.changed.length ? ` → found ${pct(u.total.found, u.total.pos)} (${u.total.found}), scrubbed ${pct(u.total.scrubbed, u.total.pos)} (${u.total.scrubbed}), FP ${pct(u.total.fp, u.total.neg)} (${u.total.fp})` : "") +
    (u.unscorable.length ? `; ${u.unscorable.length} unscorable after rewriting (${u.unscorable.join(", ")})` : ""));
  for (const c of u.changed)
    console.log(`  ${c.id} (${c.kind}): ` + (c.label === "secret" ? `found ${c.found[0]}→${c.found[1]}, scrubbed ${c.scrubbed[0]}→${c.scrubbed[1]}` : `false positive ${c.fp[0]}→${c.fp[1]}`));
  console.log(`\nmost missed kinds (not found), top 20 of ${s.missedKinds.length} kinds with a miss:`);
  const top = s.missedKinds.slice(0, 20);
  const lines = table([["kind", "missed", "of"], ...top.map((k) => [k.kind, k.missed, k.pos])]).split("\n");
  console.log(lines.map((l, i) => `${l}  ${i === 0 ? "e.g." : top[i - 1].ids.join(" ")}`).join("\n"));
  if (s.partial.length) {
    console.log(`\nfound but not fully scrubbed (${s.partial.length}):`);
    for (const p of s.partial) console.log(`  ${p.id} (${p.kind}) by ${p.rules.join(",")} ${p.preview}${p.occurrences > 1 ? ` (occurs ${p.occurrences}× in the text; a copy survives)` : ""}`);
  }
  const fpKinds = {};
  for (const f of s.fps) fpKinds[f.kind] = (fpKinds[f.kind] ?? 0) + 1;
  console.log(`\nfalse positives by negative's kind: ${Object.entries(fpKinds).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(", ") || "none"}`);
  console.log(`false positives by airlock rule:    ${Object.entries(s.fpByRule).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(", ") || "none"}`);
  if (MISSES) {
    console.log(`\nmissed positives, first ${MISSES} of ${s.missed.length}:`);
    for (const m of s.missed.slice(0, MISSES)) console.log(`  ${m.id} (${m.kind}, ${m.length} chars) ${m.preview}`);
  }
  if (SHOW_FP) {
    console.log(`\nfalse positives (${s.fps.length}):`);
    for (const f of s.fps) console.log(`  ${f.id} (${f.kind}) ← ${f.rules.join(",")}`);
  }
}

// ---------------------------------------------------------------- workspace

/** Relative path → absolute path of every regular file under `dir`. */
function walk(dir, rel = "", out = new Map()) {
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const st = lstatSync(join(dir, r));
    if (st.isDirectory()) walk(dir, r, out);
    else if (st.isFile()) out.set(r, join(dir, r));
  }
  return out;
}

/** The benchmark is read-only; make copied directories writable so they can be removed. */
function writable(dir) {
  if (!existsSync(dir)) return;
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (lstatSync(p).isDirectory()) writable(p);
  }
}

const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");
const hashTree = (dir) => new Map([...walk(dir)].map(([r, p]) => [r, sha256(readFileSync(p))]));

function runCli(argv, ok) {
  const t0 = performance.now();
  const c = spawnSync(process.execPath, [BIN, ...argv], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - t0) / 1000;
  if (!ok.includes(c.status)) return { error: `airlock ${argv[0]} exited ${c.status}: ${(c.stderr || "").trim().slice(0, 500)}`, seconds };
  try {
    return { json: JSON.parse(c.stdout), status: c.status, seconds };
  } catch (e) {
    return { error: `airlock ${argv[0]}: output is not JSON (${e.message})`, seconds };
  }
}

function scoreWorkspace() {
  const WS = join(DIR, "workspace");
  const labelsFile = join(DIR, "workspace-labels.json");
  if (!existsSync(WS) || !existsSync(labelsFile)) {
    console.error(`bench: ${WS} or ${labelsFile} not found (set AIRLOCK_EVAL_DIR to the folder holding the public benchmark)`);
    process.exit(2);
  }
  const labels = JSON.parse(readFileSync(labelsFile, "utf8"));
  const tmp = mkdtempSync(join(tmpdir(), "airlock-score-secrets-"));
  const src = join(tmp, "workspace");
  const out = join(tmp, "out");
  try {
    cpSync(WS, src, { recursive: true });
    writable(src);
    const before = hashTree(src);
    const labelled = Object.keys(labels.files);
    const unlabelled = [...before.keys()].filter((p) => !(p in labels.files));
    const missingInCopy = labelled.filter((p) => !before.has(p));
    const scrub = runCli(["scrub", src, out, "--json"], [0]);
    const scan = runCli(["scan", src, "--format", "json"], [0, 1]);
    const after = hashTree(src);
    const sourceTouched = [...before].filter(([p, h]) => after.get(p) !== h).map(([p]) => p).concat([...after.keys()].filter((p) => !before.has(p)));
    writable(out);

    const failures = [];
    const fail = (path, check, detail = "") => failures.push({ path, check, detail });
    const res = {
      dir: WS,
      files: labelled.length,
      scrubSeconds: +scrub.seconds.toFixed(2),
      scanSeconds: +scan.seconds.toFixed(2),
      scrubError: scrub.error,
      scanError: scan.error,
      sourceTouched,
      unlabelled,
      missingInCopy,
    };
    if (!scrub.error) {
      const entries = new Map((scrub.json.entries ?? []).map((e) => [e.path, e]));
      const action = (p) => entries.get(p)?.action ?? "copied";
      const overlay = new Map([...walk(out)].map(([r, p]) => [r, readFileSync(p)]));
      const cred = { n: 0, ok: 0 };
      const secrets = { n: 0, ok: 0, distinct: new Set(), distinctGone: new Set() };
      const keep = { n: 0, ok: 0 };
      const actions = {};
      for (const [path, f] of Object.entries(labels.files)) {
        const act = action(path);
        actions[f.class] ??= {};
        actions[f.class][act] = (actions[f.class][act] ?? 0) + 1;
        const kept = overlay.get(path);
        if (f.credential_file) {
          cred.n++;
          if (kept === undefined) cred.ok++;
          else if (sha256(kept) === before.get(path)) fail(path, "credential file copied as is", act);
          else if (f.secrets.some((s) => kept.includes(Buffer.from(s)))) fail(path, "credential file kept with secrets", act);
          else cred.ok++;
        }
        for (const s of f.secrets) {
          secrets.n++;
          secrets.distinct.add(s);
          const where = [...overlay].filter(([, buf]) => buf.includes(Buffer.from(s))).map(([p]) => p);
          if (where.length === 0) secrets.ok++;
          else fail(path, "secret survives", `${preview(s)} in ${where.join(", ")} (${act})`);
        }
        if (f.must_keep_unchanged) {
          keep.n++;
          if (before.get(path) !== f.sha256) fail(path, "label sha256 differs from the copied source", "");
          if (kept === undefined) fail(path, "must-keep file missing", act);
          else if (sha256(kept) !== f.sha256) fail(path, "must-keep file changed", act);
          else keep.ok++;
        }
      }
      for (const s of secrets.distinct) if (![...overlay.values()].some((buf) => buf.includes(Buffer.from(s)))) secrets.distinctGone.add(s);
      Object.assign(res, {
        summary: scrub.json.summary,
        credentialFiles: { handled: cred.ok, of: cred.n },
        secrets: { gone: secrets.ok, of: secrets.n, distinctGone: secrets.distinctGone.size, distinct: secrets.distinct.size },
        mustKeep: { intact: keep.ok, of: keep.n },
        actionsByClass: actions,
      });
    }
    if (!scan.error) {
      const findings = scan.json.findings ?? [];
      const byPath = {};
      for (const f of findings) (byPath[f.path] ??= []).push(f);
      const covers = (f, line) => f.kind === "secret" && f.line <= line && line <= (f.endLine ?? f.line);
      const credFlagged = { n: 0, ok: 0, byFileRule: 0 };
      const inlineFiles = { n: 0, ok: 0 };
      const checks = { n: 0, ok: 0, normalN: 0, normalOk: 0 };
      const benign = { n: 0, flagged: [] };
      const negatives = { n: 0, reported: 0 };
      const informative = [];
      for (const [path, f] of Object.entries(labels.files)) {
        const fs = byPath[path] ?? [];
        if (f.credential_file) {
          credFlagged.n++;
          if (fs.length) credFlagged.ok++;
          else fail(path, "scan: credential file not reported", "");
          if (fs.some((x) => x.kind === "file")) credFlagged.byFileRule++;
        } else if (f.secrets.length) {
          inlineFiles.n++;
          if (fs.length) inlineFiles.ok++;
          else fail(path, "scan: file with secrets not reported", "");
        }
        for (const c of f.checks ?? []) {
          checks.n++;
          const located = c.lines.some((l) => fs.some((x) => covers(x, l)));
          if (located) checks.ok++;
          if (!f.credential_file) {
            checks.normalN++;
            if (located) checks.normalOk++;
            else fail(path, "scan: secret's line not reported", `${preview(c.value)} line ${c.lines.join(",")}`);
          }
        }
        if (f.benign) {
          benign.n++;
          if (fs.length) {
            benign.flagged.push({ path, rules: [...new Set(fs.map((x) => x.rule))] });
            fail(path, "scan: benign file reported", [...new Set(fs.map((x) => `${x.rule}@${x.line}`))].join(", "));
          }
          const lines = readFileSync(join(src, path), "utf8").split("\n");
          for (const neg of f.negatives ?? []) {
            negatives.n++;
            const at = lines.map((l, i) => (l.includes(neg) ? i + 1 : 0)).filter(Boolean);
            if (at.some((l) => fs.some((x) => covers(x, l)))) negatives.reported++;
          }
        }
        if (f.class === "informative" && fs.length) informative.push({ path, rules: [...new Set(fs.map((x) => x.rule))] });
      }
      Object.assign(res, {
        scan: {
          findings: findings.length,
          credentialFilesReported: { reported: credFlagged.ok, byFileRule: credFlagged.byFileRule, of: credFlagged.n },
          inlineSecretFilesReported: { reported: inlineFiles.ok, of: inlineFiles.n },
          secretLinesLocated: { located: checks.ok, of: checks.n, inNormalFiles: checks.normalOk, normalOf: checks.normalN },
          benignFilesReported: { reported: benign.flagged.length, of: benign.n, files: benign.flagged },
          negativesReported: { reported: negatives.reported, of: negatives.n },
          informativeReported: informative,
        },
      });
    }
    res.failures = failures;
    return res;
  } finally {
    writable(out);
    rmSync(tmp, { recursive: true, force: true });
  }
}

function printWorkspace(w) {
  console.log(`workspace: ${w.dir} (${w.files} labelled files; copied to a temporary folder)`);
  console.log(`airlock scrub ${w.scrubSeconds.toFixed(2)} s, airlock scan ${w.scanSeconds.toFixed(2)} s`);
  if (w.unlabelled.length || w.missingInCopy.length) console.log(`label mismatch: unlabelled ${w.unlabelled.join(", ") || "none"}; missing ${w.missingInCopy.join(", ") || "none"}`);
  if (w.sourceTouched.length) console.log(`SOURCE CHANGED by scrub/scan: ${w.sourceTouched.join(", ")}`);
  if (w.scrubError) console.log(`scrub failed: ${w.scrubError}`);
  if (w.scanError) console.log(`scan failed: ${w.scanError}`);
  if (w.failures.length) {
    console.log(`\nper-file failures (${w.failures.length}):`);
    const wp = Math.max(...w.failures.map((f) => f.path.length));
    const wc = Math.max(...w.failures.map((f) => f.check.length));
    for (const f of w.failures) console.log(`  ${f.path.padEnd(wp)}  ${f.check.padEnd(wc)}  ${f.detail}`.trimEnd());
  }
  console.log("");
  if (!w.scrubError) {
    const s = w.summary;
    console.log(`overlay: ${s.copied} copied, ${s.redacted} redacted, ${s.removed} removed, ${s.skipped} skipped, ${s.dropped} dropped`);
    console.log(`credential files handled:   ${w.credentialFiles.handled}/${w.credentialFiles.of} (${pct(w.credentialFiles.handled, w.credentialFiles.of)})`);
    console.log(`secrets gone from overlay:  ${w.secrets.gone}/${w.secrets.of} (${pct(w.secrets.gone, w.secrets.of)}; distinct strings ${w.secrets.distinctGone}/${w.secrets.distinct})`);
    console.log(`must-keep files intact:     ${w.mustKeep.intact}/${w.mustKeep.of} (${pct(w.mustKeep.intact, w.mustKeep.of)})`);
    console.log(`actions by class:           ${Object.entries(w.actionsByClass).map(([c, a]) => `${c} {${Object.entries(a).map(([k, n]) => `${k} ${n}`).join(", ")}}`).join("; ")}`);
  }
  if (!w.scanError) {
    const s = w.scan;
    console.log(`\nscan: ${s.findings} findings`);
    console.log(`credential files reported:  ${s.credentialFilesReported.reported}/${s.credentialFilesReported.of} (${s.credentialFilesReported.byFileRule} by a file rule)`);
    console.log(`other files with secrets:   ${s.inlineSecretFilesReported.reported}/${s.inlineSecretFilesReported.of} reported`);
    console.log(`secret lines located:       ${s.secretLinesLocated.located}/${s.secretLinesLocated.of} (in non-credential files ${s.secretLinesLocated.inNormalFiles}/${s.secretLinesLocated.normalOf})`);
    console.log(`benign files reported:      ${s.benignFilesReported.reported}/${s.benignFilesReported.of}; negative strings' lines reported ${s.negativesReported.reported}/${s.negativesReported.of}`);
    if (s.informativeReported.length) console.log(`informative files reported: ${s.informativeReported.map((i) => `${i.path} [${i.rules.join(",")}]`).join("; ")} (no requirement)`);
  }
}

// ---------------------------------------------------------------- main

const result = {};
if (ONLY !== "workspace") result.inline = scoreInline();
if (ONLY !== "inline") result.workspace = scoreWorkspace();
if (JSON_OUT) {
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
if (result.inline) printInline(result.inline);
if (result.inline && result.workspace) console.log("\n" + "-".repeat(72) + "\n");
if (result.workspace) printWorkspace(result.workspace);
