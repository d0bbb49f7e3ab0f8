// `airlock rules check`: every rule file validates, every rule's examples fire and its
// look-alikes do not — run through the whole engine, as the test suite does.
import type { Command } from "commander";
import { checkSensitiveCatalog, loadSensitiveCatalog } from "../catalog/sensitive-files.js";
import { checkCommandRules } from "../shell/rule-examples.js";
import { EXIT } from "./exit.js";

type Check = { name: string; run: () => string[] | Promise<string[]> };

export function registerRules(program: Command): void {
  const rules = program.command("rules").description("inspect and validate the rule files");
  rules
    .command("check")
    .description("validate rules/*.yaml: ids, patterns, and that every example and look-alike behaves")
    .action(async () => {
      const checks: Check[] = [
        { name: "rules/sensitive-files.yaml", run: () => checkSensitiveCatalog(loadSensitiveCatalog()) },
        { name: "rules/commands.yaml", run: () => checkCommandRules() },
      ];
      try {
        const { checkSecretRules, loadSecretRules } = await import("../catalog/secrets.js");
        checks.push({ name: "rules/secrets.yaml", run: () => checkSecretRules(loadSecretRules()) });
      } catch {
        // no secret catalog in this build
      }
      let failed = 0;
      for (const c of checks) {
        let problems: string[];
        try {
          problems = await c.run();
        } catch (err) {
          problems = [(err as Error).message];
        }
        failed += problems.length;
        process.stdout.write(`${problems.length ? "✗" : "✓"} ${c.name}${problems.length ? `: ${problems.length} problem(s)` : ""}\n`);
        for (const p of problems.slice(0, 50)) process.stdout.write(`    ${p}\n`);
      }
      process.exit(failed ? EXIT.findings : EXIT.ok);
    });
}
