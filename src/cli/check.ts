// `airlock check`: judge one command, a script file, or a stream of JSON lines.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { resolve } from "node:path";
import type { Command } from "commander";
import type { DetailedAnalysis, Verdict } from "../core/types.js";
import { analyzeCommand } from "../shell/analyze.js";
import { parserBackend } from "../shell/parse.js";
import { checkJson } from "../report/check-json.js";
import { EXIT } from "./exit.js";
import { effectivePolicyFor } from "./context.js";

export const VERDICT_EXIT: Record<Verdict, number> = { allow: EXIT.ok, ask: EXIT.findings, deny: EXIT.deny };

export function warnIfFallback(): void {
  const b = parserBackend();
  if (b.backend === "wasm") process.stderr.write(`airlock: native tree-sitter unavailable (${b.reason}); using web-tree-sitter (slower, same results)\n`);
}

interface CheckOpts {
  json?: boolean;
  jsonl?: boolean;
  explain?: boolean;
  cwd?: string;
  file?: string;
  format?: string;
}

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("judge a bash command: deny, ask or allow, with the findings behind it")
    .argument("[command...]", "the command (several words are joined with spaces)")
    .option("--json", "print the result as JSON")
    .option("--jsonl", "read JSON lines {\"command\", \"cwd\"?} on stdin, write one result line each")
    .option("--explain", "also print the simple commands as bash would run them, and evidence")
    .option("--cwd <dir>", "the directory the command runs in (default: the current directory)")
    .option("--file <script>", "analyse a shell script file instead of an argument")
    .option("--format <format>", "output format for --file: text|json|sarif", "text")
    .action(async (words: string[], opts: CheckOpts) => {
      warnIfFallback();
      const home = process.env["HOME"] ?? "/root";
      const cwd = resolve(opts.cwd ?? process.cwd());
      if (opts.jsonl) {
        await checkJsonl(home, cwd);
        process.exit(EXIT.ok);
      }
      let command: string;
      if (opts.file) {
        try {
          command = readFileSync(opts.file, "utf8");
        } catch (err) {
          process.stderr.write(`airlock: cannot read ${opts.file}: ${(err as Error).message}\n`);
          process.exit(EXIT.usage);
        }
      } else {
        if (words.length === 0) {
          process.stderr.write("airlock: check needs a command (or --file SCRIPT, or --jsonl)\n");
          process.exit(EXIT.usage);
        }
        command = words.join(" ");
      }
      const policy = effectivePolicyFor(cwd, home);
      const a: DetailedAnalysis = policy.ok ? analyzeCommand(command, { cwd, home, policy: policy.policy }) : policy.failure;
      if (opts.format === "sarif") {
        const { checkSarif } = await import("./check-sarif.js");
        process.stdout.write(JSON.stringify(checkSarif(command, opts.file ?? "command.sh", a), null, 2) + "\n");
      } else if (opts.json || opts.format === "json") process.stdout.write(JSON.stringify(checkJson(a)) + "\n");
      else process.stdout.write((await import("../report/check-text.js")).renderCheckText(command, a, !!opts.explain));
      process.exit(VERDICT_EXIT[a.verdict]);
    });
}

/** One result line per input line, in order; a bad line is A4 ask and processing goes on. */
async function checkJsonl(home: string, defaultCwd: string): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const policies = new Map<string, ReturnType<typeof effectivePolicyFor>>();
  for await (const line of rl) {
    let result: unknown;
    try {
      const obj = JSON.parse(line) as unknown;
      if (!obj || typeof obj !== "object" || typeof (obj as { command?: unknown }).command !== "string") throw new Error("expected an object with a string \"command\"");
      const o = obj as { command: string; cwd?: unknown };
      const cwd = typeof o.cwd === "string" ? o.cwd : defaultCwd;
      let p = policies.get(cwd);
      if (!p) policies.set(cwd, (p = effectivePolicyFor(cwd, home)));
      result = checkJson(p.ok ? analyzeCommand(o.command, { cwd, home, policy: p.policy }) : p.failure);
    } catch (err) {
      result = { verdict: "ask", findings: [{ rule: "A4", verdict: "ask", message: `input line is not valid: ${(err as Error).message}`, start: 0, end: 0 }] };
    }
    process.stdout.write(JSON.stringify(result) + "\n");
  }
}
