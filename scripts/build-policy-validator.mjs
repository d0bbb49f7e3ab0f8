#!/usr/bin/env node
// Build step: the policy schema's validator as code (ajv "standalone"), so a process that reads
// a policy file — the hook, once per tool call — does not load ajv and compile the schema
// (~100 ms). src/policy/load.ts falls back to compiling when this file is missing.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("../", import.meta.url));
const Ajv = require("ajv").default;
const standalone = require("ajv/dist/standalone").default;
const { POLICY_SCHEMA, POLICY_AJV_OPTIONS } = await import(`${root}dist/policy/schema.js`);
const ajv = new Ajv({ ...POLICY_AJV_OPTIONS, code: { source: true } });
writeFileSync(`${root}dist/policy/policy-validator.cjs`, standalone(ajv, ajv.compile(POLICY_SCHEMA)));
