// SARIF 2.1.0 output: every log is checked against the official SARIF schema (draft-04, as
// shipped by @microsoft/jest-sarif) and against what GitHub code scanning needs on top of it.
import test from "ava";
import Ajv from "ajv-draft-04";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { analyzeCommand } from "../dist/index.js";
import { previewSecret } from "../dist/catalog/secrets.js";
import { checkSarif, scanSarif, relativeUri } from "../dist/report/sarif.js";
import { airlock } from "./helpers/cli.js";

const require = createRequire(import.meta.url);
const SCHEMA = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

// RFC 3986: a URI reference is unreserved / reserved characters and %HH escapes only.
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const ajv = new Ajv({
  allErrors: true,
  // The official schema's `language` pattern has a stray "]", which is only valid without the u flag.
  unicodeRegExp: false,
  formats: {
    uri: (s) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && URI_CHARS.test(s),
    "uri-reference": (s) => URI_CHARS.test(s),
    "date-time": (s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s),
  },
});
const validate = ajv.compile(SCHEMA);

/** Schema-valid, and what GitHub requires of an uploaded log. */
function assertSarif(t, log) {
  const roundTripped = JSON.parse(JSON.stringify(log));
  t.true(validate(roundTripped), JSON.stringify(validate.errors, null, 2));
  t.is(log.$schema, "https://json.schemastore.org/sarif-2.1.0.json");
  t.is(log.version, "2.1.0");
  t.is(log.runs.length, 1);
  const run = log.runs[0];
  t.is(run.tool.driver.name, "airlock");
  const ids = run.tool.driver.rules.map((r) => r.id);
  t.deepEqual(new Set(ids).size, ids.length, "rule ids are unique");
  for (const rule of run.tool.driver.rules) {
    t.true(typeof rule.help?.text === "string" && rule.help.text.length > 20, `${rule.id} has help.text`);
    t.truthy(rule.shortDescription?.text, `${rule.id} has shortDescription`);
    t.truthy(rule.fullDescription?.text, `${rule.id} has fullDescription`);
    t.true(rule.properties.tags.includes("security"));
  }
  for (const r of run.results) {
    t.is(run.tool.driver.rules[r.ruleIndex].id, r.ruleId, "ruleIndex points at the rule");
    t.regex(r.partialFingerprints?.primaryLocationLineHash ?? "", /^[0-9a-f]{16}:[1-9]\d*$/);
    const loc = r.locations[0].physicalLocation;
    const uri = loc.artifactLocation.uri;
    t.false(uri.startsWith("/"), `relative uri: ${uri}`);
    t.false(/^file:/i.test(uri), `relative uri: ${uri}`);
    t.is(loc.artifactLocation.uriBaseId, "%SRCROOT%");
    const g = loc.region;
    t.true(g.startLine >= 1 && g.startColumn >= 1 && g.endLine >= g.startLine && g.endColumn >= 1, JSON.stringify(g));
    if (g.endLine === g.startLine) t.true(g.endColumn >= g.startColumn, JSON.stringify(g));
  }
  return run;
}

// A fake token of the GitHub PAT shape; only its preview may reach a log.
const TOKEN = "ghp_" + "Zq8vX2mN4pR7tK1wY5bC9dF3gH6jL0sA8eUi";

function secretFinding(over = {}) {
  return {
    rule: "secret.github.pat",
    kind: "secret",
    path: "src/config.ts",
    line: 12,
    column: 17,
    endLine: 12,
    endColumn: 17 + TOKEN.length,
    preview: previewSecret(TOKEN),
    message: "GitHub personal access token (classic)",
    fingerprint: "0123456789abcdef",
    ...over,
  };
}

function fileFinding(over = {}) {
  return {
    rule: "file.dotenv",
    kind: "file",
    path: ".env",
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    preview: "",
    message: "A dotenv file: environment variables for an application, by convention its API keys, database passwords and tokens.",
    fingerprint: "fedcba9876543210",
    ...over,
  };
}

function scanResult(findings, skipped = []) {
  return { findings, baselined: 0, skipped, stats: { files: 3, bytes: 100, scanned: 3, binary: 0, ignored: 0, directories: 1, symlinks: 0, ms: 1 } };
}

// ---------------------------------------------------------------------------------------------
// scan

