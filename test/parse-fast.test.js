// The parser's fast path (src/shell/parse.ts plainCommandTree) against tree-sitter itself: on
// random commands built from plain words, shell keywords, assignments and characters that are
// not plain, every tree the fast path builds must equal the one tree-sitter gives, node for
// node (type, span, named, missing, error, field names). PARSE_FAST_RUNS=n, PARSE_FAST_SEED=s.
import test from "ava";
import fc from "fast-check";
import { createRequire } from "node:module";
import { loadParser, plainCommandTree } from "../dist/shell/parse.js";

const RUNS = Number(process.env.PARSE_FAST_RUNS ?? 2000);
const SEED = process.env.PARSE_FAST_SEED === undefined ? undefined : Number(process.env.PARSE_FAST_SEED);
const require = createRequire(import.meta.url);

/** tree-sitter's own tree, as plain data. */
function treeSitterTree(text, parser) {
  const tree = parser.parse(text);
  const dump = (n, field) => ({ type: n.type, start: n.startIndex, end: n.endIndex, named: n.isNamed, missing: n.isMissing, error: n.hasError, field, children: n.children.map((c, i) => dump(c, n.fieldNameForChild(i) ?? null)) });
  return dump(tree.rootNode, null);
}

function ourTree(n, field = null) {
  return { type: n.type, start: n.startIndex, end: n.endIndex, named: n.isNamed, missing: n.isMissing, error: n.hasError, field, children: n.children.map((c, i) => ourTree(c, n.fieldNameForChild(i) ?? null)) };
}

const WORDS = ["git", "status", "-s", "npm", "run", "build", "ls", "-la", "./y", "--z=1", "a,b", "@c", "1%2", "a:b", "x.y", "_", "-", "--", ".", ":", "%1", "+x", "2", "10", "a=b", "A_B=1", "if", "then", "fi", "for", "in", "do", "done", "case", "esac", "while", "until", "select", "function", "time", "coproc", "declare", "export", "local", "readonly", "typeset", "unset", "unsetenv", "elif", "else", "test", "echo", "eval", "exec", "sudo", "env", "x=", "=x", "a==b", "@", "%", "+", ",", "/", "//a", "a/", "0", "-1", "--a=b=c"];
const ODD = ["#", "~", "!", "*", "?", "[", "]", "{", "}", "$", "'", '"', "\\", "&", "|", ";", "<", ">", "(", ")", "`", "^", "\t", "\n", "é"];

const OPS = ["|", "&&", "||", ";", "&", " | ", " && ", " || ", "; ", " ; ", " & ", "|&", ";;", "|||"];
const chainArb = fc.tuple(fc.array(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((ws) => ws.join(" ")), { minLength: 1, maxLength: 4 }), fc.array(fc.constantFrom(...OPS), { minLength: 4, maxLength: 4 }))
  .map(([cmds, ops]) => cmds.map((c, i) => (i === 0 ? c : ops[i - 1] + c)).join(""));

const commandArb = fc.oneof(
  chainArb,
  fc.tuple(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 6, maxLength: 6 })).map(([ws, gaps]) => ws.map((w, i) => (i === 0 ? w : " ".repeat(gaps[i]) + w)).join("")),
  fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...WORDS), fc.constantFrom(...ODD)).map(([a, b, o]) => `${a} ${b}${o}`),
  fc.array(fc.constantFrom("a", "b", "-", ".", "/", "=", ":", " ", "1", "_", "@", "%", "+", ","), { minLength: 1, maxLength: 20 }).map((cs) => cs.join("")),
);

test("every tree the fast path builds is the tree tree-sitter builds", async (t) => {
  await loadParser();
  const TreeSitter = require("tree-sitter");
  const parser = new TreeSitter();
  parser.setLanguage(require("tree-sitter-bash"));
  const cases = fc.sample(commandArb, SEED === undefined ? { numRuns: RUNS } : { numRuns: RUNS, seed: SEED });
  let fast = 0;
  for (const text of cases) {
    const ours = plainCommandTree(text);
    if (!ours) continue;
    fast++;
    t.deepEqual(ourTree(ours), treeSitterTree(text, parser), JSON.stringify(text));
  }
  t.true(fast > RUNS / 25, `the fast path took ${fast} of ${RUNS} commands`); // not vacuous: ~10% qualify
});

test("the fast path leaves alone what it must: keywords, declarations, assignments, quoting, expansions, operators", (t) => {
  for (const text of ["if x", "declare -n r=x", "X=1 cmd", "echo $HOME", "echo 'a b'", "ls *.js", "a & b", "a &", "a;", "a |", "| a", "a && if x", "cat <f", "ls ~", "echo #c", " ls", "ls ", "ls\tx", "echo hi\n"]) {
    t.is(plainCommandTree(text), undefined, JSON.stringify(text));
  }
  t.truthy(plainCommandTree("git commit --amend --no-edit"));
  t.truthy(plainCommandTree("npm ci && npm test | tail -n 20; git status"));
});
