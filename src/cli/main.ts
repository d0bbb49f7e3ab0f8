#!/usr/bin/env node
// The command-line edge: the only place that reads argv, env and stdin, and calls exit.
// Each command's module is imported only when that command runs, and the hook — which runs
// once per tool call — skips the argument parser altogether: start-up time is its latency.
import type { Command } from "commander";
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

async function main(argv: string[]): Promise<void> {
  const { Command: CommandClass } = await import("commander");
  const program: Command = new CommandClass();
  program
    .name("airlock")
    .description("Stands between an AI coding agent and the machine: judges commands, scrubs workspaces.")
    .version("0.1.0")
    .exitOverride((err) => {
      // commander's own exits (help, version) keep their code; usage errors are 2.
      process.exit(err.exitCode === 0 ? 0 : EXIT.usage);
    });
  const wanted = argv[2];
  const loaders = wanted !== undefined && COMMANDS[wanted] ? [COMMANDS[wanted]] : [...new Set(Object.values(COMMANDS))];
  const seen = new Set<Register>();
  for (const load of loaders) {
    const register = await load();
    if (seen.has(register)) continue;
    seen.add(register);
    register(program);
  }
  await program.parseAsync(argv);
}

/** The hook's code bundled into one file at build time (faster to load), else its modules. */
async function loadHook(): Promise<{ runHookCli(): Promise<void> }> {
  try {
    const { loadHookBundle } = await import("./hook-loader.cjs");
    const bundle = loadHookBundle();
    if (bundle) return bundle.hook;
  } catch {
    // a damaged bundle: the modules it was made from judge the same
  }
  return import("./hook.js");
}

try {
  if (process.argv[2] === "hook" && process.argv[3] === "claude" && process.argv.length === 4) {
    let hook: { runHookCli(): Promise<void> } | undefined;
    try {
      hook = await loadHook();
    } catch (err) {
      (await import("./hook-loader.cjs")).hookLoadFailed(err);
    }
    await hook?.runHookCli(); // fails closed itself
  } else {
    await main(process.argv);
  }
} catch (err) {
  process.stderr.write(`airlock: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(EXIT.internal);
}