test("scan: a secret and a credential file become two error results with their own rules", (t) => {
  const log = scanSarif(scanResult([fileFinding(), secretFinding()]), { toolVersion: "0.1.0" });
  const run = assertSarif(t, log);
  t.deepEqual(run.tool.driver.rules.map((r) => [r.id, r.defaultConfiguration.level]), [
    ["file.dotenv", "error"],
    ["secret.github.pat", "error"],
  ]);
  t.is(run.tool.driver.version, "0.1.0");
  t.is(run.tool.driver.semanticVersion, "0.1.0");
  t.is(run.columnKind, "unicodeCodePoints");
  t.is(run.originalUriBaseIds, undefined);
  const [file, secret] = run.results;
  t.like(file, { ruleId: "file.dotenv", ruleIndex: 0, level: "error", partialFingerprints: { primaryLocationLineHash: "fedcba9876543210:1" } });
  t.deepEqual(file.locations[0].physicalLocation, {
    artifactLocation: { uri: ".env", uriBaseId: "%SRCROOT%" },
    region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
  });
  t.like(secret, { ruleId: "secret.github.pat", ruleIndex: 1, level: "error", partialFingerprints: { primaryLocationLineHash: "0123456789abcdef:1" } });
  t.deepEqual(secret.locations[0].physicalLocation, {
    artifactLocation: { uri: "src/config.ts", uriBaseId: "%SRCROOT%" },
    region: { startLine: 12, startColumn: 17, endLine: 12, endColumn: 17 + TOKEN.length },
  });
});

test("scan: rule metadata says what was found and what to do, with security tags", (t) => {
  const run = assertSarif(t, scanSarif(scanResult([secretFinding(), fileFinding()]), { toolVersion: "0.1.0" }));
  const [secret, file] = run.tool.driver.rules;
  t.is(secret.name, "SecretGithubPat");
  t.is(secret.shortDescription.text, "Inline secret: GitHub personal access token (classic)");
  t.regex(secret.fullDescription.text, /GitHub personal access token/);
  t.regex(secret.help.text, /rotate/);
  t.regex(secret.help.text, /secret store/);
  t.deepEqual(secret.properties.tags, ["security", "secret"]);
  t.is(file.name, "FileDotenv");
  t.is(file.shortDescription.text, "Credential file: A dotenv file: environment variables for an application, by convention its API keys, database passwords and tokens");
  t.regex(file.help.text, /\.gitignore/);
  t.regex(file.help.text, /git rm --cached/);
  t.regex(file.help.text, /rotate/);
  t.regex(file.help.text, /secret store/);
  t.deepEqual(file.properties.tags, ["security", "secret", "credential-file"]);
});

test("scan: one rule entry per rule id, however many findings it has", (t) => {
  const findings = [
    secretFinding({ path: "a.ts", fingerprint: "1111111111111111" }),
    fileFinding(),
    secretFinding({ path: "b.ts", fingerprint: "2222222222222222" }),
  ];
  const run = assertSarif(t, scanSarif(scanResult(findings), { toolVersion: "0.1.0" }));
  t.deepEqual(run.tool.driver.rules.map((r) => r.id), ["secret.github.pat", "file.dotenv"]);
  t.deepEqual(run.results.map((r) => [r.ruleId, r.ruleIndex]), [
    ["secret.github.pat", 0],
    ["file.dotenv", 1],
    ["secret.github.pat", 0],
  ]);
});

test("scan: the secret never reaches the log, only its preview", (t) => {
  const log = scanSarif(scanResult([secretFinding()]), { toolVersion: "0.1.0", uriBase: "/srv/repo" });
  const text = JSON.stringify(log);
  t.false(text.includes(TOKEN));
  t.false(text.includes(TOKEN.slice(4, 20)), "no long part of the token body either");
  const preview = previewSecret(TOKEN);
  t.true(preview.includes("****"));
  t.is(log.runs[0].results[0].message.text, `Inline secret (GitHub personal access token (classic)): ${preview}. Rotate it and move it to a secret store.`);
});

test("scan: paths are percent-encoded relative URI references", (t) => {
  const paths = ["deploy keys/prod #1.env", "a?b%c.env", "config/clé 🔑.pem", "weird:name.key", "./lead/dot.env"];
  const findings = paths.map((p, i) => fileFinding({ path: p, fingerprint: `${i}`.repeat(16) }));
  const run = assertSarif(t, scanSarif(scanResult(findings), { toolVersion: "0.1.0" }));
  t.deepEqual(run.results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri), [
    "deploy%20keys/prod%20%231.env",
    "a%3Fb%25c.env",
    "config/cl%C3%A9%20%F0%9F%94%91.pem",
    "weird%3Aname.key",
    "lead/dot.env",
  ]);
  // The encoding round-trips to the workspace path.
  t.is(decodeURIComponent(relativeUri("deploy keys/prod #1.env")), "deploy keys/prod #1.env");
  t.is(new URL(relativeUri("config/clé 🔑.pem"), "file:///repo/").pathname, "/repo/config/cl%C3%A9%20%F0%9F%94%91.pem");
});

