// SARIF for `check --file`: placeholder until src/report/sarif.ts lands.
import type { DetailedAnalysis } from "../core/types.js";

export function checkSarif(_command: string, _file: string, _a: DetailedAnalysis): object {
  throw new Error("SARIF output is not available yet");
}
