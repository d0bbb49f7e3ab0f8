// `airlock scan DIR`: report credential files and inline secrets; writes nothing.
// Exit 0 when nothing is found, 1 when something is, 2 on a usage or input error.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { UserError } from "../core/types.js";
import { scanJson, scanText } from "../report/scan.js";
import { scanSarif } from "../report/sarif.js";
import { packageVersion } from "./check-sarif.js";
import { scanWorkspace } from "../scrub/scan.js";
import { scanStaged } from "../scrub/staged.js";
import type { ScanFinding, ScanOptions, ScanResult } from "../scrub/types.js";
import { EXIT } from "./exit.js";
import { configureColor, progressBar } from "./scan-progress.js";

interface ScanCliOpts {
  format: string;
  ignore: boolean;
  includeGit?: boolean;
  baseline?: string;
  staged?: boolean;
}

const FORMATS = ["text", "json", "sarif"];

export function registerScan(program: Command): void {
  program
    .command("scan")
    .description("report credential files and inline secrets in a directory (writes nothing)")
    .argument("[dir]", "the directory to scan (default: the current directory)")
    .option("--format <format>", `output: ${FORMATS.join("|")}`, "text")
    .option("--no-ignore", "also scan what .gitignore, .dockerignore and .airlockignore exclude")
    .option("--include-git", "also scan .git/ (its config can hold credentials in remote URLs)")
    .option("--baseline <file>", "a previous `scan --format json` output: its findings are not reported again")
    .option("--staged", "scan the changes staged in git's index (what the next commit records), not the working tree")
    .action(async (dir: string | undefined, opts: ScanCliOpts) => {
      configureColor(process.stdout);
      try {
        if (!FORMATS.includes(opts.format)) throw new UserError(`--format: expected one of ${FORMATS.join(", ")}, got ${JSON.stringify(opts.format)}`);
        const options: ScanOptions = { noIgnore: !opts.ignore, includeGit: Boolean(opts.includeGit) };
        if (opts.baseline !== undefined) options.baseline = readBaseline(opts.baseline);
        const bar = opts.staged ? undefined : await progressBar("scanning");
        if (bar) options.onProgress = bar.update;
        let result: ScanResult;
        try {
          result = opts.staged ? await scanStaged(dir ?? ".", options) : await scanWorkspace(dir ?? ".", options);
        } finally {
          bar?.stop();
        }
        if (opts.format === "json") process.stdout.write(JSON.stringify(scanJson(result), null, 2) + "\n");
        else if (opts.format === "sarif") process.stdout.write(JSON.stringify(sarif(result), null, 2) + "\n");
        else process.stdout.write(scanText(result));
        process.exitCode = result.findings.length > 0 ? EXIT.findings : EXIT.ok;
      } catch (err) {
        if (err instanceof UserError) {
          process.stderr.write(`airlock: ${err.message}\n`);
          process.exit(EXIT.usage);
        }
        throw err;
      }
    });
}

function sarif(result: ScanResult): object {
  return scanSarif(result, { toolVersion: packageVersion() ?? "0.0.0", uriBase: result.root });
}

/** A baseline: a `scan --format json` document (or its findings array). */
function readBaseline(file: string): Pick<ScanFinding, "rule" | "path" | "fingerprint">[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UserError(`--baseline ${file}: cannot be read as JSON (${(err as Error).message})`);
  }
  const list = Array.isArray(doc) ? doc : (doc as { findings?: unknown } | null)?.findings;
  if (!Array.isArray(list)) throw new UserError(`--baseline ${file}: expected the output of \`airlock scan --format json\` (an object with "findings")`);
  return list.map((f, i) => {
    const o = f as Record<string, unknown>;
    if (typeof o["rule"] !== "string" || typeof o["path"] !== "string" || typeof o["fingerprint"] !== "string") {
      throw new UserError(`--baseline ${file}: findings[${i}] needs string fields "rule", "path" and "fingerprint"`);
    }
    return { rule: o["rule"], path: o["path"], fingerprint: o["fingerprint"] };
  });
}