test("scan: findings sharing a fingerprint count their occurrences", (t) => {
  const findings = [
    secretFinding({ line: 3, fingerprint: "aaaaaaaaaaaaaaaa" }),
    secretFinding({ line: 9, fingerprint: "aaaaaaaaaaaaaaaa" }),
    secretFinding({ line: 20, fingerprint: "bbbbbbbbbbbbbbbb" }),
    secretFinding({ line: 30, fingerprint: "aaaaaaaaaaaaaaaa" }),
  ];
  const run = assertSarif(t, scanSarif(scanResult(findings), { toolVersion: "0.1.0" }));
  t.deepEqual(run.results.map((r) => r.partialFingerprints.primaryLocationLineHash), [
    "aaaaaaaaaaaaaaaa:1",
    "aaaaaaaaaaaaaaaa:2",
    "bbbbbbbbbbbbbbbb:1",
    "aaaaaaaaaaaaaaaa:3",
  ]);
});

test("scan: a multi-line secret keeps its end line and column", (t) => {
  const run = assertSarif(t, scanSarif(scanResult([secretFinding({ rule: "secret.pem.private-key", message: "PEM private key block", line: 4, column: 1, endLine: 31, endColumn: 30 })]), { toolVersion: "0.1.0" }));
  t.deepEqual(run.results[0].locations[0].physicalLocation.region, { startLine: 4, startColumn: 1, endLine: 31, endColumn: 30 });
});

test("scan: uriBase becomes %SRCROOT% in originalUriBaseIds, a file:// URI ending in /", (t) => {
  const fromPath = assertSarif(t, scanSarif(scanResult([fileFinding()]), { toolVersion: "0.1.0", uriBase: "/srv/my repo" }));
  t.deepEqual(fromPath.originalUriBaseIds, { "%SRCROOT%": { uri: "file:///srv/my%20repo/" } });
  const fromUri = assertSarif(t, scanSarif(scanResult([fileFinding()]), { toolVersion: "0.1.0", uriBase: "file:///srv/repo/" }));
  t.deepEqual(fromUri.originalUriBaseIds, { "%SRCROOT%": { uri: "file:///srv/repo/" } });
  const noSlash = scanSarif(scanResult([]), { toolVersion: "0.1.0", uriBase: "file:///srv/repo" });
  t.is(noSlash.runs[0].originalUriBaseIds["%SRCROOT%"].uri, "file:///srv/repo/");
  t.throws(() => scanSarif(scanResult([]), { toolVersion: "0.1.0", uriBase: "relative/dir" }), { instanceOf: TypeError });
});

test("scan: nothing found is a valid log with no rules and no results", (t) => {
  const run = assertSarif(t, scanSarif(scanResult([]), { toolVersion: "0.1.0" }));
  t.deepEqual(run.tool.driver.rules, []);
  t.deepEqual(run.results, []);
  t.deepEqual(run.invocations, [{ executionSuccessful: true }]);
});

test("scan: skipped paths are tool notifications, not results", (t) => {
  const skipped = [
    { path: "link", reason: "symlink-escape", detail: "-> /etc/passwd" },
    { path: "locked dir", reason: "unreadable", detail: "EACCES" },
  ];
  const run = assertSarif(t, scanSarif(scanResult([], skipped), { toolVersion: "0.1.0" }));
  t.deepEqual(run.results, []);
  const n = run.invocations[0].toolExecutionNotifications;
  t.deepEqual(n.map((x) => [x.descriptor.id, x.level, x.locations[0].physicalLocation.artifactLocation.uri]), [
    ["skipped.symlink-escape", "note", "link"],
    ["skipped.unreadable", "warning", "locked%20dir"],
  ]);
  t.is(n[1].message.text, "Not scanned: locked dir could not be read (EACCES).");
});

test("scan: a version that is not SemVer is kept as version only", (t) => {
  const run = assertSarif(t, scanSarif(scanResult([]), { toolVersion: "dev-build" }));
  t.is(run.tool.driver.version, "dev-build");
  t.is(run.tool.driver.semanticVersion, undefined);
});

// ---------------------------------------------------------------------------------------------
// check --file, as a library call

const OPTS = { cwd: "/home/dev/project", home: "/home/dev" };

