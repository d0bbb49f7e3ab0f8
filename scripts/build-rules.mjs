#!/usr/bin/env node
// Build step: rules/*.yaml → dist/rules/*.json snapshots (see src/core/rules-file.ts).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = fileURLToPath(new URL("../", import.meta.url));
const out = join(root, "dist/rules");
mkdirSync(out, { recursive: true });
for (const f of readdirSync(join(root, "rules")).filter((f) => f.endsWith(".yaml"))) {
  const data = parse(readFileSync(join(root, "rules", f), "utf8"));
  writeFileSync(join(out, f.replace(/\.yaml$/, ".json")), JSON.stringify(data));
}
