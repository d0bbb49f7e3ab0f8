// `check --file SCRIPT --format sarif`: the CLI side of src/report/sarif.ts. Here, where the
// process is known, the script's path becomes relative to the working directory (the
// repository root when run from CI), which then stands for %SRCROOT%.
import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { DetailedAnalysis } from "../core/types.js";
import { checkSarif as buildCheckSarif, type SarifLog } from "../report/sarif.js";

export function packageVersion(): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

export function checkSarif(command: string, file: string, a: DetailedAnalysis): SarifLog {
  const cwd = process.cwd();
  const abs = resolve(cwd, file);
  const rel = relative(cwd, abs);
  const inside = rel !== "" && rel !== ".." && !rel.startsWith(".." + sep) && !isAbsolute(rel);
  const toolVersion = packageVersion();
  return buildCheckSarif(command, inside ? rel.split(sep).join("/") : abs, a, {
    ...(toolVersion ? { toolVersion } : {}),
    ...(inside ? { uriBase: cwd } : {}),
  });
}
