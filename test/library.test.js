// The public API as a library user (an Agent SDK canUseTool, a CI script) sees it.
import test from "ava";
import * as api from "../dist/index.js";

const o = { cwd: "/home/dev/project", home: "/home/dev" };

test("judgeToolUse: Bash through the analyzer, file tools through the catalog, unknown tools unjudged", (t) => {
  t.is(api.judgeToolUse("Bash", { command: "s\\udo ls" }, o).analysis.verdict, "deny");
  t.is(api.judgeToolUse("Bash", { command: "npm test" }, o).analysis.verdict, "allow");
  const read = api.judgeToolUse("Read", { file_path: "/home/dev/project/.env" }, o);
  t.is(read.analysis.verdict, "ask");
  t.deepEqual(read.analysis.findings.map((f) => f.rule), ["A2"]);
  t.is(api.judgeToolUse("Write", { file_path: "/etc/cron.d/job", content: "x" }, o).analysis.verdict, "deny");
  t.is(api.judgeToolUse("Glob", { pattern: "**/.env*" }, o).analysis.verdict, "ask");
  t.is(api.judgeToolUse("WebFetch", { url: "https://example.com" }, o), undefined);
});

test("judgeToolUse: a malformed input throws (a caller fails closed), never allows", (t) => {
  t.throws(() => api.judgeToolUse("Bash", {}, o), { message: /command/ });
  t.throws(() => api.judgeToolUse("Read", { path: 1 }, o), { message: /file_path/ });
});

test("the documented entry points are exported", (t) => {
  for (const name of ["analyzeCommand", "scanWorkspace", "scrubWorkspace", "scanStaged", "judgeToolUse", "loadPolicy", "applyPolicy", "planBwrap", "runSandboxed", "loadSensitiveCatalog", "loadSecretRules", "findSecrets"]) {
    t.is(typeof api[name], "function", name);
  }
});

test("policy YAML is cached by content: an edit takes effect at once; the managed policy is never cached", async (t) => {
  const { mkdtempSync, mkdirSync, writeFileSync, readdirSync, existsSync, rmSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const root = mkdtempSync(join(tmpdir(), "airlock-policy-cache-"));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const project = join(root, "project");
  mkdirSync(join(project, ".airlock"), { recursive: true });
  mkdirSync(join(project, ".git"));
  const managed = join(root, "managed.yaml");
  writeFileSync(managed, "permissions:\n  deny: ['docker *']\n");
  const env = { XDG_CACHE_HOME: join(root, "cache"), XDG_CONFIG_HOME: join(root, "config"), AIRLOCK_MANAGED_POLICY: managed };
  const load = () => api.loadPolicy({ cwd: project, home: join(root, "home"), env });
  writeFileSync(join(project, ".airlock/policy.yaml"), "rules: { A2: deny }\n");
  t.is(load().rules.A2, "deny");
  t.is(load().rules.A2, "deny", "from the cache");
  const cached = readdirSync(join(root, "cache/airlock/policy"));
  t.is(cached.length, 1, "only the project policy is cached");
  writeFileSync(join(project, ".airlock/policy.yaml"), "rules: { A1: deny }\n");
  const after = load();
  t.is(after.rules.A1, "deny");
  t.is(after.rules.A2, "ask", "the edit took effect");
  writeFileSync(join(project, ".airlock/policy.yaml"), "rules: { A2: sometimes }\n");
  t.throws(load, { message: /policy\.yaml: rules\.A2/ }, "validated by the generated validator");
  t.false(existsSync(join(root, "cache/airlock/policy", "managed")));
});