test("check: spans in UTF-16 offsets become code-point columns on their line", (t) => {
  const script = 'echo "é😀 ok"\necho "😀😀"; sudo ls\n';
  const a = analyzeCommand(script, OPTS);
  const run = assertSarif(t, checkSarif(script, "scripts/x.sh", a, { toolVersion: "0.1.0" }));
  t.is(run.results.length, 1);
  t.like(run.results[0], { ruleId: "P1", level: "error" });
  // "echo "😀😀"; " is 11 code points (13 UTF-16 units): sudo starts at column 12.
  t.deepEqual(run.results[0].locations[0].physicalLocation, {
    artifactLocation: { uri: "scripts/x.sh", uriBaseId: "%SRCROOT%" },
    region: { startLine: 2, startColumn: 12, endLine: 2, endColumn: 16 },
  });
});

test("check: deny is error, ask is warning, a relaxed rule is a note; rules from the policy's ids", (t) => {
  const script = "sudo ls\ncat .env\nfoo\n";
  const a = {
    verdict: "deny",
    commands: [],
    findings: [
      { rule: "P1", verdict: "deny", message: "runs sudo: privilege escalation", start: 0, end: 4 },
      { rule: "A2", verdict: "ask", message: "reads a sensitive file: .env", start: 12, end: 16 },
      { rule: "A3", verdict: "allow", message: "dynamic code", start: 17, end: 20 },
      { rule: "user.deny", verdict: "deny", message: "matches permissions.deny pattern \"foo\"", start: 17, end: 20 },
      { rule: "user.ask", verdict: "ask", message: "matches permissions.ask pattern \"foo\"", start: 17, end: 20 },
    ],
  };
  const run = assertSarif(t, checkSarif(script, "x.sh", a));
  t.deepEqual(run.tool.driver.rules.map((r) => [r.id, r.name, r.defaultConfiguration.level]), [
    ["P1", "PrivilegeEscalation", "error"],
    ["A2", "SensitiveRead", "warning"],
    ["A3", "DynamicCode", "warning"],
    ["user.deny", "PolicyDeny", "error"],
    ["user.ask", "PolicyAsk", "warning"],
  ]);
  t.deepEqual(run.results.map((r) => [r.ruleId, r.level]), [
    ["P1", "error"],
    ["A2", "warning"],
    ["A3", "note"],
    ["user.deny", "error"],
    ["user.ask", "warning"],
  ]);
  t.is(run.tool.driver.version, undefined, "no version given, none claimed");
});

test("check: an unknown rule id gets metadata from its message; an empty span at the start is 1:1", (t) => {
  const a = { verdict: "ask", commands: [], findings: [{ rule: "internal", verdict: "ask", message: "policy error: bad field", start: 0, end: 0 }, { rule: "x.future-rule", verdict: "ask", message: "something new", start: 0, end: 0 }] };
  const run = assertSarif(t, checkSarif("ls\n", "x.sh", a));
  t.deepEqual(run.results[0].locations[0].physicalLocation.region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
  t.like(run.tool.driver.rules[1], { id: "x.future-rule", name: "XFutureRule", shortDescription: { text: "something new" }, defaultConfiguration: { level: "warning" } });
});

test("check: the same finding on the same code keeps its fingerprint when lines move", (t) => {
  const one = checkSarif("sudo ls\n", "x.sh", analyzeCommand("sudo ls\n", OPTS));
  const moved = "echo start\n\nsudo ls\n";
  const two = checkSarif(moved, "x.sh", analyzeCommand(moved, OPTS));
  t.is(one.runs[0].results[0].partialFingerprints.primaryLocationLineHash, two.runs[0].results[0].partialFingerprints.primaryLocationLineHash);
  const other = checkSarif("sudo id\n", "x.sh", analyzeCommand("sudo id\n", OPTS));
  t.not(one.runs[0].results[0].partialFingerprints.primaryLocationLineHash, other.runs[0].results[0].partialFingerprints.primaryLocationLineHash);
});

test("check: an absolute script path is a file:// URI", (t) => {
  const log = checkSarif("sudo ls\n", "/srv/my app/x.sh", analyzeCommand("sudo ls\n", OPTS));
  t.true(validate(JSON.parse(JSON.stringify(log))), JSON.stringify(validate.errors));
  t.deepEqual(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: pathToFileURL("/srv/my app/x.sh").href });
});

// ---------------------------------------------------------------------------------------------
// check --file through the built CLI

function project() {
  const root = mkdtempSync(join(tmpdir(), "airlock-sarif-"));
  const home = join(root, "home");
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_STATE_HOME: join(root, "state"), AIRLOCK_MANAGED_POLICY: join(root, "managed.yaml") };
  return { root, env };
}

