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
