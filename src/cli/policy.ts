// `airlock policy`: the effective policy for a directory, with where each setting came from.
import { resolve } from "node:path";
import type { Command } from "commander";
import { loadPolicy } from "../policy/load.js";
import { EXIT } from "./exit.js";

export function registerPolicy(program: Command): void {
  program
    .command("policy")
    .description("print the effective policy (defaults ← user ← project ← managed) and the origin of each setting")
    .option("--cwd <dir>", "the directory whose project policy applies", process.cwd())
    .option("--json", "print JSON")
    .action((opts: { cwd: string; json?: boolean }) => {
      let p;
      try {
        p = loadPolicy({ cwd: resolve(opts.cwd), home: process.env["HOME"] ?? "/root", env: process.env });
      } catch (err) {
        process.stderr.write(`airlock: ${(err as Error).message}\n`);
        process.exit(EXIT.usage);
      }
      if (opts.json) {
        process.stdout.write(JSON.stringify(p, null, 2) + "\n");
        return;
      }
      const o = p.origins;
      const lines = [`files: ${p.files.length ? p.files.map((f) => `${f.layer} ${f.path}`).join(", ") : "(built-in defaults only)"}`, "rules:"];
      for (const [id, v] of Object.entries(p.rules)) lines.push(`  ${id.padEnd(9)} ${v.padEnd(5)}  ← ${o[`rules.${id}`] ?? "default"}`);
      for (const kind of ["deny", "ask", "allow"] as const) for (const pat of p.permissions[kind]) lines.push(`permissions.${kind}: ${JSON.stringify(pat)}  ← ${o[`permissions.${kind}.${pat}`]}`);
      for (const h of p.network.trusted) lines.push(`network.trusted: ${h}  ← ${o[`network.trusted.${h}`]}`);
      lines.push(`audit: ${p.audit.enabled ? `on${p.audit.path ? ` (${p.audit.path})` : ""}` : "off"}  ← ${o["audit.enabled"] ?? "default"}`);
      lines.push(`hook: budget ${p.hook.budget_ms} ms, on error ${p.hook.on_error}`);
      process.stdout.write(lines.join("\n") + "\n");
    });
}
