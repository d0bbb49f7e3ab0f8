// Rendering of workspace scans and scrubs: text for people (chalk), JSON for tools. Paths are
// shown with control characters escaped (a file name can carry terminal escapes), and a
// secret is only ever shown as its redacted preview.
import chalk from "chalk";
import type { Manifest, ScanFinding, ScanResult, ScrubResult } from "../scrub/types.js";

/** A path or text safe to print on a terminal: control characters shown as \xNN. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** The finding as `scan --format json` prints it: the documented fields first. */
export function findingJson(f: ScanFinding): ScanFinding {
  return {
    rule: f.rule,
    kind: f.kind,
    path: f.path,
    line: f.line,
    column: f.column,
    preview: f.preview,
    endLine: f.endLine,
    endColumn: f.endColumn,
    message: f.message,
    fingerprint: f.fingerprint,
  };
}

export function scanJson(r: ScanResult): object {
  return { findings: r.findings.map(findingJson), stats: r.stats, skipped: r.skipped, baselined: r.baselined };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

export function scanText(r: ScanResult): string {
  const out: string[] = [];
  const width = Math.min(48, Math.max(0, ...r.findings.map((f) => location(f).length)));
  for (const f of r.findings) {
    const where = location(f).padEnd(width);
    const kind = f.kind === "file" ? chalk.magenta("file  ") : chalk.red("secret");
    const preview = f.preview === "" ? "" : `  ${chalk.cyan(printable(f.preview))}`;
    out.push(`${kind}  ${where}  ${chalk.bold(f.rule)}${preview}  ${chalk.dim(f.message)}`);
  }
  for (const s of r.skipped) out.push(chalk.yellow(`skipped ${printable(s.path)}: ${s.detail}`));
  const files = new Set(r.findings.map((f) => f.path)).size;
  const head = r.findings.length === 0 ? chalk.green("no findings") : chalk.red.bold(`${plural(r.findings.length, "finding")} in ${plural(files, "file")}`);
  const extra = [r.baselined > 0 ? `${r.baselined} known from the baseline` : "", r.stats.ignored > 0 ? `${plural(r.stats.ignored, "path")} ignored` : ""].filter(Boolean);
  out.push(`${head} (${plural(r.stats.files, "file")}, ${formatBytes(r.stats.bytes)}, ${r.stats.ms} ms${extra.length ? "; " + extra.join(", ") : ""})`);
  return out.join("\n") + "\n";
}

function location(f: ScanFinding): string {
  return f.kind === "file" ? printable(f.path) : `${printable(f.path)}:${f.line}:${f.column}`;
}

export function scrubSummary(r: ScrubResult, src: string): string {
  const s = r.manifest.summary;
  const parts = [
    `${plural(s.copied, "file")} copied`,
    `${s.removed} removed`,
    `${s.redacted} redacted`,
    `${s.dropped} dropped`,
    `${s.skipped} skipped`,
    `${s.ignored} ignored`,
  ];
  return `scrubbed ${printable(src)} → ${printable(r.out)}: ${parts.join(", ")} (${formatBytes(r.manifest.stats.bytes)} in ${(r.manifest.stats.ms / 1000).toFixed(2)} s)\n`;
}

export function scrubText(r: ScrubResult, src: string): string {
  const out: string[] = [];
  for (const e of r.manifest.entries) {
    const color = e.action === "removed" ? chalk.magenta : e.action === "redacted" ? chalk.red : chalk.yellow;
    const lines = e.secrets ? ` (line${e.secrets.length === 1 ? "" : "s"} ${e.secrets.map((x) => x.line).join(", ")})` : "";
    out.push(`${color(e.action.padEnd(8))}  ${printable(e.path)}${lines}  ${chalk.dim(e.rules.length ? `${e.rules.join(", ")}: ${e.reason}` : e.reason)}`);
  }
  return out.join("\n") + (out.length ? "\n" : "") + scrubSummary(r, src);
}

export function scrubJson(r: ScrubResult): object {
  const m: Manifest = r.manifest;
  return { out: r.out, manifest: `${r.out}/.airlock-manifest.json`, summary: m.summary, stats: m.stats, entries: m.entries, findings: r.findings.map(findingJson) };
}
