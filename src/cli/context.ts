// The effective policy for a working directory, as the CLI commands need it. A policy that
// fails to load does not crash a check: it becomes an ask with the reason.
import type { DetailedAnalysis } from "../core/types.js";
import { loadPolicy } from "../policy/load.js";
import type { LoadedPolicy } from "../policy/load.js";

export type PolicyResult = { ok: true; policy: LoadedPolicy } | { ok: false; failure: DetailedAnalysis; message: string };

export function effectivePolicyFor(cwd: string, home: string): PolicyResult {
  try {
    return { ok: true, policy: loadPolicy({ cwd, home, env: process.env }) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, message, failure: { verdict: "ask", findings: [{ rule: "internal", verdict: "ask", message: `policy error: ${message}`, start: 0, end: 0 }], commands: [] } };
  }
}