test("CLI: check --file --format sarif locates deny and ask lines exactly and exits 3", (t) => {
  const p = project();
  const script = ["#!/bin/bash", "set -eu", "sudo rm -rf /", 'echo "é😀"; cat .env', "ls -la", ""].join("\n");
  writeFileSync(join(p.root, "deploy script.sh"), script);
  const r = airlock(["check", "--file", "deploy script.sh", "--format", "sarif"], { cwd: p.root, env: p.env });
  t.is(r.code, 3, r.stderr);
  const run = assertSarif(t, JSON.parse(r.stdout));
  t.is(run.tool.driver.version, "0.1.0");
  t.deepEqual(run.originalUriBaseIds, { "%SRCROOT%": { uri: pathToFileURL(p.root).href + "/" } });
  t.deepEqual(run.tool.driver.rules.map((x) => [x.id, x.defaultConfiguration.level]), [
    ["P1", "error"],
    ["P2", "error"],
    ["A2", "warning"],
  ]);
  const rows = run.results.map((x) => {
    const { artifactLocation, region } = x.locations[0].physicalLocation;
    return [x.ruleId, x.level, artifactLocation.uri, region.startLine, region.startColumn, region.endLine, region.endColumn];
  });
  t.deepEqual(rows, [
    ["P1", "error", "deploy%20script.sh", 3, 1, 3, 5],
    ["P2", "error", "deploy%20script.sh", 3, 13, 3, 14],
    ["P2", "error", "deploy%20script.sh", 3, 13, 3, 14],
    // "echo "é😀"; " is 11 code points: `.env` starts at 16 (17 in UTF-16 units).
    ["A2", "warning", "deploy%20script.sh", 4, 16, 4, 20],
  ]);
  const hashes = run.results.map((x) => x.partialFingerprints.primaryLocationLineHash);
  t.is(hashes[1].split(":")[0], hashes[2].split(":")[0], "two findings on the same span share a hash");
  t.deepEqual(hashes.slice(1, 3).map((h) => h.split(":")[1]), ["1", "2"]);
  t.regex(run.results[0].message.text, /sudo/);
});

test("CLI: check --file --format sarif on an ask-only script exits 1, a benign one exits 0 with no results", (t) => {
  const p = project();
  writeFileSync(join(p.root, "ask.sh"), "ls\ncat .env\n");
  writeFileSync(join(p.root, "ok.sh"), "ls -la\nnpm test\n");
  const ask = airlock(["check", "--file", "ask.sh", "--format", "sarif"], { cwd: p.root, env: p.env });
  t.is(ask.code, 1, ask.stderr);
  const askRun = assertSarif(t, JSON.parse(ask.stdout));
  t.deepEqual(askRun.results.map((x) => [x.ruleId, x.level, x.locations[0].physicalLocation.region.startLine]), [["A2", "warning", 2]]);
  const ok = airlock(["check", "--file", "ok.sh", "--format", "sarif"], { cwd: p.root, env: p.env });
  t.is(ok.code, 0, ok.stderr);
  const okRun = assertSarif(t, JSON.parse(ok.stdout));
  t.deepEqual(okRun.results, []);
  t.deepEqual(okRun.tool.driver.rules, []);
});

test("CLI: a script outside the working directory is addressed by a file:// URI", (t) => {
  const p = project();
  const other = mkdtempSync(join(tmpdir(), "airlock-sarif-out-"));
  const file = join(other, "x.sh");
  writeFileSync(file, "sudo ls\n");
  const r = airlock(["check", "--file", file, "--format", "sarif"], { cwd: p.root, env: p.env });
  t.is(r.code, 3, r.stderr);
  const log = JSON.parse(r.stdout);
  t.true(validate(log), JSON.stringify(validate.errors));
  t.is(log.runs[0].originalUriBaseIds, undefined);
  t.deepEqual(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: pathToFileURL(file).href });
});

test("CLI: scan --format sarif on the demo workspace is schema-valid, one result per finding, exit 1", (t) => {
  const r = airlock(["scan", "fixtures/demo-workspace", "--format", "sarif"]);
  t.is(r.code, 1, r.stderr);
  const log = JSON.parse(r.stdout);
  assertSarif(t, log);
  const json = JSON.parse(airlock(["scan", "fixtures/demo-workspace", "--format", "json"]).stdout);
  const results = log.runs[0].results;
  t.is(results.length, json.findings.length);
  t.deepEqual(
    results.map((x) => [x.ruleId, decodeURIComponent(x.locations[0].physicalLocation.artifactLocation.uri), x.locations[0].physicalLocation.region.startLine]),
    json.findings.map((f) => [f.rule, f.path, f.line]),
  );
  t.true(log.runs[0].originalUriBaseIds["%SRCROOT%"].uri.endsWith("/fixtures/demo-workspace/"));
});
