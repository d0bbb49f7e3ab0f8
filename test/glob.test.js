// The catalog's own glob translator must agree with picomatch (the reference) on every glob of
// the shipped catalog, over every example and look-alike path in it.
import test from "ava";
import { loadSensitiveCatalog } from "../dist/index.js";
import { expandBraces, globToRegExp, globToRegExpReference } from "../dist/catalog/glob.js";

test("globToRegExp agrees with picomatch on every catalog glob and example path", (t) => {
  const catalog = loadSensitiveCatalog();
  const globs = new Set();
  const paths = new Set();
  for (const r of catalog.rules) {
    for (const g of [...r.paths, ...r.exclude]) for (const alt of expandBraces(g)) globs.add(alt.replace(/^~\//, "").replace(/^\//, ""));
    for (const p of [...r.examples, ...r.negative_examples]) {
      const rel = p.replace(/^~\//, "").replace(/^\/home\/dev\//, "").replace(/^\//, "");
      paths.add(rel);
      paths.add(rel.split("/").pop());
    }
  }
  let compared = 0;
  const diffs = [];
  for (const g of globs) {
    const mine = globToRegExp(g);
    const ref = globToRegExpReference(g);
    for (const p of paths) {
      compared++;
      if (mine.test(p) !== ref.test(p)) diffs.push(`${g} vs ${p}: ours ${mine.test(p)}, picomatch ${ref.test(p)}`);
    }
  }
  t.true(globs.size > 100 && paths.size > 300, `${globs.size} globs, ${paths.size} paths`);
  t.deepEqual(diffs.slice(0, 20), [], `${diffs.length} of ${compared} comparisons differ`);
});
