// The small typed core every layer speaks. Nothing here imports anything of ours.

export type Verdict = "allow" | "ask" | "deny";

const ORDER: Record<Verdict, number> = { allow: 0, ask: 1, deny: 2 };

export function verdictRank(v: Verdict): number {
  return ORDER[v];
}

/** The stronger of two verdicts: deny > ask > allow. */
export function strongest(a: Verdict, b: Verdict): Verdict {
  return ORDER[a] >= ORDER[b] ? a : b;
}

export function isVerdict(v: unknown): v is Verdict {
  return v === "allow" || v === "ask" || v === "deny";
}

/** Offsets into the analysed command string (UTF-16 code units, as JS strings index). */
export interface Span {
  start: number;
  end: number;
}

/**
 * One reason for a verdict. `rule` is a stable id: P1…P3, A1…A4, `internal`, `limits`,
 * `user.deny`, `user.ask`, or a catalog/secret id.
 */
export interface Finding {
  rule: string;
  verdict: Verdict;
  message: string;
  start: number;
  end: number;
  /** Extra machine-readable detail (the resolved path, the host, the nested command…). */
  evidence?: Record<string, string>;
}

export interface Analysis {
  verdict: Verdict;
  findings: Finding[];
}

/** Errors a user can fix (bad config, bad input). The CLI prints `message` and exits 2. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

/**
 * A simple command as bash would run it, after quote removal and unwrapping
 * (`env FOO=1 command npm test` → argv ["npm", "test"]). Permission patterns match these.
 * `dynamic` is true when some word could not be resolved statically (its text in argv is then
 * the source text of the word).
 */
export interface ResolvedCommand {
  argv: string[];
  dynamic: boolean;
  start: number;
  end: number;
}

/** What the analyzer produces before policy: findings carry the rules' default verdicts. */
export interface RawAnalysis {
  findings: Finding[];
  commands: ResolvedCommand[];
}

export interface DetailedAnalysis extends Analysis {
  commands: ResolvedCommand[];
}
