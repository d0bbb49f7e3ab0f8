// Shared helpers for the bench scripts: where things are, and small statistics.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(BENCH, "..");
export const BIN = join(ROOT, "dist/cli/airlock.cjs");
/** The public benchmark data, read at run time and never copied into the project. */
export const EVAL = process.env.AIRLOCK_EVAL_DIR ?? resolve(ROOT, "../shared/eval");

export function requireBuilt() {
  if (!existsSync(BIN)) {
    console.error("bench: build first (npm run build at the repository root)");
    process.exit(2);
  }
}

export function readJsonl(file) {
  if (!existsSync(file)) {
    console.error(`bench: ${file} not found (set AIRLOCK_EVAL_DIR to the folder holding the public benchmark)`);
    process.exit(2);
  }
  return readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
}

export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export function pct(n, d) {
  return d === 0 ? "—" : `${((100 * n) / d).toFixed(1)}%`;
}

export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ")).join("\n");
}
