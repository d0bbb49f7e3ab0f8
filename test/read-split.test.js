// `read`'s division of a line among variables (src/shell/read-split.ts) against bash itself:
// random lines over an alphabet of letters, IFS characters and backslashes, random IFS values,
// one to three variables, with and without -r. All cases of a run go to one bash process.
// READ_SPLIT_RUNS=n sets the number of cases (default 300), READ_SPLIT_SEED=s replays a run.
import test from "ava";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { readSplit } from "../dist/shell/read-split.js";
import { airlock } from "./helpers/cli.js";

const RUNS = Number(process.env.READ_SPLIT_RUNS ?? 300);
const SEED = process.env.READ_SPLIT_SEED === undefined ? undefined : Number(process.env.READ_SPLIT_SEED);

/** $'…' quoting, so that tabs, quotes and backslashes reach bash exactly. */
const ansiC = (s) => "$'" + [...s].map((c) => (c === "\\" ? "\\\\" : c === "'" ? "\\'" : c === "\t" ? "\\t" : c)).join("") + "'";

const caseArb = fc.record({
  line: fc.array(fc.constantFrom("a", "b", "s", ":", ",", " ", " ", "\t", "\\"), { maxLength: 14 }).map((a) => a.join("")),
  ifs: fc.constantFrom(" \t\n", ":", ": ", ",:", " ", "", "\t", ", \t"),
  count: fc.integer({ min: 1, max: 3 }),
  raw: fc.boolean(),
});

test("readSplit divides a line as bash's read does", (t) => {
  const cases = fc.sample(caseArb, SEED === undefined ? { numRuns: RUNS } : { numRuns: RUNS, seed: SEED });
  const judged = cases.map((c) => ({ ...c, ours: readSplit(c.line, c.ifs, c.count, c.raw) })).filter((c) => c.ours !== undefined);
  t.true(judged.length > RUNS / 2, "most random cases are decidable");
  const vars = ["v0", "v1", "v2"];
  const script = judged
    .map((c) => {
      const names = vars.slice(0, c.count).join(" ");
      const out = vars.slice(0, c.count).map((v) => `"$${v}"`).join(" ");
      return `unset ${vars.join(" ")}; IFS=${ansiC(c.ifs)} read ${c.raw ? "-r " : ""}${names} <<< ${ansiC(c.line)}; printf '%s\\x1f' ${out}; printf '\\x1e'`;
    })
    .join("\n");
  const r = spawnSync("bash", ["--norc", "--noprofile"], { input: script, encoding: "utf8" });
  t.is(r.status, 0, r.stderr);
  const answers = r.stdout.split("\x1e").slice(0, -1).map((a) => a.split("\x1f").slice(0, -1));
  t.is(answers.length, judged.length);
  judged.forEach((c, k) => {
    t.deepEqual(c.ours, answers[k], `read ${c.raw ? "-r " : ""}(${c.count} vars) IFS=${JSON.stringify(c.ifs)} line=${JSON.stringify(c.line)}`);
  });
});

test("read with IFS, -d or an escaped character is seen through or unknown, never misread", (t) => {
  const verdict = (cmd) => JSON.parse(airlock(["check", "--json", "--", cmd]).stdout).verdict;
  t.is(verdict("IFS=: read -r a b <<< 'sudo:id'; $a $b"), "deny");
  t.is(verdict("read x <<< 's\\udo'; $x id"), "deny");
  t.is(verdict("IFS=, ; read -r a b <<< 'x,sudo'; $b id"), "deny");
  t.is(verdict("read -d : x <<< 'sudo:id'; $x id"), "ask");
  t.is(verdict("IFS=$SEP read -r a b <<< 'sudo:id'; $a $b"), "ask");
  t.is(verdict("IFS=: read -r user shell <<< 'dev:/bin/bash'; echo \"$user uses $shell\""), "allow");
});
