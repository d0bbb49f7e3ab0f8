// Inline secret formats (rules/secrets.yaml) through the built engine: every rule's examples and
// look-alikes, placeholders, previews, redaction, positions, overlaps, windows, and bad files.
import test from "ava";
import fc from "fast-check";
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  loadSecretRules,
  findSecrets,
  previewSecret,
  redactSecrets,
  checkSecretRules,
  MAX_SECRET_SPAN,
} from "../dist/catalog/secrets.js";
import { UserError } from "../dist/core/types.js";
import * as api from "../dist/index.js";

const rules = loadSecretRules();
const byId = new Map(rules.rules.map((r) => [r.id, r]));
const idsOf = (text) => findSecrets(text, rules).map((h) => h.rule);
const lineCount = (s) => s.split(/\r\n|\n|\r/).length;

function tempFile(t, name, text) {
  const dir = mkdtempSync(join(tmpdir(), "airlock-secrets-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

// A minimal valid rule, as YAML lines, that tests below break one field at a time.
const RULE = {
  id: "secret.fake.token",
  description: "A fake token",
  regex: "'\\b(fk_[a-z0-9]{20})\\b'",
  secret_group: "1",
  keywords: "[fk_]",
  examples: "['fk_a1b2c3d4e5f6g7h8i9j0']",
  negative_examples: "['fk_short'] # too short",
};
function rulesYaml(overrides = {}) {
  const fields = { ...RULE, ...overrides };
  const lines = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `    ${k}: ${v}`);
  return `version: 1\nrules:\n  - ${lines.join("\n").trimStart()}\n`;
}

test("the shipped set has at least 160 rules with unique, well-formed ids", (t) => {
  t.true(rules.rules.length >= 160, `${rules.rules.length} rules`);
  const ids = rules.rules.map((r) => r.id);
  t.is(new Set(ids).size, ids.length);
  for (const id of ids) t.regex(id, /^secret\.[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$/);
});

test("every rule has examples and negative examples (a rule without them fails the suite)", (t) => {
  for (const rule of rules.rules) {
    t.true(rule.examples.length >= 1, `${rule.id} has no examples`);
    t.true(rule.negative_examples.length >= 1, `${rule.id} has no negative_examples`);
    t.true(rule.keywords.length >= 1, `${rule.id} has no keywords`);
  }
});

test("airlock rules check finds no problem in the shipped rules", (t) => {
  t.deepEqual(checkSecretRules(rules), []);
});

test("every example fires with its own rule id through the whole engine, and the secret lies inside it", (t) => {
  let n = 0;
  for (const rule of rules.rules) {
    for (const ex of rule.examples) {
      const hits = findSecrets(ex, rules);
      const own = hits.find((h) => h.rule === rule.id);
      t.truthy(own, `${rule.id}: ${JSON.stringify(ex)} gave ${JSON.stringify(hits.map((h) => h.rule))}`);
      if (!own) continue;
      t.is(ex.slice(own.start, own.end), own.secret);
      t.true(own.secret.length > 0);
      t.is(own.description, rule.description);
      n++;
    }
  }
  t.true(n >= rules.rules.length);
});

test("no negative example fires its rule", (t) => {
  for (const rule of rules.rules) {
    for (const neg of rule.negative_examples) {
      t.false(idsOf(neg).includes(rule.id), `${rule.id} fires on its look-alike ${JSON.stringify(neg)}`);
    }
  }
});

test("the examples of every rule still fire when all are scanned together in one file", (t) => {
  const parts = [];
  const expected = [];
  let offset = 0;
  for (const rule of rules.rules) {
    for (const ex of rule.examples) {
      for (const h of findSecrets(ex, rules)) expected.push(`${h.rule}@${offset + h.start}`);
      parts.push(ex);
      offset += ex.length + 2;
    }
  }
  const text = parts.join("\n\n");
  const got = findSecrets(text, rules).map((h) => `${h.rule}@${h.start}`);
  t.deepEqual(got, expected);
});

const PLACEHOLDERS = [
  "AKIAIOSFODNN7EXAMPLE",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "xxxxxxxx",
  "XXXXXXXXXXXXXXXXXXXX",
  "changeme",
  "${DB_PASSWORD}",
  "$DB_PASSWORD",
  "{{ secrets.API_TOKEN }}",
  "${{ secrets.GITHUB_TOKEN }}",
  "<token>",
  "<your-api-key>",
  "your-api-key",
  "YOUR_SECRET_HERE",
  "REPLACE_ME",
  "dummy",
  "process.env.API_TOKEN",
  "os.environ['API_TOKEN']",
  "********",
  "...",
  "sk-...",
  "1234567890abcdef",
  "%(password)s",
  "<%= ENV['SECRET'] %>",
];
const CONTEXTS = [
  (v) => `password = "${v}"`,
  (v) => `DB_PASSWORD=${v}`,
  (v) => `api_key: ${v}`,
  (v) => `"client_secret": "${v}"`,
  (v) => `AWS_SECRET_ACCESS_KEY=${v}`,
  (v) => `aws_access_key_id = ${v}`,
  (v) => `GITHUB_TOKEN=${v}`,
  (v) => `Authorization: Bearer ${v}`,
  (v) => `postgres://app:${v}@db.internal:5432/app`,
  (v) => `<password>${v}</password>`,
];

test("placeholders never fire, in any credential position", (t) => {
  for (const value of PLACEHOLDERS) {
    for (const ctx of CONTEXTS) {
      if (/^(process|os)\./.test(value) && ctx("").includes("://")) continue; // code inside a URL is not a thing
      const text = ctx(value);
      t.deepEqual(idsOf(text), [], text);
    }
  }
  t.deepEqual(idsOf("token: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), []);
  t.deepEqual(idsOf("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"), []);
});

test("every placeholder in the file matches its own examples and spares its negatives", (t) => {
  t.true(rules.placeholders.length >= 8);
  for (const p of rules.placeholders) {
    const re = new RegExp(p.regex, p.flags);
    t.true(p.examples.length >= 1, `${p.id} has no examples`);
    for (const ex of p.examples) t.true(re.test(ex), `${p.id} does not match ${ex}`);
    for (const ex of p.negative_examples) t.false(re.test(ex), `${p.id} matches ${ex}`);
  }
});

test("weak real values in a clear credential position are secrets (the scrubber errs to redact)", (t) => {
  t.deepEqual(idsOf("DB_PASSWORD=pass123"), ["secret.generic.password-unquoted"]);
  t.deepEqual(idsOf("  password: admin"), ["secret.generic.password-unquoted"]);
  t.deepEqual(idsOf('DB_PASSWORD = "hunter22"'), ["secret.generic.password-quoted"]);
});

test("references, calls and type annotations in code are not secrets", (t) => {
  for (const text of [
    "password = input('Password: ')",
    "password = getpass.getpass()",
    "const password: string = req.body.password;",
    "  password: string;",
    "password = os.environ['DB_PASSWORD']",
    "token = process.env.API_TOKEN",
    "api_key: ${{ secrets.API_KEY }}",
    "secret_key = settings.SECRET_KEY",
    "self.password = password",
    "if (!password) throw new Error('password required')",
  ]) {
    t.deepEqual(idsOf(text), [], text);
  }
});

test("positions: offsets, 1-based line and column, and the number of lines a key block spans", (t) => {
  const pat = byId.get("secret.github.pat").examples[0].split("=")[1];
  const text = `first line\nsecond\n  token: ${pat}\n`;
  const [hit] = findSecrets(text, rules);
  t.is(hit.rule, "secret.github.pat");
  t.is(hit.line, 3);
  t.is(hit.column, 10);
  t.is(hit.lines, 1);
  t.is(text.slice(hit.start, hit.end), pat);

  const pem = byId.get("secret.private-key.pem").examples[0];
  const text2 = `# deploy key\n\n${pem}`;
  const hits = findSecrets(text2, rules);
  t.is(hits.length, 1);
  t.is(hits[0].rule, "secret.private-key.pem");
  t.is(hits[0].line, 3);
  t.is(hits[0].column, 1);
  t.is(hits[0].lines, pem.trimEnd().split("\n").length);
  t.true(hits[0].secret.startsWith("-----BEGIN RSA PRIVATE KEY-----"));
  t.true(hits[0].secret.endsWith("-----END RSA PRIVATE KEY-----"));
});

test("overlaps: a vendor rule wins over a generic one on the same text", (t) => {
  const pat = byId.get("secret.github.pat").examples[0].split("=")[1];
  t.deepEqual(idsOf(`GITHUB_TOKEN=${pat}`), ["secret.github.pat"]);
  t.deepEqual(idsOf(`api_token = "${pat}"`), ["secret.github.pat"]);
  const aws = "aws_secret_access_key = " + byId.get("secret.aws.secret-access-key").examples[0].split(" = ")[1];
  t.deepEqual(idsOf(aws), ["secret.aws.secret-access-key"]);
});

test("hits are sorted by start and never overlap", (t) => {
  const text = rules.rules.flatMap((r) => r.examples).join("\n");
  const hits = findSecrets(text, rules);
  for (let i = 1; i < hits.length; i++) t.true(hits[i - 1].end <= hits[i].start, `${hits[i - 1].rule} overlaps ${hits[i].rule}`);
});

test("a preview never shows the whole secret nor more than a third of it", (t) => {
  const pat = byId.get("secret.github.pat").examples[0].split("=")[1];
  t.regex(previewSecret(pat), /^ghp_\*\*\*\*…..$/);
  for (const rule of rules.rules) {
    for (const ex of rule.examples) {
      for (const h of findSecrets(ex, rules)) {
        const p = previewSecret(h.secret);
        t.false(p.includes(h.secret), `${h.rule}: preview shows the secret`);
        const shown = p.replace("****…", "");
        t.true(shown.length <= Math.floor(h.secret.length / 3), `${h.rule}: ${shown.length} of ${h.secret.length}`);
      }
    }
  }
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 200 }), (s) => {
      const p = previewSecret(s);
      const shown = p.replace("****…", "");
      return shown.length <= Math.min(6, Math.floor(s.length / 3)) && !(s.length > 0 && p.includes(s) && s.length > 4);
    }),
  );
  t.is(previewSecret("abc"), "a****…");
  t.is(previewSecret("ab"), "****…");
});

test("redaction removes every secret, names the rule and keeps the line structure", (t) => {
  const text = rules.rules.flatMap((r) => r.examples).join("\n") + "\r\nlast line\n";
  const hits = findSecrets(text, rules);
  t.true(hits.length >= rules.rules.length);
  const out = redactSecrets(text, hits);
  t.is(lineCount(out), lineCount(text));
  t.is((out.match(/\r\n/g) ?? []).length, (text.match(/\r\n/g) ?? []).length);
  const outLines = out.split(/\r\n|\n|\r/);
  for (const h of hits) {
    // Short weak values ("admin") also occur as ordinary words; long secrets must be gone entirely.
    if (h.secret.length >= 12) t.false(out.includes(h.secret), `${h.rule}: secret survives redaction`);
    t.true(outLines[h.line - 1].includes(`[REDACTED:${h.rule}]`), `${h.rule}: no marker on line ${h.line}`);
  }
  for (const id of new Set(hits.map((h) => h.rule))) t.true(out.includes(`[REDACTED:${id}]`), id);
  // The markers themselves are not secrets: scanning the redacted text again finds nothing.
  t.deepEqual(findSecrets(out, rules).map((h) => `${h.rule}@${h.line}`), []);
  t.true(out.endsWith("\r\nlast line\n"));
});

test("redaction keeps each multi-line key block's lines (marker plus the same line breaks)", (t) => {
  const pem = byId.get("secret.private-key.pem").examples[0];
  const text = `before\n${pem}after\n`;
  const out = redactSecrets(text, findSecrets(text, rules));
  const lines = out.split("\n");
  t.is(lines.length, text.split("\n").length);
  t.is(lines[1], "[REDACTED:secret.private-key.pem]");
  t.is(lines[lines.length - 2], "after");
});

test("redactSecrets refuses hits that do not belong to the text (fail closed)", (t) => {
  const pat = byId.get("secret.github.pat").examples[0];
  const hits = findSecrets(pat, rules);
  t.throws(() => redactSecrets("x" + pat, hits));
  t.is(redactSecrets("nothing here", []), "nothing here");
});

test("large texts: secrets far apart among thousands of keyword occurrences are all found (windows and dense keywords)", (t) => {
  const filler = [
    "const key = map.get(key); // token handling, password policy, secret sauce",
    "function auth(token) { return api.key && token.length > 0; }",
    "See https://docs.fake.io/guide for the API key rotation schedule.",
  ];
  const examples = rules.rules.map((r) => [r.id, r.examples[0]]);
  const lines = [];
  const expected = [];
  for (let i = 0; i < 6000; i++) {
    lines.push(filler[i % filler.length]);
    if (i % 40 === 0) {
      const [id, ex] = examples[(i / 40) % examples.length];
      expected.push(id);
      lines.push(ex);
    }
  }
  const text = lines.join("\n");
  t.true(text.length > 300_000);
  const got = findSecrets(text, rules).map((h) => h.rule);
  for (const id of expected) t.true(got.includes(id), `${id} not found in the large text`);
  // the filler alone is clean
  t.deepEqual(findSecrets(filler.join("\n").repeat(2000), rules), []);
});

test("a rule set object built by hand works too (placeholders default to the shipped ones)", (t) => {
  const one = { rules: [byId.get("secret.npm.access-token")] };
  const ex = byId.get("secret.npm.access-token").examples[0];
  t.deepEqual(findSecrets(ex, one).map((h) => h.rule), ["secret.npm.access-token"]);
  t.deepEqual(findSecrets("npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", one), []);
  t.deepEqual(findSecrets("", one), []);
});

test("a valid custom rules file loads and its check passes", (t) => {
  const file = tempFile(t, "rules.yaml", rulesYaml());
  const set = loadSecretRules(file);
  t.is(set.rules.length, 1);
  t.deepEqual(checkSecretRules(set), []);
  t.deepEqual(findSecrets("x = fk_a1b2c3d4e5f6g7h8i9j0", set).map((h) => h.rule), ["secret.fake.token"]);
});

test("a bad rules file is a UserError naming the file, the rule and the field", (t) => {
  const cases = [
    [{ regex: "'(unclosed'" }, "regex"],
    [{ secret_group: "3" }, "secret_group"],
    [{ secret_group: "nosuchname" }, "secret_group"],
    [{ keywords: "[FK_]" }, "keywords"],
    [{ keywords: "[]" }, "keywords"],
    [{ flags: "gx" }, "flags"],
    [{ entropy: "lots" }, "entropy"],
    [{ description: "''" }, "description"],
    [{ colour: "blue" }, "colour"],
  ];
  for (const [override, field] of cases) {
    const file = tempFile(t, "bad.yaml", rulesYaml(override));
    const err = t.throws(() => loadSecretRules(file), { instanceOf: UserError }, field);
    t.true(err.message.includes(file), err.message);
    t.true(err.message.includes("secret.fake.token"), err.message);
    t.true(err.message.includes(`"${field}"`), err.message);
  }
  const badId = tempFile(t, "bad-id.yaml", rulesYaml({ id: "github-pat" }));
  t.regex(t.throws(() => loadSecretRules(badId), { instanceOf: UserError }).message, /field "id"/);
  const dup = tempFile(t, "dup.yaml", rulesYaml() + rulesYaml().split("rules:\n")[1]);
  t.regex(t.throws(() => loadSecretRules(dup), { instanceOf: UserError }).message, /secret\.fake\.token.*duplicate/);
  const notYaml = tempFile(t, "broken.yaml", "rules: [\n");
  t.regex(t.throws(() => loadSecretRules(notYaml), { instanceOf: UserError }).message, /broken\.yaml/);
  t.throws(() => loadSecretRules(join(tmpdir(), "airlock-no-such-rules.yaml")), { instanceOf: UserError });
});

test("rules check reports examples that do not fire, look-alikes that do, and unbounded regexes", (t) => {
  const file = tempFile(
    t,
    "weak.yaml",
    rulesYaml({ examples: "['fk_short']", negative_examples: "['fk_a1b2c3d4e5f6g7h8i9j0'] # actually fires", regex: "'\\b(fk_[a-z0-9]{8,}\\w*)'" }),
  );
  const problems = checkSecretRules(loadSecretRules(file));
  t.true(problems.some((p) => p.includes("example") && p.includes("does not fire")), problems.join("\n"));
  t.true(problems.some((p) => p.includes("negative example") && p.includes("fires")), problems.join("\n"));
  t.true(problems.some((p) => p.includes("unbounded")), problems.join("\n"));
  const dupSet = { rules: [byId.get("secret.npm.access-token"), byId.get("secret.npm.access-token")] };
  t.true(checkSecretRules(dupSet).some((p) => p.includes("duplicate id")));
});

test("no shipped rule can match more than MAX_SECRET_SPAN characters (the overlap chunked scanners need)", (t) => {
  t.true(MAX_SECRET_SPAN >= 32 * 1024);
  t.false(checkSecretRules(rules).some((p) => p.includes("MAX_SECRET_SPAN") || p.includes("unbounded")));
});

test("the shipped rules file is the one loaded by default, and is cached", (t) => {
  t.is(loadSecretRules(), rules);
  const text = readFileSync(new URL("../rules/secrets.yaml", import.meta.url), "utf8");
  t.true(text.includes("secret.github.pat"));
});

test("the public API exports the engine", (t) => {
  for (const name of ["loadSecretRules", "findSecrets", "previewSecret", "redactSecrets", "checkSecretRules"]) {
    t.is(typeof api[name], "function", name);
  }
});

test("pathological inputs finish and find nothing spurious (bounded repetition, key blocks stop at the next marker)", (t) => {
  const n = 1 << 18;
  const cases = [
    "-----BEGIN RSA PRIVATE KEY-----\n",
    "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\n",
    "PuTTY-User-Key-File-3: ssh-rsa\nPrivate-Lines: 1\n",
    "eyJ",
    "eyJaaaaaaaaaaaaaaaaaaaa.",
    "password=",
    'key = "',
    "https://a:",
    "A",
  ];
  for (const unit of cases) {
    const text = unit.repeat(Math.ceil(n / unit.length));
    t.deepEqual(findSecrets(text, rules), [], JSON.stringify(unit));
  }
});
