// Every rule of both catalogs through scanWorkspace, on real files in a temp dir: each catalog
// example, placed at its path, is found by name with its own rule id; each secret example,
// written to a file, is found by content with its own rule id; look-alikes are not. A rule
// without examples (or look-alikes) fails the suite.
import test from "ava";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { scanWorkspace, loadSensitiveCatalog, loadSecretRules } from "../dist/index.js";

const HOME = "/home/dev"; // the home directory the catalog's examples are written against
const catalog = loadSensitiveCatalog();
const secrets = loadSecretRules();

function tempDir(t) {
  const dir = mkdtempSync(join(tmpdir(), "airlock-scan-rules-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Where an example path lives in a workspace, and how the scan must view it. */
function place(example) {
  if (example.startsWith("~/")) return { rel: `home/dev/${example.slice(2)}`, view: "root" };
  if (example.startsWith("/")) return { rel: example.slice(1), view: "root" };
  return { rel: example, view: "relative" };
}

/**
 * Lay out many example paths, each in its own numbered subtree (so a file and a directory of
 * the same name never collide), and scan twice: workspace-relative for relative examples, and
 * as the root filesystem (home /home/dev) for absolute ones.
 */
async function scanPaths(t, paths) {
  const dir = tempDir(t);
  const placed = paths.map((p, i) => {
    const { rel, view } = place(p);
    const box = join(dir, view, String(i));
    const file = join(box, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, "placeholder contents, not a secret\n");
    return { example: p, view, index: i, rel };
  });
  const found = new Map();
  for (const view of ["relative", "root"]) {
    const boxes = placed.filter((x) => x.view === view);
    if (boxes.length === 0) continue;
    // One scan per view: the root view of box i stands for "/" (so /etc/shadow is /etc/shadow).
    for (const x of boxes) {
      const opts = view === "root" ? { root: "/", home: HOME, noIgnore: true } : { noIgnore: true };
      const r = await scanWorkspace(join(dir, view, String(x.index)), opts);
      found.set(x.example, r.findings.filter((f) => f.kind === "file" && f.path === x.rel).map((f) => f.rule));
    }
  }
  return found;
}

test("every catalog entry has examples and look-alikes", (t) => {
  for (const rule of catalog.rules) {
    t.true(rule.examples.length >= 1, `${rule.id} has no examples`);
    t.true(rule.negative_examples.length >= 1, `${rule.id} has no negative_examples`);
  }
});

test("every catalog example, as a real file, is found by scanWorkspace with its own rule id", async (t) => {
  const examples = catalog.rules.flatMap((r) => r.examples.map((e) => ({ id: r.id, e })));
  const found = await scanPaths(t, examples.map((x) => x.e));
  for (const { id, e } of examples) t.deepEqual(found.get(e), [id], `${id}: example ${e}`);
  t.true(examples.length >= 300, `${examples.length} examples`);
});

test("no catalog look-alike, as a real file, is found by name", async (t) => {
  const negatives = catalog.rules.flatMap((r) => r.negative_examples.map((e) => ({ id: r.id, e })));
  const found = await scanPaths(t, negatives.map((x) => x.e));
  for (const { id, e } of negatives) t.deepEqual(found.get(e), [], `${id}: look-alike ${e}`);
});

test("every secret rule has examples and look-alikes", (t) => {
  for (const rule of secrets.rules) {
    t.true(rule.examples.length >= 1, `${rule.id} has no examples`);
    t.true(rule.negative_examples.length >= 1, `${rule.id} has no negative_examples`);
  }
});

test("every secret example, written to a file, is found by scanWorkspace with its own rule id; no look-alike fires its rule", async (t) => {
  const dir = tempDir(t);
  const cases = [];
  secrets.rules.forEach((rule, i) => {
    rule.examples.forEach((ex, j) => cases.push({ id: rule.id, file: `examples/${i}-${j}.txt`, text: ex, positive: true }));
    rule.negative_examples.forEach((ex, j) => cases.push({ id: rule.id, file: `lookalikes/${i}-${j}.txt`, text: ex, positive: false }));
  });
  mkdirSync(join(dir, "examples"));
  mkdirSync(join(dir, "lookalikes"));
  for (const c of cases) writeFileSync(join(dir, c.file), c.text + "\n");
  const r = await scanWorkspace(dir);
  const byPath = new Map();
  for (const f of r.findings) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  for (const c of cases) {
    const ids = (byPath.get(c.file) ?? []).map((f) => f.rule);
    if (c.positive) t.true(ids.includes(c.id), `${c.id}: example ${JSON.stringify(c.text).slice(0, 120)} gave ${JSON.stringify(ids)}`);
    else t.false(ids.includes(c.id), `${c.id}: look-alike ${JSON.stringify(c.text).slice(0, 120)} fired`);
  }
  // No finding prints its secret: a preview is short and elided.
  for (const f of r.findings.filter((x) => x.kind === "secret")) t.regex(f.preview, /^.{0,4}\*\*\*\*….{0,2}$/s);
  t.is(r.stats.files, cases.length);
});
