#!/usr/bin/env node
// The `airlock` executable. CommonJS, so that the hook — a new process for every tool call —
// runs its bundle (hook-loader.cts) without starting Node's ES module loader (~4 ms of its
// latency). Every other command, and the hook when the build made no bundle, runs main.js.
import hookLoader = require("./hook-loader.cjs");

function runMain(): void {
  import("./main.js").catch((err: unknown) => {
    if (process.argv[2] === "hook") hookLoader.hookLoadFailed(err);
    else {
      process.stderr.write(`airlock: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 4; // EXIT.internal (exit.ts, an ES module)
    }
  });
}

const argv = process.argv;
if (argv[2] === "hook" && argv[3] === "claude" && argv.length === 4) {
  let bundle: ReturnType<typeof hookLoader.loadHookBundle>;
  try {
    bundle = hookLoader.loadHookBundle();
  } catch {
    bundle = undefined; // a damaged bundle: main.js loads the modules it was made from
  }
  if (bundle) void bundle.hook.runHookCli(); // answers, and fails closed, itself
  else runMain();
} else {
  runMain();
}
