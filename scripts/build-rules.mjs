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
// Digests read by code that needs only a little of a rules file (src/core/rules-file.ts
// readRulesDigest): the audit log's redaction checks the secret formats' keywords before it
// loads the formats, and reading 130 KB of JSON for that cost every hook process ~1.5 ms.
const secrets = parse(readFileSync(join(root, "rules", "secrets.yaml"), "utf8"));
const keywords = [...new Set((secrets.rules ?? []).flatMap((r) => (Array.isArray(r.keywords) ? r.keywords.filter((k) => typeof k === "string") : [])))];
writeFileSync(join(out, "secrets.keywords.json"), JSON.stringify(keywords));

// The shipped catalog's globs, compiled (src/catalog/glob.ts globRecords): loading the catalog
// then only builds its index, instead of expanding and classifying ~550 globs in every process.
const { globRecords } = await import(new URL("../dist/catalog/glob.js", import.meta.url).href);
const catalog = parse(readFileSync(join(root, "rules", "sensitive-files.yaml"), "utf8"));
const globs = [...(catalog.exclude ?? []), ...(catalog.entries ?? []).flatMap((e) => [...(e.paths ?? []), ...(e.exclude ?? [])])];
writeFileSync(join(out, "sensitive-files.globs.json"), JSON.stringify(Object.fromEntries(globs.map((g) => [g, globRecords(g)]))));
