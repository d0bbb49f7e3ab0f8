// Plans as text: POSIX shell (every word single-quoted unless it is plainly safe, so spaces,
// quotes, `$`, globs and newlines survive) or JSON.
import type { ArgvPlan, GvisorPlan, Plan, SrtPlan } from "./plans.js";

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One word for a POSIX shell: as is when it cannot be misread, else in single quotes. */
export function shellQuote(word: string, commandName = false): string {
  // A command name with `=` would be read as an assignment.
  if (word.length > 0 && SAFE.test(word) && !(commandName && word.includes("="))) return word;
  return "'" + word.replace(/'/g, "'\\''") + "'";
}

/** bwrap options that modify the next one (`--size N --tmpfs /tmp`): kept on its line. */
const PREFIX_OPTIONS = new Set(["--size", "--perms"]);

/** An argv as one shell command; options start new lines (continued with `\`) before `tail`. */
export function renderArgv(argv: readonly string[], tail = argv.length): string {
  const lines: string[][] = [];
  let joinNext = false;
  argv.forEach((word, i) => {
    const q = shellQuote(word, i === 0);
    const option = i < tail && word.startsWith("-");
    const newLine = i === 0 || i === tail || (option && !joinNext);
    if (option) joinNext = PREFIX_OPTIONS.has(word);
    if (newLine) lines.push([q]);
    else lines[lines.length - 1]!.push(q);
  });
  return lines.map((l) => l.join(" ")).join(" \\\n  ");
}

function comment(text: string): string {
  return text
    .split("\n")
    .map((l) => `# ${l}`)
    .join("\n");
}

/** The whole plan as a shell script fragment: notes as comments, then the command. */
export function renderShell(plan: Plan): string {
  const out: string[] = [];
  for (const n of plan.notes) out.push(comment(n));
  if (plan.runtime === "srt") return [...out, renderSrtShell(plan)].join("\n") + "\n";
  if (plan.runtime === "gvisor") {
    const g = plan as GvisorPlan;
    out.push(comment(`merge into /etc/docker/daemon.json, then restart docker (systemctl restart docker):\n${JSON.stringify(g.daemonJson, null, 2)}`));
  }
  out.push(renderArgv(plan.argv, (plan as ArgvPlan).tail));
  return out.join("\n") + "\n";
}

/** srt: write the settings to a private temporary file, then start srt in the overlay. */
function renderSrtShell(plan: SrtPlan): string {
  const json = JSON.stringify(plan.settings, null, 2);
  // JSON.stringify escapes newlines inside strings, so no line of it can equal the delimiter.
  const command = plan.command.length > 0 ? " " + plan.command.map((w) => shellQuote(w)).join(" ") : "";
  return [
    "settings=$(mktemp) && cat > \"$settings\" <<'AIRLOCK_SRT_SETTINGS'",
    json,
    "AIRLOCK_SRT_SETTINGS",
    `cd ${shellQuote(plan.cwd)} && srt --settings "$settings"${command}`,
  ].join("\n");
}

/** JSON: the argv array (docker, gvisor, bwrap) or the settings object (srt). */
export function renderJson(plan: Plan): string {
  return JSON.stringify(plan.runtime === "srt" ? plan.settings : plan.argv, null, 2) + "\n";
}
