// Runs the built CLI as a user would: a real process, real stdin/stdout, exit code.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = fileURLToPath(new URL("../../dist/cli/airlock.cjs", import.meta.url));

export function airlock(args, { input, env, cwd } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    cwd: cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}
