// Reads a rules file. The build compiles each rules/*.yaml into a JSON snapshot beside the
// compiled code (dist/rules/NAME.json): parsing YAML costs ~150 ms per process, JSON a few,
// and the hook starts a process per command. A snapshot older than its YAML (a user edited
// the rules) is ignored, and the YAML library is loaded only then.
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { UserError } from "./types.js";

const require = createRequire(import.meta.url);
const SNAPSHOTS = fileURLToPath(new URL("../rules/", import.meta.url));
/** The rules/ folder shipped with the package. */
export const RULES_DIR = fileURLToPath(new URL("../../rules/", import.meta.url));

function mtime(p: string): number | undefined {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
}

export function parseYamlText(text: string, source: string): unknown {
  const { parse } = require("yaml") as typeof import("yaml");
  try {
    return parse(text);
  } catch (err) {
    throw new UserError(`${source}: invalid YAML: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  }
}

/** The parsed JSON of dist/rules/NAME[.PART].json, when `file` is the shipped rules/NAME.yaml
 *  and the snapshot is at least as new as it; else undefined. */
function readSnapshot(file: string, part?: string): unknown {
  if (!file.startsWith(RULES_DIR) || !file.endsWith(".yaml")) return undefined;
  const snap = SNAPSHOTS + basename(file, ".yaml") + (part === undefined ? "" : `.${part}`) + ".json";
  const s = mtime(snap);
  const y = mtime(file);
  if (s === undefined || (y !== undefined && s < y)) return undefined;
  try {
    return JSON.parse(readFileSync(snap, "utf8"));
  } catch {
    return undefined;
  }
}

/** A digest the build derived from a shipped rules file (scripts/build-rules.mjs), such as the
 *  secret formats' keywords, when it is current; else undefined and the caller derives it. */
export function readRulesDigest(file: string, part: string): unknown {
  return readSnapshot(file, part);
}

/** Parsed content of a YAML rules file, from its snapshot when that is current. */
export function readRulesFile(file: string): unknown {
  const snapshot = readSnapshot(file);
  if (snapshot !== undefined) return snapshot;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UserError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return parseYamlText(text, file);
}
