#!/usr/bin/env node
// The command-line edge: the only place that reads argv, env and stdin, and calls exit.
import { Command } from "commander";
import { registerCheck } from "./check.js";
import { registerScan } from "./scan.js";
import { registerScrub } from "./scrub.js";
import { registerHook } from "./hook.js";
import { registerPolicy } from "./policy.js";
import { registerRules } from "./rules.js";
import { registerSandbox } from "./sandbox.js";
import { EXIT } from "./exit.js";

const program = new Command();
program
  .name("airlock")
  .description("Stands between an AI coding agent and the machine: judges commands, scrubs workspaces.")
  .version("0.1.0")
  .exitOverride((err) => {
    // commander's own exits (help, version) keep their code; usage errors are 2.
    if (err.exitCode === 0) process.exit(0);
    process.exit(EXIT.usage);
  });

registerCheck(program);
registerScan(program);
registerScrub(program);
registerHook(program);
registerPolicy(program);
registerRules(program);
registerSandbox(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`airlock: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(EXIT.internal);
}
