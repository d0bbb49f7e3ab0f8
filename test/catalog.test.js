// The sensitive-file catalog (rules/sensitive-files.yaml) through the built loader and matcher.
import test from "ava";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSensitiveCatalog, checkSensitiveCatalog } from "../dist/catalog/sensitive-files.js";
import { UserError } from "../dist/core/types.js";
import * as api from "../dist/index.js";

const HOME = "/home/dev"; // the home directory the catalog's examples are written against
const catalog = loadSensitiveCatalog();
const idOf = (path, ctx = { home: HOME }) => catalog.match(path, ctx)?.id;

function tempCatalog(t, text) {
  const dir = mkdtempSync(join(tmpdir(), "airlock-catalog-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "catalog.yaml");
  writeFileSync(file, text);
  return file;
}

const ENTRY = (fields) => `version: 1\nentries:\n  - ${fields.trim().split("\n").join("\n    ")}\n`;

test("the shipped catalog has at least 120 entries with unique, well-formed ids", (t) => {
  t.true(catalog.rules.length >= 120, `${catalog.rules.length} entries`);
  const ids = catalog.rules.map((r) => r.id);
  t.is(new Set(ids).size, ids.length);
  for (const id of ids) t.regex(id, /^file\.[a-z0-9]+(-[a-z0-9]+)*$/);
});

test("every entry has examples and negative examples (a rule without them fails the suite)", (t) => {
  for (const rule of catalog.rules) {
    t.true(rule.examples.length >= 1, `${rule.id} has no examples`);
    t.true(rule.negative_examples.length >= 1, `${rule.id} has no negative_examples`);
  }
});

test("every example is matched by exactly its own entry (the first match wins, specific entries first)", (t) => {
  let n = 0;
  for (const rule of catalog.rules) {
    for (const example of rule.examples) {
      const got = catalog.match(example, { home: HOME });
      t.is(got?.id, rule.id, `example ${example} of ${rule.id}`);
      t.is(got?.kind, rule.kind);
      t.is(got?.description, rule.description);
      n++;
    }
  }
  t.true(n >= 300, `${n} examples`);
});

test("every negative example matches no entry at all, not only not its own", (t) => {
  for (const rule of catalog.rules) {
    for (const negative of rule.negative_examples) {
      t.is(idOf(negative), undefined, `negative ${negative} of ${rule.id}`);
    }
  }
});

test("the workspace copy of an example matches the same entry as the example", (t) => {
  // Entries anchored to the home (`~/`) or to absolute paths are the documented exceptions.
  const anchored = (rule) => rule.paths.some((p) => p.startsWith("~/") || p.startsWith("/"));
  for (const rule of catalog.rules.filter((r) => !anchored(r))) {
    for (const example of rule.examples) {
      if (example.startsWith("~/")) continue;
      const inWorkspace = example.startsWith("/") ? example.slice(1) : `/work/proj/${example}`;
      t.is(idOf(inWorkspace, {}), rule.id, `${inWorkspace} (from ${example})`);
    }
  }
});

test("airlock rules check finds nothing to complain about in the shipped catalog", (t) => {
  t.deepEqual(checkSensitiveCatalog(catalog), []);
});

test("templates are never sensitive, whatever entry they look like", (t) => {
  for (const path of [
    ".env.example", ".env.sample", ".env.template", ".env.dist", "app/.env.local.example",
    "/work/proj/.env.production.sample", "example.env", "sample.env", "docker/app.example.env",
    "id_rsa.sample", ".npmrc.template", "config/secrets.yml.example", "credentials.json.template",
    ".aws/credentials.example", "settings-security.xml.dist", "terraform.tfvars.example", ".pgpass.tpl",
    "kubeconfig.tmpl", ".envrc.sample", "credentials.example.json",
  ]) {
    t.is(idOf(path), undefined, path);
  }
});

test("the vendor guide's files and the issue's list are all in the catalog", (t) => {
  const expected = {
    ".env": "file.dotenv",
    ".env.local": "file.dotenv-variant",
    "/home/dev/.git-credentials": "file.git-credentials",
    "/home/dev/.aws/credentials": "file.aws-credentials",
    "/home/dev/.config/gcloud/application_default_credentials.json": "file.gcloud-adc",
    "/home/dev/.azure/accessTokens.json": "file.azure-cli-tokens",
    "/home/dev/.docker/config.json": "file.docker-config",
    "/home/dev/.kube/config": "file.kube-config",
    ".npmrc": "file.npmrc",
    ".pypirc": "file.pypirc",
    "ci/my-project-service-account.json": "file.gcp-service-account",
    "tls/server.pem": "file.pem",
    "tls/server.key": "file.key",
    "/home/dev/.ssh/id_rsa": "file.ssh-private-key",
    "/home/dev/.ssh/config": "file.ssh-directory",
    "/home/dev/.netrc": "file.netrc",
    "/home/dev/.pgpass": "file.pgpass",
    "/home/dev/.my.cnf": "file.mysql-client-config",
    "public/.htpasswd": "file.htpasswd",
    "keys/app.p12": "file.pkcs12",
    "keys/app.pfx": "file.pkcs12",
    "keys/app.jks": "file.java-keystore",
    "keys/app.keystore": "file.java-keystore",
    "terraform.tfstate": "file.terraform-state",
    "/home/dev/.terraformrc": "file.terraformrc",
    "/home/dev/.vault-token": "file.vault-token",
    "/home/dev/.config/gh/hosts.yml": "file.gh-hosts",
    "/home/dev/.cargo/credentials.toml": "file.cargo-credentials",
    "/home/dev/.m2/settings.xml": "file.maven-settings",
    ".yarnrc.yml": "file.yarnrc-yml",
    "/home/dev/.composer/auth.json": "file.composer-auth",
    "/home/dev/.config/gcloud/credentials.db": "file.gcloud-credential-db",
    "config/master.key": "file.rails-master-key",
    "/etc/shadow": "file.shadow",
    "/home/dev/.bash_history": "file.bash-history",
    "/home/dev/.zsh_history": "file.zsh-history",
    "/proc/self/environ": "file.proc-environ",
    "/proc/31337/environ": "file.proc-environ",
  };
  for (const [path, id] of Object.entries(expected)) t.is(idOf(path), id, path);
});

test("absolute and workspace-relative forms of the same file both match", (t) => {
  for (const path of [".aws/credentials", "proj/.aws/credentials", "/home/dev/.aws/credentials", "/work/proj/.aws/credentials"]) {
    t.is(idOf(path, {}), "file.aws-credentials", path);
  }
  t.is(idOf("/etc/shadow", {}), "file.shadow");
  t.is(idOf("etc/shadow", {}), "file.shadow");
  t.is(idOf("images/rootfs/etc/gshadow", {}), "file.shadow");
  t.is(idOf("/proc/1/environ", {}), "file.proc-environ");
  t.is(idOf("app/.env", {}), "file.dotenv");
  t.is(idOf("/work/proj/app/.env", {}), "file.dotenv");
});

test("`~/` entries match only inside the home directory, which the caller supplies", (t) => {
  const history = "file.csh-history";
  t.is(idOf("/home/dev/.history", {}), undefined, "no home given");
  t.is(idOf("/home/dev/.history", { home: "/home/dev" }), history);
  t.is(idOf("/home/dev/.history", { home: "/home/dev/" }), history, "trailing slash on the home");
  t.is(idOf("/home/dev/.history", { home: "/home/other" }), undefined, "someone else's home");
  t.is(idOf("/home/dev2/.history", { home: "/home/dev" }), undefined, "a sibling with the same prefix");
  t.is(idOf("/home/dev/proj/.history", { home: "/home/dev" }), undefined, "deeper than the home");
  t.is(idOf(".history", { home: "/home/dev" }), undefined, "workspace-relative: VS Code Local History");
  t.is(idOf("~/.history", {}), history, "a path written with ~ is in the home even without ctx.home");
  t.is(idOf("$HOME/.history", {}), history);
  t.is(idOf("~/.history", { home: "/home/dev" }), history);
});

test("matching normalises paths and ignores case", (t) => {
  t.is(idOf("./.env"), "file.dotenv");
  t.is(idOf("app//config/../.env"), "file.dotenv");
  t.is(idOf("../../.env"), "file.dotenv");
  t.is(idOf("/work/proj/./.ENV"), "file.dotenv");
  t.is(idOf("/Users/Dev/.SSH/ID_RSA"), "file.ssh-private-key");
  t.is(idOf("/home/dev/.ssh/"), "file.ssh-directory");
  t.is(idOf("${HOME}/.kube/config"), "file.kube-config");
  t.is(idOf(""), undefined);
  t.is(idOf("."), undefined);
  t.is(idOf("/"), undefined);
});

test("a wildcard in the last segment matches what it would likely expand to", (t) => {
  t.is(idOf("~/.aws/*", {}), "file.home-credential-directory", "the folder");
  t.is(idOf("/home/dev/.ssh/*"), "file.ssh-directory");
  t.is(idOf("/home/dev/.ssh/id_*"), "file.ssh-directory");
  t.is(idOf(".env*"), "file.dotenv", "wildcards emptied");
  t.is(idOf("config/*.pem"), "file.pem");
  t.is(idOf("certs/serv?r.key"), "file.key");
  t.is(idOf("src/*"), undefined);
  t.is(idOf("*.md"), undefined);
  t.is(idOf("*"), undefined);
  t.is(idOf("/home/dev/*"), undefined, "the home folder itself is not a catalog entry");
});

test("ordinary project files match nothing", (t) => {
  for (const path of [
    "README.md", "package.json", "src/index.ts", "src/auth/login.ts", "tsconfig.json", "Dockerfile",
    ".gitignore", ".github/workflows/ci.yml", "node_modules/left-pad/index.js", "/usr/bin/env",
    "/etc/hosts", "/etc/passwd", "docs/keys.md", "src/env.ts", ".vscode/settings.json", "go.sum",
  ]) {
    t.is(idOf(path), undefined, path);
  }
});

test("the default catalog is loaded once and cached; an explicit file is loaded fresh", (t) => {
  t.is(loadSensitiveCatalog(), catalog);
  const file = tempCatalog(t, ENTRY(`
id: file.one
kind: credential
description: one
paths: [".one"]
examples: [".one"]
negative_examples: [".two"]
`));
  const a = loadSensitiveCatalog(file);
  t.not(a, catalog);
  t.is(a.rules.length, 1);
  t.is(a.match("x/.one")?.id, "file.one");
  t.is(a.match("x/.two"), undefined);
});

test("the public API re-exports the catalog functions", (t) => {
  t.is(api.loadSensitiveCatalog, loadSensitiveCatalog);
  t.is(api.checkSensitiveCatalog, checkSensitiveCatalog);
});

const BAD = [
  ["a missing paths field", ENTRY(`id: file.broken\nkind: credential\ndescription: d`), ["file.broken", '"paths"']],
  ["an unknown kind", ENTRY(`id: file.broken\nkind: secret\ndescription: d\npaths: [x]`), ["file.broken", '"kind"', "secret"]],
  ["a misspelt field", ENTRY(`id: file.broken\nkind: config\ndescription: d\npaths: [x]\nnegative_example: [y]`), ["file.broken", '"negative_example"']],
  ["an id that is not file.<name>", ENTRY(`id: secret.thing\nkind: config\ndescription: d\npaths: [x]`), ["entry #1", '"id"', "secret.thing"]],
  ["a glob that is a negation", ENTRY(`id: file.broken\nkind: config\ndescription: d\npaths: ["!x"]`), ["file.broken", '"paths"[0]', "negation"]],
  ["a ~ in the middle of a glob", ENTRY(`id: file.broken\nkind: config\ndescription: d\npaths: ["a/~/b"]`), ["file.broken", '"paths"', "~"]],
  ["a non-string example", ENTRY(`id: file.broken\nkind: config\ndescription: d\npaths: [x]\nexamples: [1]`), ["file.broken", '"examples"']],
  ["an empty description", ENTRY(`id: file.broken\nkind: config\ndescription: ""\npaths: [x]`), ["file.broken", '"description"']],
  ["a bad exclude", ENTRY(`id: file.broken\nkind: config\ndescription: d\npaths: [x]\nexclude: "y"`), ["file.broken", '"exclude"']],
  ["entries that are not a list", "version: 1\nentries: {a: 1}\n", ['"entries"']],
  ["an unknown top-level field", "version: 1\nentires: []\n", ['"entires"']],
  ["a wrong version", "version: 2\nentries: []\n", ['"version"']],
  ["invalid YAML", "entries:\n  - id: [unclosed\n", ["invalid YAML"]],
];

for (const [what, text, mentions] of BAD) {
  test(`a catalog with ${what} is a UserError naming the file and the field`, (t) => {
    const file = tempCatalog(t, text);
    const error = t.throws(() => loadSensitiveCatalog(file), { instanceOf: UserError });
    t.true(error.message.startsWith(file), error.message);
    for (const m of mentions) t.true(error.message.includes(m), `${JSON.stringify(m)} in: ${error.message}`);
  });
}

test("a missing catalog file is a UserError naming it", (t) => {
  const error = t.throws(() => loadSensitiveCatalog(join(tmpdir(), "airlock-no-such-dir", "catalog.yaml")), {
    instanceOf: UserError,
  });
  t.true(error.message.includes("airlock-no-such-dir"));
});

test("rules check reports duplicate ids, examples that miss, negatives that hit, and shadowed entries", (t) => {
  const file = tempCatalog(t, `version: 1
entries:
  - id: file.generic
    kind: credential
    description: anything named token
    paths: ["token*"]
    examples: ["token.txt"]
    negative_examples: ["tokens.md"]
  - id: file.specific
    kind: credential
    description: a token in a tool folder
    paths: ["**/.tool/token.json"]
    examples: [".tool/token.json", ".tool/other.json"]
    negative_examples: [".tool/config.json"]
  - id: file.generic
    kind: config
    description: the same id again
    paths: ["*.cfg"]
    examples: ["a.cfg"]
    negative_examples: ["b.cfg"]
  - id: file.bare
    kind: config
    description: no examples at all
    paths: ["*.bare"]
`);
  const problems = checkSensitiveCatalog(loadSensitiveCatalog(file));
  const has = (re) => t.true(problems.some((p) => re.test(p)), `${re} in:\n${problems.join("\n")}`);
  has(/file\.generic: duplicate id/);
  has(/file\.generic: negative example "tokens\.md" matches/);
  has(/file\.specific: example "\.tool\/token\.json" is claimed by file\.generic/);
  has(/file\.specific: example "\.tool\/other\.json" does not match/);
  has(/file\.generic: negative example "b\.cfg" matches/);
  has(/file\.bare: has no examples/);
  has(/file\.bare: has no negative_examples/);
});

test("brace alternatives, extension and directory globs are all indexed (no entry is unreachable)", (t) => {
  const file = tempCatalog(t, `version: 1
exclude: ["*.example"]
entries:
  - id: file.braces
    kind: credential
    description: braces
    paths: ["**/.tool/{a,b{1,2}}.json"]
    examples: [".tool/a.json", ".tool/b2.json"]
    negative_examples: [".tool/b3.json"]
  - id: file.star-suffix
    kind: private-key
    description: suffix
    paths: ["*_secretkey"]
    examples: ["x/deploy_secretkey"]
    negative_examples: ["x/deploy_secretkey.pub"]
  - id: file.dir-only
    kind: config
    description: everything under a folder
    paths: ["**/vaultdir/**"]
    examples: ["/a/vaultdir/x/y"]
    negative_examples: ["/a/vault/x"]
  - id: file.absolute
    kind: credential
    description: absolute only
    paths: ["/srv/only/here"]
    examples: ["/srv/only/here"]
    negative_examples: ["srv/only/here"]
`);
  const c = loadSensitiveCatalog(file);
  t.deepEqual(checkSensitiveCatalog(c), []);
  t.is(c.match("/x/.tool/b1.json")?.id, "file.braces");
  t.is(c.match("/a/vaultdir/notes.example"), undefined, "the global exclude applies to every entry");
  t.is(c.match("a/vaultdir")?.id, "file.dir-only", "a folder glob names the folder itself");
});
