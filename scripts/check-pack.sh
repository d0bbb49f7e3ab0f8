#!/usr/bin/env bash
# The install path pre-commit's `language: node` takes, end to end, on a fresh clone of the
# committed HEAD (uncommitted changes are not in it):
#
#   git clone → npm install (dev deps too; `prepare` builds) → npm pack (its stdout must be the
#   tarball name alone: pre-commit reads it so) → npm install -g --prefix TMP TARBALL →
#   TMP/bin/airlock scan --help, a scan of a temporary directory, scan --staged in a temporary
#   repository.
#
# Then, when the `pre-commit` command exists (and not with --no-pre-commit): `pre-commit
# try-repo` of the clone with the airlock-scan hook, in a repository with a staged secret.
#
# Slow (it compiles tree-sitter, and the pre-commit step installs a second time): not part of
# `npm test`. Exit 0 when every step passed; the first failing step ends the script, except a
# polluted `npm pack` stdout, which is reported and checked again at the end.
#
# Usage: scripts/check-pack.sh [--keep] [--no-pre-commit]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KEEP=0
PRECOMMIT=1
for arg in "$@"; do
  case "$arg" in
    --keep) KEEP=1 ;;
    --no-pre-commit) PRECOMMIT=0 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "check-pack: unknown argument $arg" >&2; exit 2 ;;
  esac
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/airlock-check-pack.XXXXXX")
cleanup() { if [ "$KEEP" = 1 ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi; }
trap cleanup EXIT

# git: no caller's variables, no user or system config (a private global file instead).
# npm keeps the machine's config: it may say where node's headers are (nodedir) for the
# tree-sitter build, or which registry or proxy to use.
for v in $(env | sed -n 's/^\(GIT_[A-Za-z_]*\)=.*/\1/p'); do unset "$v"; done
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$TMP/gitconfig"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
git config --global user.name "airlock check-pack"
git config --global user.email "check-pack@invalid.test"
git config --global init.defaultBranch main

START=$(date +%s)
step_start=$START
step() {
  local now; now=$(date +%s)
  printf '  (%ss)\n== %s\n' "$((now - step_start))" "$*"
  step_start=$now
}
fail() { echo "check-pack: FAIL: $*" >&2; exit 1; }
PROBLEMS=()

step "clone $(git -C "$ROOT" rev-parse --short HEAD) of $ROOT"
git clone --quiet "$ROOT" "$TMP/clone"
cd "$TMP/clone"

step "npm install (the clone's own dependencies; prepare builds dist/)"
npm install --include=dev --include=prod --no-progress --no-save >"$TMP/install.log" 2>&1 || { tail -40 "$TMP/install.log"; fail "npm install"; }
[ -f dist/cli/airlock.cjs ] || fail "npm install did not build dist/cli/airlock.cjs (prepare)"

step "npm pack"
npm pack >"$TMP/pack.out" 2>"$TMP/pack.err" || { cat "$TMP/pack.err"; fail "npm pack"; }
TARBALL=$(tail -n 1 "$TMP/pack.out")
[ -f "$TARBALL" ] || fail "npm pack: no tarball named $TARBALL"
if [ "$(cat "$TMP/pack.out")" != "$TARBALL" ]; then
  PROBLEMS+=("npm pack wrote more than the tarball name to stdout; pre-commit's node install reads all of it as the file name and fails:")
  PROBLEMS+=("$(sed 's/^/    | /' "$TMP/pack.out")")
fi
tar -tzf "$TARBALL" >"$TMP/contents"
echo "  $TARBALL ($(wc -c <"$TARBALL") bytes, $(wc -l <"$TMP/contents") files)"
if grep -E '^package/(test|fixtures|bench)/' "$TMP/contents"; then fail "the tarball holds test or fixture files"; fi
for f in dist/cli/airlock.cjs dist/cli/main.js dist/index.js rules/secrets.yaml rules/sensitive-files.yaml dist/rules/secrets.json dist/rules/sensitive-files.json dist/rules/commands.json dist/rules/policy.json; do
  grep -qx "package/$f" "$TMP/contents" || fail "the tarball lacks $f"
done

step "npm install -g --prefix $TMP/prefix $TARBALL"
npm install -g --prefix "$TMP/prefix" "$TMP/clone/$TARBALL" >"$TMP/global.log" 2>&1 || { tail -40 "$TMP/global.log"; fail "npm install -g"; }
AIRLOCK="$TMP/prefix/bin/airlock"
[ -x "$AIRLOCK" ] || fail "no $AIRLOCK after the global install"

step "airlock scan --help"
"$AIRLOCK" scan --help >"$TMP/help.out" || fail "airlock scan --help exited $?"
grep -q -- "--staged" "$TMP/help.out" || fail "scan --help does not mention --staged"

step "airlock scan on a temporary directory"
TOKEN="ghp_FAKE$(printf 'Q7m2Rx9Lk4Tz8Wv3Np6Bc1Hd5Js0Gy')Ab"
mkdir -p "$TMP/ws/clean" "$TMP/ws/dirty"
printf 'export const add = (a, b) => a + b;\n' >"$TMP/ws/clean/index.js"
cp "$TMP/ws/clean/index.js" "$TMP/ws/dirty/index.js"
printf 'NODE_ENV=development\n' >"$TMP/ws/dirty/.env"
printf '#!/bin/sh\nGITHUB_TOKEN=%s\n' "$TOKEN" >"$TMP/ws/dirty/release.sh"
set +e
"$AIRLOCK" scan "$TMP/ws/clean" >"$TMP/scan-clean.out" 2>&1; clean=$?
"$AIRLOCK" scan --format json "$TMP/ws/dirty" >"$TMP/scan-dirty.json" 2>"$TMP/scan-dirty.err"; dirty=$?
set -e
[ "$clean" = 0 ] || { cat "$TMP/scan-clean.out"; fail "scan of a clean directory exited $clean"; }
[ "$dirty" = 1 ] || { cat "$TMP/scan-dirty.json" "$TMP/scan-dirty.err"; fail "scan of a directory with secrets exited $dirty"; }
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const got = r.findings.map((f) => `${f.rule} ${f.path}`).sort().join(", ");
  if (got !== "file.dotenv .env, secret.github.pat release.sh") { console.error("unexpected findings: " + got); process.exit(1); }
' "$TMP/scan-dirty.json" || fail "scan findings"
if grep -qF "$TOKEN" "$TMP/scan-dirty.json" "$TMP/scan-dirty.err"; then fail "the scan printed the token"; fi

step "airlock scan --staged in a temporary repository"
git init -q "$TMP/staged"
cp "$TMP/ws/dirty/release.sh" "$TMP/ws/clean/index.js" "$TMP/staged/"
git -C "$TMP/staged" add index.js
(cd "$TMP/staged" && "$AIRLOCK" scan --staged) >"$TMP/staged-clean.out" 2>&1 || { cat "$TMP/staged-clean.out"; fail "scan --staged with only a clean file staged"; }
git -C "$TMP/staged" add release.sh
rm "$TMP/staged/release.sh"
set +e
(cd "$TMP/staged" && "$AIRLOCK" scan --staged) >"$TMP/staged-dirty.out" 2>&1; staged=$?
set -e
[ "$staged" = 1 ] || { cat "$TMP/staged-dirty.out"; fail "scan --staged with a staged token (deleted on disk) exited $staged"; }
grep -q "secret.github.pat" "$TMP/staged-dirty.out" || fail "scan --staged does not name the rule"

if [ "$PRECOMMIT" = 1 ] && command -v pre-commit >/dev/null 2>&1; then
  step "pre-commit try-repo (pre-commit $(pre-commit --version | awk '{print $2}')): the hook installed as pre-commit installs it"
  export PRE_COMMIT_HOME="$TMP/pre-commit-cache"
  git init -q "$TMP/user"
  cp "$TMP/ws/dirty/release.sh" "$TMP/user/"
  git -C "$TMP/user" add release.sh
  set +e
  (cd "$TMP/user" && pre-commit try-repo "$TMP/clone" airlock-scan) >"$TMP/try-repo.out" 2>&1; tried=$?
  set -e
  sed 's/^/  | /' "$TMP/try-repo.out" | tail -25
  if grep -q "An unexpected error has occurred" "$TMP/try-repo.out"; then
    log=$PRE_COMMIT_HOME/pre-commit.log
    [ -f "$log" ] && sed -n '1,60p' "$log" | sed 's/^/  log| /'
    fail "pre-commit could not install the hook"
  fi
  [ "$tried" != 0 ] || fail "pre-commit try-repo passed a staged token"
  grep -q "secret.github.pat" "$TMP/try-repo.out" || fail "pre-commit's output does not name the rule"
  if grep -qF "$TOKEN" "$TMP/try-repo.out"; then fail "pre-commit's output holds the token"; fi
elif [ "$PRECOMMIT" = 1 ]; then
  step "pre-commit is not installed: try-repo skipped"
fi

step "done"
if [ "${#PROBLEMS[@]}" -gt 0 ]; then
  printf 'check-pack: FAIL: %s\n' "${PROBLEMS[@]}" >&2
  echo "check-pack: $(($(date +%s) - START))s" >&2
  exit 1
fi
echo "check-pack: OK in $(($(date +%s) - START))s"
