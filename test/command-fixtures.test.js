// Runs every labelled case of fixtures/commands/*.yaml through the analyzer: the verdict, the
// rule among the findings, the span of that finding, and its data source's span.
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { analyzeCommand } from "../dist/index.js";
import { ROOT } from "./helpers/cli.js";

const DIR = join(ROOT, "fixtures/commands");
const FIELDS = new Set(["command", "verdict", "rule", "span", "source", "cwd", "note"]);
const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();
const all = new Map();

for (const file of files) {
  const cases = parse(readFileSync(join(DIR, file), "utf8"));
  test(`fixtures/commands/${file}`, (t) => {
    t.true(Array.isArray(cases) && cases.length > 0, "a list of cases");
    const failures = [];
    for (const c of cases) {
      const unknown = Object.keys(c).filter((k) => !FIELDS.has(k));
      if (unknown.length) failures.push(`unknown field(s) ${unknown} in ${JSON.stringify(c.command)}`);
      if (typeof c.command !== "string" || !["allow", "ask", "deny"].includes(c.verdict)) {
        failures.push(`malformed case ${JSON.stringify(c)}`);
        continue;
      }
      if (all.has(c.command)) failures.push(`duplicate command (also in ${all.get(c.command)}): ${JSON.stringify(c.command)}`);
      all.set(c.command, file);
      const r = analyzeCommand(c.command, { cwd: c.cwd ?? "/home/dev/project", home: "/home/dev" });
      const cut = (s) => (s.length > 100 ? s.slice(0, 100) + "…" : s);
      const got = `${r.verdict} [${r.findings.slice(0, 6).map((f) => `${f.rule}:${JSON.stringify(cut(c.command.slice(f.start, f.end)))}`).join(" ")}]`;
      const where = `${JSON.stringify(cut(c.command))}${c.note ? ` (${c.note})` : ""}`;
      if (r.verdict !== c.verdict) failures.push(`${where}: expected ${c.verdict}${c.rule ? ` ${c.rule}` : ""}, got ${got}`);
      else if (c.rule && c.rule !== "-") {
        const hits = r.findings.filter((f) => f.rule === c.rule);
        if (!hits.length) failures.push(`${where}: expected a ${c.rule} finding, got ${got}`);
        else if (c.span !== undefined && !hits.some((f) => c.command.slice(f.start, f.end) === c.span)) failures.push(`${where}: expected ${c.rule} at ${JSON.stringify(c.span)}, got ${got}`);
        else if (c.source !== undefined && !hits.some((f) => f.evidence && c.command.slice(+f.evidence.sourceStart, +f.evidence.sourceEnd) === c.source))
          failures.push(`${where}: expected source ${JSON.stringify(c.source)}, got ${JSON.stringify(hits.map((f) => f.evidence))}`);
      } else if (c.verdict === "allow" && r.findings.some((f) => f.verdict !== "allow")) failures.push(`${where}: expected no finding, got ${got}`);
    }
    if (failures.length) t.log(`${failures.length} of ${cases.length} cases fail:\n${failures.join("\n")}`);
    t.is(failures.length, 0);
  });
}

test("the fixtures hold at least 500 labelled cases", (t) => {
  let n = 0;
  for (const file of files) n += parse(readFileSync(join(DIR, file), "utf8")).length;
  t.true(n >= 500, `${n} cases`);
});
