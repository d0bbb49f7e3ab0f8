// Generates a deterministic, realistic workspace for bench/scrub.mjs: nested source trees
// (ts/js/py/go/md/json/yaml/lock files, mostly small with a long tail of large ones, a few
// multi-MB text files and one > 32 MiB text file), binary files (png-, jpeg-, ELF- and
// sqlite-like, random bytes with NUL runs), a `node_modules/` and `dist/` excluded by the root
// `.gitignore`, credential files (`.env*`, `id_rsa`-like keys, a `.key`), decoys that only look
// like secrets, and about 200 inline fake secrets of the shapes airlock's secret formats
// describe. Every token is built at run time from a seeded PRNG: nothing here is a real
// credential, and the same seed, file count and size give the same tree byte for byte.
//
// As a command: node scrub-tree.mjs DIR [--files N] [--mb M] [--seed S]
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const MiB = 1024 * 1024;

// ---------------------------------------------------------------- PRNG (sfc32, seeded by splitmix32)

export class Rng {
  constructor(seed) {
    let s = seed >>> 0;
    const sm = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm();
    for (let i = 0; i < 12; i++) this.u32();
  }
  u32() {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  float() {
    return this.u32() / 4294967296;
  }
  int(n) {
    return Math.floor(this.float() * n);
  }
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }
  chance(p) {
    return this.float() < p;
  }
  pick(a) {
    return a[this.int(a.length)];
  }
  gauss() {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }
  chars(alphabet, n) {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
  /** random bytes into a fresh Buffer */
  bytes(n) {
    const words = new Uint32Array(Math.ceil(n / 4));
    for (let i = 0; i < words.length; i++) words[i] = this.u32();
    return Buffer.from(words.buffer, 0, n);
  }
}

// ---------------------------------------------------------------- vocabulary

const WORDS = (
  "account action active adapter address agent alert allow amount answer api app apply archive " +
  "array asset audit auth backup balance batch billing block body bound branch bucket buffer build " +
  "bundle cache call cancel card cart catalog change channel check child chunk claim client close " +
  "cluster code column commit config connect consumer content context count counter create cursor " +
  "customer data date debug decode default delete delta deploy detail device digest dispatch domain " +
  "draft driver edge email encode engine entry error event export extract feature fetch field file " +
  "filter flag flush folder format frame gateway graph group guard handle handler hash header health " +
  "history host image import index input invoice item job journal key label layer layout lease level " +
  "limit line link list listener load local lock log lookup manager manifest map match member merge " +
  "message meta metric migrate mode model module monitor mount name node notify number object offset " +
  "option order origin output owner package page parse partition patch path payload peer pending " +
  "period plan plugin policy pool port post prefix price probe process profile project prompt " +
  "provider proxy publish query queue quota range rate reader record redirect region registry " +
  "release remote render replica report request resolve resource response result retry review role " +
  "route rule runner sample scale schedule schema scope search section segment select sender " +
  "service session setting shard shipment signal size slot snapshot socket source span stage state " +
  "status step storage store stream string subject summary supply switch sync table tag target task " +
  "team template tenant test thread ticket timer token topic trace track transfer tree trigger type " +
  "update upload usage user value vendor version view volume wallet watch webhook window worker " +
  "workspace write zone"
).split(" ");
const PROSE = (
  "the a this each every one when if then so that which because before after while until and or " +
  "but not only also still already usually always never should must may can will returns keeps " +
  "stores reads writes sends checks skips retries fails waits starts stops moves builds runs " +
  "between inside outside across over under with without from into onto per by for to of on in"
).split(" ");
const UNICODE = ["café", "naïve", "façade", "Zürich", "São Paulo", "日本語", "тест", "—", "→", "✓", "µs", "≤", "ñ", "😀"];
const PKGS = ["react", "lodash", "express", "zod", "axios", "chalk", "debug", "semver", "yaml", "uuid", "ws", "pino", "vitest", "esbuild", "rollup", "commander", "dotenv", "undici", "ajv", "fastify", "picomatch", "glob", "minimist", "tslib", "rxjs", "immer", "luxon", "nanoid", "execa", "kleur"];
const TS_TYPES = ["string", "number", "boolean", "unknown", "Date", "Buffer", "string[]", "Record<string, number>", "Map<string, Item>", "Promise<void>", "Options", "Context"];
const PY_TYPES = ["str", "int", "float", "bool", "bytes", "list[str]", "dict[str, Any]", "Optional[int]", "Path", "datetime"];
const GO_TYPES = ["string", "int", "int64", "bool", "[]byte", "error", "time.Duration", "*Config", "map[string]string", "context.Context"];

const cap = (w) => w[0].toUpperCase() + w.slice(1);
const ident = (r, n = r.range(1, 3)) => {
  let s = r.pick(WORDS);
  for (let i = 1; i < n; i++) s += cap(r.pick(WORDS));
  return s;
};
const snake = (r, n = r.range(1, 3)) => Array.from({ length: n }, () => r.pick(WORDS)).join("_");
const Type = (r) => cap(ident(r, r.range(1, 2)));
const words = (r, n) => {
  const out = [];
  for (let i = 0; i < n; i++) out.push(r.chance(0.3) ? r.pick(WORDS) : r.pick(PROSE));
  return out.join(" ");
};
const sentence = (r) => {
  let s = cap(words(r, r.range(5, 16)));
  if (r.chance(0.08)) s += ` (${r.pick(UNICODE)})`;
  return s + ".";
};
const lit = (r) => r.pick(["null", "undefined", "0", "[]", "{}", "false", `"${r.pick(WORDS)}"`]);
const version = (r) => `${r.range(0, 9)}.${r.range(0, 30)}.${r.range(0, 20)}`;
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const URLSAFE = ALNUM + "_-";
const HEX = "0123456789abcdef";

// ---------------------------------------------------------------- line makers per language

const MAKERS = {
  ts: [
    (r) => `import { ${ident(r)}, ${ident(r)} } from "./${r.pick(WORDS)}/${r.pick(WORDS)}.js";`,
    (r) => `import ${cap(r.pick(PKGS).replace(/\W/g, ""))} from "${r.pick(PKGS)}";`,
    (r) => `export async function ${ident(r)}(${r.pick(WORDS)}: ${r.pick(TS_TYPES)}, ${r.pick(WORDS)}: ${r.pick(TS_TYPES)}): Promise<${Type(r)}> {`,
    (r) => `  const ${ident(r)} = await ${ident(r)}(${r.pick(WORDS)}, { ${r.pick(WORDS)}: ${lit(r)}, ${r.pick(WORDS)}: ${r.range(0, 5000)} });`,
    (r) => `  if (${ident(r)}.length === 0) return ${lit(r)};`,
    (r) => `  for (const ${r.pick(WORDS)} of ${ident(r)}) {`,
    (r) => `    ${ident(r)}.push(${r.pick(WORDS)}.${ident(r)});`,
    () => "  }",
    () => "}",
    () => "",
    (r) => `// ${sentence(r)}`,
    (r) => `  /** ${sentence(r)} */`,
    (r) => `export interface ${Type(r)} { ${r.pick(WORDS)}: ${r.pick(TS_TYPES)}; ${r.pick(WORDS)}?: ${r.pick(TS_TYPES)} }`,
    (r) => `  throw new Error(\`${words(r, 4)}: \${${r.pick(WORDS)}}\`);`,
    (r) => `  return ${ident(r)}.map((x) => x.${r.pick(WORDS)}).filter(Boolean);`,
    (r) => `  logger.debug("${words(r, 5)}", { ${r.pick(WORDS)}, ${r.pick(WORDS)}Id: ${r.range(1, 99999)} });`,
    (r) => `  const url = new URL(\`/api/v${r.range(1, 3)}/${r.pick(WORDS)}s/\${id}\`, baseUrl);`,
    (r) => `export const ${snake(r, 2).toUpperCase()} = ${r.range(1, 100000)};`,
  ],
  js: [
    (r) => `const { ${ident(r)} } = require("${r.pick(PKGS)}");`,
    (r) => `function ${ident(r)}(${r.pick(WORDS)}, ${r.pick(WORDS)}) {`,
    (r) => `  var ${ident(r)} = ${r.pick(WORDS)}[${r.range(0, 20)}] || ${lit(r)};`,
    (r) => `  return ${ident(r)}.${r.pick(WORDS)}(${r.pick(WORDS)}, ${r.range(0, 99)});`,
    () => "}",
    () => "",
    (r) => `// ${sentence(r)}`,
    (r) => `module.exports.${ident(r)} = ${ident(r)};`,
    (r) => `  if (typeof ${r.pick(WORDS)} !== "${r.pick(["string", "number", "object", "function"])}") throw new TypeError("${words(r, 4)}");`,
    (r) => `  setTimeout(() => ${ident(r)}(${r.pick(WORDS)}), ${r.range(10, 5000)});`,
  ],
  py: [
    (r) => `from ${snake(r, 1)}.${snake(r, 1)} import ${cap(ident(r, 2))}, ${snake(r, 2)}`,
    (r) => `import ${r.pick(["os", "re", "json", "logging", "asyncio", "typing", "pathlib", "datetime"])}`,
    (r) => `def ${snake(r)}(self, ${snake(r, 1)}: ${r.pick(PY_TYPES)}, ${snake(r, 1)}: ${r.pick(PY_TYPES)} = None) -> ${r.pick(PY_TYPES)}:`,
    (r) => `    ${snake(r)} = self.${snake(r)}(${snake(r, 1)}, ${r.range(0, 500)})`,
    (r) => `    if not ${snake(r)}:`,
    (r) => `        return ${r.pick(["None", "[]", "{}", "False", "0"])}`,
    (r) => `    for ${snake(r, 1)} in ${snake(r)}:`,
    (r) => `        logger.info("${words(r, 5)} %s", ${snake(r, 1)})`,
    (r) => `class ${cap(ident(r, 2))}(${r.pick(["object", "BaseModel", "Exception", "Protocol"])}):`,
    (r) => `    """${sentence(r)}"""`,
    (r) => `# ${sentence(r)}`,
    () => "",
    (r) => `    raise ValueError(f"${words(r, 4)}: {${snake(r, 1)}!r}")`,
  ],
  go: [
    (r) => `func (s *${Type(r)}) ${Type(r)}(ctx context.Context, ${r.pick(WORDS)} ${r.pick(GO_TYPES)}) (${r.pick(GO_TYPES)}, error) {`,
    () => "\tif err != nil {",
    (r) => `\t\treturn nil, fmt.Errorf("${r.pick(WORDS)} ${r.pick(WORDS)}: %w", err)`,
    () => "\t}",
    () => "}",
    () => "",
    (r) => `// ${Type(r)} ${words(r, 8)}.`,
    (r) => `\t${ident(r)}, err := s.${r.pick(WORDS)}.${Type(r)}(ctx, ${r.pick(WORDS)})`,
    (r) => `\tfor _, ${r.pick(WORDS)} := range ${ident(r)} {`,
    (r) => `type ${Type(r)} struct { ${Type(r)} ${r.pick(GO_TYPES)} \`json:"${r.pick(WORDS)}"\` }`,
    (r) => `\t${r.pick(WORDS)}.${Type(r)}(${r.range(0, 1000)})`,
  ],
  md: [
    (r) => `## ${cap(words(r, r.range(2, 5)))}`,
    (r) => sentence(r) + " " + sentence(r),
    (r) => sentence(r) + ` See [${r.pick(WORDS)}](https://docs.acme.dev/${r.pick(WORDS)}/${r.pick(WORDS)}).`,
    () => "",
    (r) => `- \`${ident(r)}\`: ${words(r, r.range(4, 10))}`,
    (r) => `| ${r.pick(WORDS)} | ${r.pick(TS_TYPES)} | ${words(r, 5)} |`,
    (r) => `    ${r.pick(["npm run", "make", "go run ./cmd/", "python -m"])} ${r.pick(WORDS)}`,
  ],
  yaml: [
    (r) => `${snake(r, 1)}:`,
    (r) => `  ${snake(r, 2)}: ${r.range(1, 9999)}`,
    (r) => `  ${snake(r, 2)}: "${r.pick(WORDS)}-${r.pick(WORDS)}"`,
    (r) => `    - name: ${r.pick(WORDS)}-${r.pick(WORDS)}`,
    (r) => `      image: registry.acme.dev/${r.pick(WORDS)}:${version(r)}`,
    (r) => `      enabled: ${r.pick(["true", "false"])}`,
    (r) => `  # ${sentence(r)}`,
    (r) => `    cpu: ${r.range(50, 4000)}m`,
  ],
  toml: [
    (r) => `[${snake(r, 1)}.${snake(r, 1)}]`,
    (r) => `${snake(r, 2)} = ${r.range(0, 9999)}`,
    (r) => `${snake(r, 2)} = "${r.pick(WORDS)}"`,
    (r) => `# ${sentence(r)}`,
    () => "",
  ],
  sh: [
    (r) => `${snake(r, 2).toUpperCase()}="\${${snake(r, 2).toUpperCase()}:-${r.pick(WORDS)}}"`,
    (r) => `if [ -f "$${snake(r, 1).toUpperCase()}" ]; then`,
    (r) => `  ${r.pick(["echo", "printf '%s\\n'", "log"])} "${words(r, 5)}"`,
    () => "fi",
    (r) => `# ${sentence(r)}`,
    (r) => `${r.pick(["npm ci", "go build ./...", "pip install -r requirements.txt", "docker compose up -d"])} ${r.chance(0.5) ? "--quiet" : ""}`,
  ],
  sql: [
    (r) => `INSERT INTO ${snake(r, 1)}s (id, ${snake(r, 1)}, ${snake(r, 1)}, created_at) VALUES (${r.range(1, 9999999)}, '${r.pick(WORDS)} ${r.pick(WORDS)}', ${r.range(0, 100000)}, '2024-${String(r.range(1, 12)).padStart(2, "0")}-${String(r.range(1, 28)).padStart(2, "0")} ${String(r.range(0, 23)).padStart(2, "0")}:${String(r.range(0, 59)).padStart(2, "0")}:00');`,
    (r) => `UPDATE ${snake(r, 1)}s SET ${snake(r, 1)} = ${r.range(0, 1000)} WHERE id = ${r.range(1, 9999999)};`,
    (r) => `-- ${sentence(r)}`,
  ],
  csv: [(r) => `${r.range(1, 9999999)},${r.pick(WORDS)},${r.pick(WORDS)}@mail.acme.dev,${r.range(0, 99999) / 100},2024-${String(r.range(1, 12)).padStart(2, "0")}-${String(r.range(1, 28)).padStart(2, "0")},"${words(r, 4)}"`],
};
MAKERS.txt = MAKERS.md;

const LINE_POOL = 3000;
const pools = new Map();
function pool(lang) {
  let p = pools.get(lang);
  if (!p) {
    const r = new Rng(0xa11c0c + lang.length * 7919 + lang.charCodeAt(0));
    p = Array.from({ length: LINE_POOL }, () => r.pick(MAKERS[lang])(r));
    pools.set(lang, p);
  }
  return p;
}

/** filler lines of a language, about `size` bytes in all (at least one line unless size is 0) */
function fillerLines(r, lang, size) {
  const out = [];
  if (size <= 0) return out;
  if (lang === "json") {
    out.push("[");
    let n = 2;
    while (n < size) {
      const line = `  {"id": ${r.range(1, 9999999)}, "name": "${r.pick(WORDS)}-${r.pick(WORDS)}", "enabled": ${r.chance(0.5)}, "weight": ${r.range(0, 9999) / 100}, "tags": ["${r.pick(WORDS)}", "${r.pick(WORDS)}"], "note": "${words(r, r.range(2, 8))}"},`;
      out.push(line);
      n += line.length + 1;
    }
    if (out.length > 1) out[out.length - 1] = out[out.length - 1].slice(0, -1);
    out.push("]");
    return out;
  }
  if (lang === "lock") return lockLines(r, size);
  const p = pool(lang);
  let n = 0;
  while (n < size) {
    const line = p[r.int(p.length)];
    out.push(line);
    n += line.length + 1;
  }
  return out;
}

function lockLines(r, size) {
  const out = ["{", `  "name": "${r.pick(WORDS)}",`, `  "lockfileVersion": 3,`, `  "requires": true,`, `  "packages": {`];
  let n = 80;
  while (n < size) {
    const name = r.chance(0.2) ? `@${r.pick(WORDS)}/${r.pick(PKGS)}-${r.pick(WORDS)}` : `${r.pick(PKGS)}-${r.pick(WORDS)}`;
    const v = version(r);
    const base = name.split("/").pop();
    const entry = [
      `    "node_modules/${name}": {`,
      `      "version": "${v}",`,
      `      "resolved": "https://registry.npmjs.org/${name}/-/${base}-${v}.tgz",`,
      `      "integrity": "sha512-${r.chars(B64, 86)}==",`,
      `      "license": "${r.pick(["MIT", "ISC", "Apache-2.0", "BSD-3-Clause"])}"`,
      `    },`,
    ];
    for (const l of entry) {
      out.push(l);
      n += l.length + 1;
    }
  }
  out[out.length - 1] = "    }";
  out.push("  }", "}");
  return out;
}

// ---------------------------------------------------------------- fake secrets

const DIG = "0123456789";
const UPPER32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const PWCHARS = ALNUM + "!#%^*_-+=";

/** Secret shapes; each returns { rule (the secret format it should hit), value, needles } */
const SHAPES = {
  github: (r) => tok("secret.github.pat", "ghp_" + r.chars(ALNUM, 36)),
  awsPair: (r) => {
    const id = "AKIA" + r.chars(UPPER32, 16);
    const key = r.chars(B64, 40);
    return { rule: "secret.aws.access-key-id", value: id, key, needles: [id, key], pair: true };
  },
  slack: (r) => tok("secret.slack.bot-token", `xoxb-${r.chars(DIG, r.range(10, 13))}-${r.chars(DIG, r.range(10, 13))}-${r.chars(ALNUM, r.range(24, 32))}`),
  stripe: (r) => tok("secret.stripe.secret-key", "sk_live_" + r.chars(ALNUM, r.pick([24, 99]))),
  npm: (r) => tok("secret.npm.access-token", "npm_" + r.chars(ALNUM, 36)),
  openai: (r) => tok("secret.openai.api-key", "sk-proj-" + r.chars(URLSAFE, 74) + "T3BlbkFJ" + r.chars(URLSAFE, 74)),
  anthropic: (r) => tok("secret.anthropic.api-key", "sk-ant-api03-" + r.chars(URLSAFE, 93) + "AA"),
  google: (r) => tok("secret.gcp.api-key", "AIza" + r.chars(URLSAFE, 35)),
  dbUrl: (r) => {
    const pw = r.chars(ALNUM, r.range(14, 22));
    return { rule: "secret.generic.url-password", value: `postgres://${r.pick(WORDS)}_svc:${pw}@db-${r.range(1, 9)}.internal.acme.dev:5432/${r.pick(WORDS)}`, needles: [pw] };
  },
  password: (r) => {
    const pw = r.chars(PWCHARS, r.range(14, 20)) + r.chars(DIG, 2);
    return { rule: "secret.generic.password-quoted", value: pw, needles: [pw] };
  },
  pem: (r) => pemBlock(r, r.pick(["RSA ", "EC ", ""])),
  openssh: (r) => opensshBlock(r),
};
function tok(rule, value) {
  return { rule, value, needles: [value] };
}
function pemBlock(r, kind) {
  const body = ["MII" + r.chars(B64, 61)];
  const n = r.range(12, 25);
  for (let i = 1; i < n; i++) body.push(r.chars(B64, 64));
  body.push(r.chars(B64, r.range(8, 60)) + "=");
  const lines = [`-----BEGIN ${kind}PRIVATE KEY-----`, ...body, `-----END ${kind}PRIVATE KEY-----`];
  return { rule: "secret.private-key.pem", lines, needles: [body[1], body[Math.floor(n / 2)]] };
}
function opensshBlock(r) {
  const body = ["b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"];
  const n = r.range(5, 25);
  for (let i = 0; i < n; i++) body.push(r.chars(B64, 70));
  body.push(r.chars(B64, r.range(10, 60)) + "==");
  const lines = ["-----BEGIN OPENSSH PRIVATE KEY-----", ...body, "-----END OPENSSH PRIVATE KEY-----"];
  return { rule: "secret.private-key.openssh", lines, needles: [body[1], body[Math.floor(n / 2)]] };
}

/** share of each shape among the ~200 inline secrets */
const SHAPE_MIX = [
  ["github", 28], ["awsPair", 14], ["slack", 16], ["stripe", 18], ["npm", 12], ["openai", 12], ["anthropic", 10],
  ["google", 18], ["dbUrl", 16], ["password", 12], ["pem", 16], ["openssh", 6],
];

const KEY_NAMES = {
  github: ["GITHUB_TOKEN", "githubToken", "gh_token"],
  slack: ["SLACK_BOT_TOKEN", "slackToken", "slack_bot_token"],
  stripe: ["STRIPE_SECRET_KEY", "stripeSecretKey", "stripe_api_key"],
  npm: ["NPM_TOKEN", "npmToken", "npm_token"],
  openai: ["OPENAI_API_KEY", "openaiApiKey", "openai_api_key"],
  anthropic: ["ANTHROPIC_API_KEY", "anthropicApiKey", "anthropic_api_key"],
  google: ["GOOGLE_API_KEY", "mapsApiKey", "google_api_key"],
  dbUrl: ["DATABASE_URL", "databaseUrl", "database_url"],
  password: ["DB_PASSWORD", "dbPassword", "db_password"],
};

/** The lines that hold a secret in a file of language `lang` (line 0 holds the secret's start). */
function secretLines(r, lang, shape, s) {
  const names = KEY_NAMES[shape] ?? ["TOKEN"];
  const [UP, camel, lower] = names;
  if (s.lines) {
    // a key block
    switch (lang) {
      case "json":
        return [`  {"id": ${r.range(1, 99999)}, "type": "service_account", "private_key": "${s.lines.join("\\n")}\\n"},`];
      case "ts":
      case "js":
        return [`const ${camel === "TOKEN" ? "signingKey" : camel} = \`${s.lines[0]}`, ...s.lines.slice(1), "`;"];
      case "py":
        return [`PRIVATE_KEY = """${s.lines[0]}`, ...s.lines.slice(1), `"""`];
      case "go":
        return ["const privateKey = `" + s.lines[0], ...s.lines.slice(1), "`"];
      case "yaml":
        return ["  private_key: |", ...s.lines.map((l) => "    " + l)];
      case "sql":
        return [`INSERT INTO keys (id, pem) VALUES (${r.range(1, 9999)}, '${s.lines[0]}`, ...s.lines.slice(1), "');"];
      default:
        return ["```", ...s.lines, "```"];
    }
  }
  if (s.pair) {
    switch (lang) {
      case "json":
        return [`  {"id": ${r.range(1, 99999)}, "awsAccessKeyId": "${s.value}", "awsSecretAccessKey": "${s.key}"},`];
      case "ts":
      case "js":
        return [`  accessKeyId: "${s.value}",`, `  awsSecretAccessKey: "${s.key}",`];
      case "py":
      case "toml":
        return [`aws_access_key_id = "${s.value}"`, `aws_secret_access_key = "${s.key}"`];
      case "go":
        return [`\tAccessKeyID: "${s.value}",`, `\tAwsSecretAccessKey: "${s.key}",`];
      case "yaml":
        return [`  aws_access_key_id: ${s.value}`, `  aws_secret_access_key: ${s.key}`];
      case "sql":
        return [`INSERT INTO cloud_accounts (id, access_key_id, aws_secret_access_key) VALUES (${r.range(1, 9999)}, '${s.value}', '${s.key}');`];
      default:
        return [`    export AWS_ACCESS_KEY_ID=${s.value}`, `    export AWS_SECRET_ACCESS_KEY=${s.key}`];
    }
  }
  const v = s.value;
  // a bare password is only a secret next to a password-named key: where the value alone would
  // stand (a SQL tuple, a CSV cell), write it as such a key's value
  if (shape === "password" && lang === "sql") return [`-- restore with: PGPASSWORD='${v}' psql -h db.internal -U app -f seed.sql`];
  if (shape === "password" && lang === "csv") return [`${r.range(1, 9999999)},${r.pick(WORDS)},ops@mail.acme.dev,0,2024-01-01,"db_password: '${v}'"`];
  switch (lang) {
    case "json":
      return [`  {"id": ${r.range(1, 99999)}, "name": "${r.pick(WORDS)}", "${camel}": "${v}"},`];
    case "ts":
    case "js":
      return [r.chance(0.5) ? `const ${camel} = "${v}";` : `  ${camel}: "${v}",`];
    case "py":
      return [r.chance(0.5) ? `${UP} = "${v}"` : `    client = Client(${lower}="${v}")`];
    case "go":
      return [`\t${camel} := "${v}"`];
    case "yaml":
      return [`  ${lower}: "${v}"`];
    case "toml":
      return [`${lower} = "${v}"`];
    case "sh":
      return [`export ${UP}="${v}"`];
    case "sql":
      return [`INSERT INTO api_tokens (id, owner, token) VALUES (${r.range(1, 99999)}, '${r.pick(WORDS)}', '${v}');`];
    case "csv":
      return [`${r.range(1, 9999999)},${r.pick(WORDS)},ops@mail.acme.dev,0,2024-01-01,"${UP}=${v}"`];
    default:
      return [`    export ${UP}=${v}`];
  }
}

/** Values that look like secrets but are documentation placeholders or references: none is one. */
const DECOYS = [
  "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
  "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  "STRIPE_SECRET_KEY=sk_live_your_secret_key_here",
  "NPM_TOKEN=${NPM_TOKEN}",
  "OPENAI_API_KEY=<your-openai-key>",
  "password: string",
  "DATABASE_URL=postgres://user:${DB_PASSWORD}@localhost:5432/app",
  "token: process.env.SLACK_BOT_TOKEN",
];

// ---------------------------------------------------------------- the plan

function lognormalSizes(r, n, median, sigma, budget, maxSize) {
  const raw = Array.from({ length: n }, () => Math.exp(Math.log(median) + sigma * r.gauss()));
  let sizes = raw;
  for (let pass = 0; pass < 4; pass++) {
    const sum = sizes.reduce((a, b) => a + b, 0);
    const f = budget / sum;
    sizes = sizes.map((s) => Math.min(maxSize, Math.max(16, s * f)));
  }
  return sizes.map((s) => Math.round(s));
}

/**
 * The tree's plan: every file with its path, kind, language and size, the secrets to plant.
 * Files: exactly `files` (at least 600). Bytes: at least `mb` MiB in all.
 */
export function planTree({ files = 20000, mb = 200, seed = 1 } = {}) {
  if (files < 600) throw new Error("scrub-tree: --files must be at least 600");
  if (mb < 8) throw new Error("scrub-tree: --mb must be at least 8");
  const r = new Rng(seed);
  const budget = mb * MiB;
  const entries = [];
  const add = (e) => (entries.push(e), e);

  // layout: directories per family
  const pkgNames = Array.from({ length: 14 }, () => `${r.pick(WORDS)}-${r.pick(WORDS)}`);
  const uniq = (xs) => [...new Set(xs)];
  const nest = (base, depthMax) => {
    let d = base;
    const depth = r.range(0, depthMax);
    for (let i = 0; i < depth; i++) d += "/" + r.pick(WORDS);
    return d;
  };
  const dirs = {
    ts: uniq(Array.from({ length: 260 }, () => nest(`packages/${r.pick(pkgNames)}/${r.pick(["src", "src", "test", "src/lib"])}`, 3))),
    js: uniq(Array.from({ length: 60 }, () => nest(r.pick(["scripts", "tools", `packages/${r.pick(pkgNames)}/bin`, "web/static/js"]), 2))),
    py: uniq(Array.from({ length: 120 }, () => nest(`services/${r.pick(["ingest", "billing", "search", "ml"])}/${r.pick(["app", "app", "tests"])}`, 3))),
    go: uniq(Array.from({ length: 90 }, () => nest(`services/${r.pick(["gateway", "relay", "ledger"])}/${r.pick(["internal", "internal", "cmd", "pkg"])}`, 3))),
    md: uniq(Array.from({ length: 60 }, () => nest(r.pick(["docs", "docs/guides", "docs/adr", "rfcs"]), 2))),
    json: uniq(Array.from({ length: 40 }, () => nest(r.pick(["fixtures", "config", "web/i18n", "testdata"]), 2))),
    yaml: uniq(Array.from({ length: 40 }, () => nest(r.pick(["deploy/k8s/staging", "deploy/k8s/prod", "config", ".github/workflows", "charts/app/templates"]), 1))),
    toml: ["config", "services/ml", "services/ledger"],
    sh: ["scripts", "deploy", "tools/ci"],
    txt: ["docs/notes", "licenses"],
  };
  const EXT = { ts: ".ts", js: ".js", py: ".py", go: ".go", md: ".md", json: ".json", yaml: ".yaml", toml: ".toml", sh: ".sh", txt: ".txt" };
  const used = new Set();
  const uniquePath = (p) => {
    let q = p;
    for (let i = 2; used.has(q); i++) q = p.replace(/(\.[^./]+)?$/, (m) => `-${i}${m}`);
    used.add(q);
    return q;
  };

  // fixed files: root, credential files (removed by a scrub), decoys (kept)
  const fixed = [
    { path: ".gitignore", kind: "text", raw: "node_modules/\ndist/\n*.tsbuildinfo\n" },
    { path: "package.json", kind: "text", lang: "json", size: 1500 },
    { path: "README.md", kind: "text", lang: "md", size: 6000 },
    { path: "tsconfig.json", kind: "text", lang: "json", size: 600 },
    { path: ".env.example", kind: "text", decoys: true, raw: ["# copy to .env and fill in", "NODE_ENV=development", "PORT=3000", ...DECOYS, ""].join("\n") },
    { path: "docs/security/credentials.md", kind: "text", lang: "md", size: 4000, decoys: true },
    { path: ".env", kind: "cred", env: ["dbUrl", "stripe", "github", "password"] },
    { path: ".env.local", kind: "cred", env: ["openai", "slack"] },
    { path: "services/billing/.env.production", kind: "cred", env: ["stripe", "awsPair", "google"] },
    { path: "deploy/keys/id_rsa", kind: "cred", key: "openssh" },
    { path: "deploy/keys/id_rsa.pub", kind: "text", raw: `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ${r.chars(B64, 360)} deploy@ci\n` },
    { path: "ops/backup/id_ed25519", kind: "cred", key: "openssh" },
    { path: "config/tls/server.key", kind: "cred", key: "pem" },
  ];
  for (const f of fixed) add({ ...f, path: uniquePath(f.path), ignored: false });

  // large text files: one > 32 MiB (streaming), a few multi-MB ones
  const bigSize = budget >= 120 * MiB ? 34 * MiB + r.int(MiB) : Math.round(budget * 0.15);
  add({ path: uniquePath("fixtures/db/seed.sql"), kind: "big", lang: "sql", size: bigSize, ignored: false });
  const multi = Math.round(Math.max(budget * 0.012, 64 * 1024));
  add({ path: uniquePath("web/public/vendor/charts.min.js"), kind: "minified", lang: "js", size: multi + r.int(multi), ignored: false });
  add({ path: uniquePath("data/exports/events.csv"), kind: "text", lang: "csv", size: multi + r.int(multi), ignored: false });
  add({ path: uniquePath("docs/reference/api.md"), kind: "text", lang: "md", size: multi, ignored: false });
  add({ path: uniquePath("package-lock.json"), kind: "text", lang: "lock", size: multi, ignored: false });
  add({ path: uniquePath(`packages/${pkgNames[0]}/package-lock.json`), kind: "text", lang: "lock", size: Math.round(multi / 2), ignored: false });

  const fixedCount = entries.length;
  const fixedBytes = entries.reduce((a, e) => a + (e.size ?? 4000), 0);

  // ignored: node_modules/ (and a nested one) and dist/
  const nIgnored = Math.round(files * 0.12);
  const nNodeModules = Math.round(nIgnored * 0.85);
  const nDist = nIgnored - nNodeModules;
  const ignoredBudget = budget * 0.08;
  const nBinary = Math.round(files * 0.04);
  const binaryBudget = budget * 0.22;
  const nSmall = files - fixedCount - nIgnored - nBinary;
  const smallBudget = budget - fixedBytes - ignoredBudget - binaryBudget;
  if (nSmall < 100 || smallBudget < nSmall * 200) throw new Error("scrub-tree: too few files or bytes for the layout (raise --mb or --files)");

  const igSizes = lognormalSizes(r, nIgnored, 3000, 1.4, ignoredBudget, 2 * MiB);
  for (let i = 0; i < nIgnored; i++) {
    let path;
    let kind = "text";
    let lang;
    if (i < nNodeModules) {
      const nm = r.chance(0.1) ? `packages/${r.pick(pkgNames)}/node_modules` : "node_modules";
      const pkg = r.chance(0.2) ? `@${r.pick(WORDS)}/${r.pick(PKGS)}` : `${r.pick(PKGS)}-${r.pick(WORDS)}`;
      const x = r.float();
      if (x < 0.03) [path, kind] = [`${nm}/${pkg}/build/Release/${r.pick(WORDS)}.node`, "binary"];
      else if (x < 0.15) [path, lang] = [`${nm}/${pkg}/package.json`, "json"];
      else if (x < 0.22) [path, lang] = [`${nm}/${pkg}/README.md`, "md"];
      else if (x < 0.35) [path, lang] = [`${nm}/${pkg}/${r.pick(WORDS)}.d.ts`, "ts"];
      else [path, lang] = [`${nm}/${pkg}/${r.pick(["lib", "dist", "cjs", "esm"])}/${r.pick(WORDS)}.js`, "js"];
    } else {
      const x = r.float();
      const base = `dist/${r.pick(pkgNames)}/${r.pick(WORDS)}`;
      [path, lang] = x < 0.4 ? [`${base}.js.map`, "json"] : [`${base}.js`, "js"];
    }
    add({ path: uniquePath(path), kind, lang, size: igSizes[i], ignored: true });
  }

  // binary files
  const binSizes = lognormalSizes(r, nBinary, 24 * 1024, 1.6, binaryBudget, 8 * MiB);
  const BIN_KINDS = [
    ["png", "assets/img", ".png", 0.45],
    ["jpeg", "docs/img", ".jpg", 0.15],
    ["woff2", "web/public/fonts", ".woff2", 0.08],
    ["elf", "native/prebuilds/linux-x64", ".so", 0.12],
    ["sqlite", "data/cache", ".sqlite", 0.05],
    ["random", "data/models", ".bin", 0.15],
  ];
  for (let i = 0; i < nBinary; i++) {
    let x = r.float();
    let k = BIN_KINDS[BIN_KINDS.length - 1];
    for (const b of BIN_KINDS) {
      if ((x -= b[3]) < 0) {
        k = b;
        break;
      }
    }
    const dir = k[0] === "png" ? nest(k[1], 2) : k[1];
    add({ path: uniquePath(`${dir}/${r.pick(WORDS)}-${r.pick(WORDS)}${k[2]}`), kind: "binary", bin: k[0], size: binSizes[i], ignored: false });
  }

  // small text files (mostly small, a long tail up to 1.5 MiB)
  const FAMILY = [["ts", 0.34], ["js", 0.1], ["py", 0.16], ["go", 0.13], ["md", 0.09], ["json", 0.07], ["yaml", 0.07], ["toml", 0.01], ["sh", 0.02], ["txt", 0.01]];
  const smallSizes = lognormalSizes(r, nSmall, 2400, 1.25, smallBudget, 1.5 * MiB);
  for (let i = 0; i < nSmall; i++) {
    let x = r.float();
    let lang = "txt";
    for (const [l, w] of FAMILY) {
      if ((x -= w) < 0) {
        lang = l;
        break;
      }
    }
    const dir = r.pick(dirs[lang]);
    let name = lang === "go" || lang === "py" ? snake(r, r.range(1, 2)) : lang === "md" ? snake(r, 2).replace(/_/g, "-") : ident(r, r.range(1, 2));
    // ordinary files only: names a credential catalog knows (key.json, auth.json, token.yaml) get a suffix
    if (/^(?:key|auth|token|secret|credentials?|config|settings|hosts|keys)$/i.test(name)) name += "-" + r.pick(WORDS);
    if (lang === "ts" && dir.includes("/test")) name += ".test";
    let size = smallSizes[i];
    if (lang === "py" && r.chance(0.03)) (name = "__init__"), (size = 0);
    add({ path: uniquePath(`${dir}/${name}${EXT[lang]}`), kind: "text", lang, size, ignored: false, crlf: lang === "yaml" && r.chance(0.05) });
  }

  // inline secrets, ~200 at full size: a few in the big files, the rest in ordinary text files
  const nSecrets = Math.max(24, Math.round(200 * Math.min(1, files / 20000)));
  const mixTotal = SHAPE_MIX.reduce((a, [, w]) => a + w, 0);
  const shapes = [];
  for (const [name, w] of SHAPE_MIX) for (let i = 0; i < Math.max(1, Math.round((nSecrets * w) / mixTotal)); i++) shapes.push(name);
  const big = entries.find((e) => e.kind === "big");
  const minified = entries.find((e) => e.kind === "minified");
  const csv = entries.find((e) => e.lang === "csv" && !e.ignored);
  const candidates = entries.filter((e) => !e.ignored && e.kind === "text" && e.lang && e.lang !== "lock" && e.lang !== "txt" && !e.decoys && e.size > 0);
  big.straddle = [];
  big.secrets = [];
  shapes.forEach((shape, i) => {
    let target;
    if (i % 40 === 0) target = big;
    else if (i % 50 === 7) target = minified;
    else if (i % 60 === 13) target = csv;
    else target = r.pick(candidates);
    (target.secrets ??= []).push(shape);
  });
  // the big file also gets secrets straddling 1 MiB boundaries (a token, a key block, an AWS pair)
  const lastMiB = Math.floor(big.size / MiB) - 1;
  if (lastMiB >= 3) {
    big.straddle.push({ at: MiB * 1, shape: "github" });
    big.straddle.push({ at: MiB * Math.max(2, Math.floor(lastMiB / 2)), shape: "pem" });
    big.straddle.push({ at: MiB * lastMiB, shape: "awsPair" });
  }
  return { params: { files, mb, seed }, entries };
}

// ---------------------------------------------------------------- writing

function binaryContent(r, kind, size) {
  const buf = r.bytes(size);
  const put = (bytes, at = 0) => {
    for (let i = 0; i < bytes.length && at + i < size; i++) buf[at + i] = bytes[i];
  };
  // NUL runs, as real binaries have (zero padding, sparse tables)
  const runs = Math.max(1, Math.floor(size / 8192));
  for (let i = 0; i < runs; i++) {
    const at = r.int(size);
    buf.fill(0, at, Math.min(size, at + r.range(16, 512)));
  }
  if (kind === "png") put([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 4, 0, 0, 0, 3, 0, 8, 6, 0, 0, 0]);
  else if (kind === "jpeg") put([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  else if (kind === "woff2") put([0x77, 0x4f, 0x46, 0x32, 0, 1, 0, 0]);
  else if (kind === "elf") {
    put([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0, 1, 0, 0, 0]);
    buf.fill(0, 24, Math.min(size, 64));
    // a string table, as shared objects carry
    put(Buffer.from("\0.text\0.data\0.bss\0.rodata\0.dynsym\0.dynstr\0GLIBC_2.17\0napi_module_register\0"), Math.floor(size / 3));
  } else if (kind === "sqlite") put(Buffer.from("SQLite format 3\0"));
  return buf;
}

function textOf(lines, crlf) {
  return lines.join(crlf ? "\r\n" : "\n") + (lines.length ? (crlf ? "\r\n" : "\n") : "");
}

/** Insert each secret's lines at a random position; returns the final lines and records lines. */
function plant(r, e, lines, out) {
  const inserts = (e.secrets ?? []).map((shape) => {
    const s = SHAPES[shape](r);
    let lo = 0;
    let hi = lines.length;
    if (e.lang === "json") (lo = 1), (hi = Math.max(1, lines.length - 2));
    return { pos: r.range(lo, hi), shape, s, block: secretLines(r, e.lang, shape, s) };
  });
  inserts.sort((a, b) => a.pos - b.pos);
  const result = [];
  let k = 0;
  for (let i = 0; i <= lines.length; i++) {
    while (k < inserts.length && inserts[k].pos === i) {
      const ins = inserts[k++];
      const line = result.length + 1;
      const extra = ins.block.reduce((a, l) => a + (l.match(/\n/g)?.length ?? 0), 0);
      out.push({ path: e.path, rule: ins.s.rule, shape: ins.shape, line, endLine: line + ins.block.length - 1 + extra, needles: ins.s.needles });
      result.push(...ins.block);
    }
    if (i < lines.length) result.push(lines[i]);
  }
  return result;
}

function countNewlines(s) {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

function writeBig(file, r, e, out) {
  const fd = openSync(file, "w");
  let offset = 0;
  let line = 1;
  const chunk = [];
  let chunkBytes = 0;
  const flush = () => {
    if (!chunk.length) return;
    writeSync(fd, chunk.join(""));
    chunk.length = 0;
    chunkBytes = 0;
  };
  const emit = (text) => {
    chunk.push(text);
    chunkBytes += text.length;
    offset += Buffer.byteLength(text);
    line += countNewlines(text);
    if (chunkBytes > 4 * MiB) flush();
  };
  const p = pool("sql");
  const straddle = [...e.straddle];
  // ordinary secrets go at random offsets
  const spots = (e.secrets ?? []).map((shape) => ({ at: r.int(e.size), shape })).sort((a, b) => a.at - b.at);
  emit("-- seed data, generated\nBEGIN;\n");
  while (offset < e.size) {
    const s = straddle[0];
    if (s && offset > s.at - 1000) {
      // position the secret so that its needle starts 12 bytes before the boundary
      straddle.shift();
      const sec = SHAPES[s.shape](r);
      const block = secretLines(r, "sql", s.shape, sec).join("\n") + "\n";
      const lead = block.indexOf(sec.needles[0]) + 12;
      const gap = s.at - offset - lead;
      if (gap >= 8) {
        emit("-- " + words(r, 250).slice(0, gap - 4).padEnd(gap - 4, ".") + "\n");
        const startLine = line;
        emit(block);
        out.push({ path: e.path, rule: sec.rule, shape: s.shape, line: startLine, endLine: line - 1, needles: sec.needles, straddles: s.at });
      }
      continue;
    }
    if (spots.length && offset >= spots[0].at) {
      const { shape } = spots.shift();
      const sec = SHAPES[shape](r);
      const block = secretLines(r, "sql", shape, sec);
      out.push({ path: e.path, rule: sec.rule, shape, line, endLine: line + block.length - 1, needles: sec.needles });
      emit(block.join("\n") + "\n");
      continue;
    }
    emit(p[r.int(p.length)] + "\n");
  }
  emit("COMMIT;\n");
  flush();
  closeSync(fd);
  return offset;
}

function minifiedText(r, e, out) {
  const stmts = [];
  let n = 0;
  const p = pool("js");
  while (n < e.size) {
    const s = p[r.int(p.length)].trim();
    if (!s || s.startsWith("//")) continue;
    stmts.push(s);
    n += s.length;
  }
  const spots = (e.secrets ?? []).map((shape) => ({ i: r.int(stmts.length), shape }));
  const lineLen = 256 * 1024;
  const lines = [];
  let before = 0; // lines in `lines`, counting the newlines inside key blocks
  let cur = "";
  const spotAt = new Map(spots.map((s) => [s.i, s]));
  for (let i = 0; i < stmts.length; i++) {
    const s = spotAt.get(i);
    if (s) {
      const sec = SHAPES[s.shape](r);
      const text = sec.lines
        ? `var k${i}=\`${sec.lines.join("\n")}\`;`
        : sec.pair
          ? `var c${i}={accessKeyId:"${sec.value}",awsSecretAccessKey:"${sec.key}"};`
          : s.shape === "password"
            ? `var c${i}={dbPassword:"${sec.value}"};`
            : `var t${i}="${sec.value}";`;
      const line = before + 1 + countNewlines(cur);
      out.push({ path: e.path, rule: sec.rule, shape: s.shape, line, endLine: line + countNewlines(text), needles: sec.needles });
      cur += text;
    }
    cur += stmts[i].replace(/\s+/g, " ") + ";";
    if (cur.length > lineLen) {
      before += 1 + countNewlines(cur);
      lines.push(cur);
      cur = "";
    }
  }
  if (cur) lines.push(cur);
  return lines.join("\n") + "\n";
}

function credContent(r, e, creds) {
  if (e.key) {
    const s = SHAPES[e.key](r);
    creds.push({ path: e.path, needles: s.needles });
    return s.lines.join("\n") + "\n";
  }
  const lines = ["NODE_ENV=production", `PORT=${r.range(3000, 9000)}`];
  const needles = [];
  for (const shape of e.env) {
    const s = SHAPES[shape](r);
    needles.push(...s.needles);
    if (s.pair) lines.push(`AWS_ACCESS_KEY_ID=${s.value}`, `AWS_SECRET_ACCESS_KEY=${s.key}`);
    else lines.push(`${KEY_NAMES[shape][0]}=${s.value}`);
  }
  creds.push({ path: e.path, needles });
  return lines.join("\n") + "\n";
}

/**
 * Writes the planned tree under `dir` (created; must be empty or absent). Returns what a bench
 * needs to check a scan or a scrub: totals, the planted secrets (path, line, needles), the
 * credential files and their needles, the decoy lines.
 */
export function writeTree(dir, plan) {
  const secrets = [];
  const creds = [];
  const decoys = [];
  const totals = { files: 0, bytes: 0, text: { files: 0, bytes: 0 }, binary: { files: 0, bytes: 0 }, ignored: { files: 0, bytes: 0 }, cred: { files: 0, bytes: 0 } };
  const made = new Set();
  plan.entries.forEach((e, idx) => {
    const r = new Rng((plan.params.seed * 1000003 + idx * 7919) >>> 0);
    const file = join(dir, e.path);
    const d = dirname(file);
    if (!made.has(d)) mkdirSync(d, { recursive: true }), made.add(d);
    let bytes;
    if (e.kind === "big") bytes = writeBig(file, r, e, secrets);
    else {
      let data;
      if (e.kind === "binary") data = binaryContent(r, e.bin ?? "random", e.size);
      else if (e.kind === "cred") data = credContent(r, e, creds);
      else if (e.kind === "minified") data = minifiedText(r, e, secrets);
      else if (e.raw !== undefined) data = e.raw;
      else {
        let lines = fillerLines(r, e.lang, e.size);
        if (e.decoys) {
          const at = Math.min(lines.length, 3);
          lines.splice(at, 0, "```", ...DECOYS, "```");
        }
        lines = plant(r, e, lines, secrets);
        data = textOf(lines, e.crlf);
      }
      if (e.decoys) {
        const text = String(data);
        const all = text.split(/\r?\n/);
        DECOYS.forEach((d) => {
          const i = all.indexOf(d);
          if (i >= 0) decoys.push({ path: e.path, line: i + 1, text: d });
        });
      }
      writeFileSync(file, data);
      bytes = typeof data === "string" ? Buffer.byteLength(data) : data.length;
    }
    if (e.kind === "big") totals.bigFile = bytes;
    totals.files++;
    totals.bytes += bytes;
    const cat = e.ignored ? "ignored" : e.kind === "cred" ? "cred" : e.kind === "binary" ? "binary" : "text";
    totals[cat].files++;
    totals[cat].bytes += bytes;
  });
  return { params: plan.params, totals, secrets, creds, decoys };
}

export function generateTree(dir, opts) {
  mkdirSync(dir, { recursive: true });
  return writeTree(dir, planTree(opts));
}

// ---------------------------------------------------------------- as a command

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, def) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : def;
  };
  const dir = args.find((a, i) => !a.startsWith("--") && (i === 0 || !args[i - 1].startsWith("--")));
  if (!dir) {
    console.error("usage: node scrub-tree.mjs DIR [--files N] [--mb M] [--seed S]");
    process.exit(2);
  }
  const t0 = performance.now();
  const meta = generateTree(dir, { files: opt("--files", 20000), mb: opt("--mb", 200), seed: opt("--seed", 1) });
  writeFileSync(`${dir.replace(/\/+$/, "")}.bench.json`, JSON.stringify(meta));
  const { totals } = meta;
  console.log(`${dir}: ${totals.files} files, ${(totals.bytes / MiB).toFixed(1)} MiB, ${meta.secrets.length} inline secrets, ${meta.creds.length} credential files, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
