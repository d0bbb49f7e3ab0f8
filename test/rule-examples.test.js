// The verdict rules' examples and look-alikes (rules/commands.yaml) run through the whole
// analyzer; a rule without examples fails.
import test from "ava";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkCommandRules } from "../dist/index.js";
import { ROOT } from "./helpers/cli.js";

test("every verdict rule's examples match and its look-alikes do not", (t) => {
  t.deepEqual(checkCommandRules(), []);
});

test("a verdict rule without examples fails the check", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "airlock-rules-"));
  const text = readFileSync(join(ROOT, "rules/commands.yaml"), "utf8").replace(/\n  A3:\n    match:\n(?:      - .*\n)+/, "\n  A3:\n    match: []\n");
  const file = join(dir, "commands.yaml");
  writeFileSync(file, text);
  t.true(checkCommandRules(file).some((p) => p.startsWith("A3: has no examples")));
});

test("a wrong expectation is reported with what the analyzer found", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "airlock-rules-"));
  const text = readFileSync(join(ROOT, "rules/commands.yaml"), "utf8").replace('      - "ls /etc"', '      - "touch /etc/motd"');
  const file = join(dir, "commands.yaml");
  writeFileSync(file, text);
  t.true(checkCommandRules(file).includes("P2: look-alike matched: touch /etc/motd"));
  const text2 = text.replace('      - "crontab -r"', '      - "crontab -l -x"');
  writeFileSync(file, text2);
  t.true(checkCommandRules(file).some((p) => p.startsWith("P2: example not found: crontab -l -x")));
});
