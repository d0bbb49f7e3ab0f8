// Loads rules/commands.yaml once into typed, compiled tables.
import { fileURLToPath } from "node:url";
import { readRulesFile } from "../core/rules-file.js";
import { UserError } from "../core/types.js";
import type { OptionSpec } from "./options.js";

export interface CommandSpec extends OptionSpec {
  skip?: number;
  handler?: string;
  inner?: string;
  unless_option?: string;
  subcommands?: string[];
  command_option?: string;
  join_args?: boolean;
  dest?: "all" | "last" | "last_any" | "first" | "second" | "all_but_first" | "none";
  dest_options?: string[];
  dest_if_option?: string[];
  dir_options?: string[];
  all_if_option?: string[];
  kind?: "write" | "delete" | "mode" | "link";
  sources_kind?: "delete";
  reads_sources?: boolean;
  file_options?: string[];
  data_options?: string[];
  host_options?: string[];
  file_positionals?: boolean;
  host?: string;
  subcommand?: string | string[];
  exec_options?: string[];
  unless_args?: string[];
  needs_host?: boolean;
  readonly_options?: string[];
  extract_dir?: boolean;
  when_args?: string[];
  when_args_any_protected?: boolean;
  code_options?: string[];
  code_program?: boolean;
  module_option?: string;
  repeat_code?: boolean;
  subcommand_code?: string;
  subcommand_script?: string;
}

export interface Semantics {
  privileged: Map<string, CommandSpec>;
  wrappers: Map<string, CommandSpec>;
  shells: Map<string, CommandSpec>;
  interpreters: Map<string, CommandSpec>;
  networkSinks: Set<string>;
  tunnels: Map<string, string[]>;
  uploaders: Map<string, CommandSpec>;
  networkExec: Map<string, CommandSpec>;
  remoteMounts: Set<string>;
  stateChanges: Map<string, CommandSpec>;
  writers: Map<string, CommandSpec>;
  metadataOnly: Set<string>;
  outputOptions: Set<string>;
  readOnly: Set<string>;
  commandEnv: Set<string>;
  codeEnv: Set<string>;
  gitCommandConfig: RegExp[];
  protectedRoots: string[];
  protectedExceptions: string[];
  homePersistence: string[];
  secretVariables: RegExp[];
  notSecretVariables: Set<string>;
  tokenHosts: Map<string, string[]>;
  /** Commands that read whole folders: the options that make them recursive, or "always". */
  recursiveReaders: Map<string, string[] | "always">;
}

const RULES = fileURLToPath(new URL("../../rules/commands.yaml", import.meta.url));
let cached: Semantics | undefined;

function table(raw: unknown, file: string, section: string): Map<string, CommandSpec> {
  const m = new Map<string, CommandSpec>();
  if (raw === undefined || raw === null) return m;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new UserError(`${file}: ${section}: expected a mapping of command names`);
  for (const [name, spec] of Object.entries(raw as Record<string, unknown>)) {
    if (spec !== null && (typeof spec !== "object" || Array.isArray(spec)))
      throw new UserError(`${file}: ${section}.${name}: expected a mapping of options`);
    m.set(name, (spec ?? {}) as CommandSpec);
  }
  return m;
}

function list(raw: unknown, file: string, section: string): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.some((x) => typeof x !== "string"))
    throw new UserError(`${file}: ${section}: expected a list of strings`);
  return raw as string[];
}

/** Glob-ish config keys (`alias.*`) become anchored regexes. */
function keyPattern(k: string): RegExp {
  return new RegExp("^" + k.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^]*") + "$");
}

export function loadSemantics(file: string = RULES): Semantics {
  if (cached && file === RULES) return cached;
  const raw = readRulesFile(file) as Record<string, any>;
  if (!raw || typeof raw !== "object") throw new UserError(`${file}: expected a mapping`);
  const prot = raw["protected"] ?? {};
  const tokenHosts = new Map<string, string[]>();
  for (const [k, v] of Object.entries(raw["token_hosts"] ?? {})) tokenHosts.set(k.toUpperCase(), list(v, file, `token_hosts.${k}`));
  const s: Semantics = {
    privileged: table(raw["privileged"], file, "privileged"),
    wrappers: table(raw["wrappers"], file, "wrappers"),
    shells: table(raw["shells"], file, "shells"),
    interpreters: table(raw["interpreters"], file, "interpreters"),
    networkSinks: new Set(list(raw["network_sinks"], file, "network_sinks")),
    tunnels: new Map(Object.entries(raw["tunnels"] ?? {}).map(([k, v]) => [k, list(v, file, `tunnels.${k}`)])),
    uploaders: table(raw["uploaders"], file, "uploaders"),
    networkExec: table(raw["network_exec"], file, "network_exec"),
    remoteMounts: new Set(list(raw["remote_mounts"], file, "remote_mounts")),
    stateChanges: table(raw["state_changes"], file, "state_changes"),
    writers: table(raw["writers"], file, "writers"),
    metadataOnly: new Set(list(raw["metadata_only"], file, "metadata_only")),
    outputOptions: new Set(list(raw["output_options"], file, "output_options")),
    readOnly: new Set(list(raw["read_only"], file, "read_only")),
    commandEnv: new Set(list(raw["command_env"], file, "command_env")),
    codeEnv: new Set(list(raw["code_env"], file, "code_env")),
    gitCommandConfig: list(raw["git_command_config"], file, "git_command_config").map(keyPattern),
    protectedRoots: list(prot["roots"], file, "protected.roots"),
    protectedExceptions: list(prot["exceptions"], file, "protected.exceptions"),
    homePersistence: list(prot["home"], file, "protected.home"),
    secretVariables: list(raw["secret_variables"], file, "secret_variables").map((r) => {
      try {
        return new RegExp(r, "i");
      } catch {
        throw new UserError(`${file}: secret_variables: invalid regex ${JSON.stringify(r)}`);
      }
    }),
    notSecretVariables: new Set(list(raw["not_secret_variables"], file, "not_secret_variables").map((x) => x.toUpperCase())),
    tokenHosts,
    recursiveReaders: new Map(
      Object.entries((raw["recursive_readers"] ?? {}) as Record<string, unknown>).map(([k, v]) => [k, v === "always" ? "always" : list(v, file, `recursive_readers.${k}`)] as [string, string[] | "always"]),
    ),
  };
  if (file === RULES) cached = s;
  return s;
}
