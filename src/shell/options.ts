// Options are parsed, not pattern-matched: `-rf`, `-fr`, `-r -f`, `--recursive`, `--opt=v`,
// `-ofile` and `--` all mean what getopt would make of them.

/** getopt-style spec: `short` like "ab:c" (a colon: takes an argument), `long` like ["force", "output="]. */
export interface OptionSpec {
  short?: string;
  long?: string[];
  /** Stop option parsing at the first positional (POSIX / wrapper style). Default true for wrappers. */
  stopAtPositional?: boolean;
  /** Single-dash long options (find, java): `-name x`. Treated as long names. */
  singleDashLong?: boolean;
}

export interface ParsedOption {
  /** the option's name without dashes: "r", "recursive" */
  name: string;
  value?: string;
  /** index in argv of the word carrying the option, and of its value if separate */
  index: number;
  valueIndex?: number;
}

export interface ParsedArgs {
  options: ParsedOption[];
  /** indices into argv of the positional arguments */
  positionals: number[];
  /** index where `--` appeared, if any */
  doubleDash?: number;
}

interface CompiledSpec {
  /** `x::` in getopt: an optional argument, taken only when attached (`-i.bak`) */
  shortOpt: Set<string>;
  shortArg: Set<string>;
  shortFlag: Set<string>;
  longArg: Set<string>;
  longFlag: Set<string>;
  stopAtPositional: boolean;
}

const cache = new WeakMap<OptionSpec, CompiledSpec>();
/** Specs are often spread into new objects (`{ ...spec, stopAtPositional: true }`), which keep
 *  the same `long` array: cache by that array (or, without one, by the short string). */
const byLong = new WeakMap<string[], Map<string, CompiledSpec>>();
const noLong = new Map<string, CompiledSpec>();

function compile(spec: OptionSpec): CompiledSpec {
  let c = cache.get(spec);
  if (c) return c;
  const key = `${spec.short ?? ""}\u0000${spec.stopAtPositional ? 1 : 0}`;
  let bucket = spec.long ? byLong.get(spec.long) : noLong;
  if (!bucket) byLong.set(spec.long!, (bucket = new Map()));
  c = bucket.get(key);
  if (c) {
    cache.set(spec, c);
    return c;
  }
  const shortArg = new Set<string>();
  const shortFlag = new Set<string>();
  const shortOpt = new Set<string>();
  const s = spec.short ?? "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === ":") continue;
    if (s[i + 1] === ":" && s[i + 2] === ":") shortOpt.add(ch);
    else if (s[i + 1] === ":") shortArg.add(ch);
    else shortFlag.add(ch);
  }
  const longArg = new Set<string>();
  const longFlag = new Set<string>();
  for (const l of spec.long ?? []) {
    if (l.endsWith("=")) longArg.add(l.slice(0, -1));
    else longFlag.add(l);
  }
  c = { shortOpt, shortArg, shortFlag, longArg, longFlag, stopAtPositional: spec.stopAtPositional ?? false };
  cache.set(spec, c);
  bucket.set(key, c);
  return c;
}

/** Parses argv[from…] by the spec. Unknown short options are taken as flags; unknown long
 *  options `--x=v` keep their value, `--x` is a flag. */
export function parseOptions(argv: readonly string[], spec: OptionSpec, from = 1): ParsedArgs {
  const c = compile(spec);
  const options: ParsedOption[] = [];
  const positionals: number[] = [];
  let doubleDash: number | undefined;
  let i = from;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      doubleDash = i;
      for (let j = i + 1; j < argv.length; j++) positionals.push(j);
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const full = resolveLong(name, c);
      if (eq >= 0) options.push({ name: full, value: a.slice(eq + 1), index: i });
      else if (c.longArg.has(full) && i + 1 < argv.length) {
        options.push({ name: full, value: argv[i + 1]!, index: i, valueIndex: i + 1 });
        i++;
      } else options.push({ name: full, index: i });
      continue;
    }
    if (spec.singleDashLong && a.startsWith("-") && a.length > 2) {
      const eqAt = a.indexOf("=");
      if (eqAt > 1) {
        const n = a.slice(1, eqAt);
        if (c.longArg.has(n) || c.longFlag.has(n)) {
          options.push({ name: n, value: a.slice(eqAt + 1), index: i });
          continue;
        }
      }
      const name = a.slice(1);
      if (c.longArg.has(name) && i + 1 < argv.length) {
        options.push({ name, value: argv[i + 1]!, index: i, valueIndex: i + 1 });
        i++;
        continue;
      }
      if (c.longFlag.has(name)) {
        options.push({ name, index: i });
        continue;
      }
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const ch = a[k]!;
        if (c.shortOpt.has(ch)) {
          if (k + 1 < a.length) options.push({ name: ch, value: a.slice(k + 1), index: i });
          else options.push({ name: ch, index: i });
          break;
        }
        if (c.shortArg.has(ch)) {
          if (k + 1 < a.length) options.push({ name: ch, value: a.slice(k + 1), index: i });
          else if (i + 1 < argv.length) {
            options.push({ name: ch, value: argv[i + 1]!, index: i, valueIndex: i + 1 });
            i++;
          } else options.push({ name: ch, index: i });
          break;
        }
        options.push({ name: ch, index: i });
      }
      continue;
    }
    positionals.push(i);
    if (c.stopAtPositional) {
      for (let j = i + 1; j < argv.length; j++) positionals.push(j);
      break;
    }
  }
  return doubleDash === undefined ? { options, positionals } : { options, positionals, doubleDash };
}

/** getopt_long accepts unambiguous prefixes: `--recur` is `--recursive`. */
function resolveLong(name: string, c: CompiledSpec): string {
  if (c.longArg.has(name) || c.longFlag.has(name)) return name;
  let found: string | undefined;
  for (const l of [...c.longArg, ...c.longFlag]) {
    if (l.startsWith(name)) {
      if (found !== undefined) return name;
      found = l;
    }
  }
  return found ?? name;
}

export function hasOption(p: ParsedArgs, ...names: string[]): boolean {
  return p.options.some((o) => names.includes(o.name));
}

export function optionValues(p: ParsedArgs, ...names: string[]): ParsedOption[] {
  return p.options.filter((o) => names.includes(o.name) && o.value !== undefined);
}
