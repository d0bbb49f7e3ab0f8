#!/usr/bin/env node
// The command-line edge: the only place that reads argv, env and stdin, and calls exit.
// Each command's module is imported only when that command runs: the hook starts a process
// per tool call, and loading every command (walkers, progress bars, sandbox plans) would
// double its start-up time.
import { Command } from "commander";
import { EXIT } from "./exit.js";

type Register = (program: Command) => void;
const COMMANDS: Record<string, () => Promise<Register>> = {
  check: async () => (await import("./check.js")).registerCheck,
  scan: async () => (await import("./scan.js")).registerScan,
  scrub: async () => (await import("./scrub.js")).registerScrub,
  hook: async () => (await import("./hook.js")).registerHook,
  init: async () => (await import("./hook.js")).registerHook,
  policy: async () => (await import("./policy.js")).registerPolicy,
  rules: async () => (await import("./rules.js")).registerRules,
  plan: async () => (await import("./sandbox.js")).registerSandbox,
  run: async () => (await import("./sandbox.js")).registerSandbox,
};

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

try {
  const wanted = process.argv[2];
  const loaders = wanted !== undefined && COMMANDS[wanted] ? [COMMANDS[wanted]] : [...new Set(Object.values(COMMANDS))];
  const seen = new Set<Register>();
  for (const load of loaders) {
    const register = await load();
    if (seen.has(register)) continue;
    seen.add(register);
    register(program);
  }
  await program.parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`airlock: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(EXIT.internal);
}
