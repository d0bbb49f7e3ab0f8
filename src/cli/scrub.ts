// `airlock scrub SRC OUT`: write the sanitized overlay (see src/scrub/overlay.ts).
// Exit 0 when the overlay is in place, 2 on a usage or input error (nothing written), 4 on an
// internal error (nothing left at OUT but what was there before). Interrupted (SIGINT/SIGTERM):
// the partial overlay is removed before exiting 130/143.
import type { Command } from "commander";
import { UserError } from "../core/types.js";
import { scrubJson, scrubText } from "../report/scan.js";
import { scrubWorkspace } from "../scrub/overlay.js";
import { EXIT } from "./exit.js";
import { configureColor, progressBar } from "./scan-progress.js";

interface ScrubCliOpts {
  json?: boolean;
  force?: boolean;
  ignore: boolean;
  includeGit?: boolean;
}

export function registerScrub(program: Command): void {
  program
    .command("scrub")
    .description("write a sanitized copy of SRC at OUT: ignored paths left out, credential files removed, inline secrets redacted, plus a manifest")
    .argument("<src>", "the source directory (never written to)")
    .argument("<out>", "where the overlay goes (must not exist, or --force)")
    .option("--json", "print what was done as JSON")
    .option("--force", "replace OUT if it is an earlier overlay (only once the new one is complete)")
    .option("--no-ignore", "also copy (and scan) what .gitignore, .dockerignore and .airlockignore exclude")
    .option("--include-git", "copy .git/ too (scanned like any file)")
    .action(async (src: string, out: string, opts: ScrubCliOpts) => {
      configureColor(process.stdout);
      const abort = new AbortController();
      const signals: [NodeJS.Signals, number][] = [
        ["SIGINT", 130],
        ["SIGTERM", 143],
        ["SIGHUP", 129],
      ];
      let exitFor: number | undefined;
      for (const [sig, code] of signals) {
        process.once(sig, () => {
          exitFor = code;
          abort.abort(new Error(`interrupted by ${sig}`));
        });
      }
      const bar = await progressBar("scrubbing");
      try {
        const result = await scrubWorkspace(src, out, {
          force: Boolean(opts.force),
          noIgnore: !opts.ignore,
          includeGit: Boolean(opts.includeGit),
          onProgress: bar.update,
          signal: abort.signal,
        });
        bar.stop();
        if (opts.json) process.stdout.write(JSON.stringify(scrubJson(result), null, 2) + "\n");
        else process.stdout.write(scrubText(result, src));
        process.exitCode = EXIT.ok;
      } catch (err) {
        bar.stop();
        if (exitFor !== undefined) {
          process.stderr.write(`airlock: scrub interrupted; the new overlay was removed (${out} is as it was)\n`);
          process.exit(exitFor);
        }
        if (err instanceof UserError) {
          process.stderr.write(`airlock: ${err.message}\n`);
          process.exit(EXIT.usage);
        }
        throw err;
      }
    });
}
