// The workspace scrubber's values: what a scan finds, what a scrub did. Shared by the scanner,
// the overlay writer, the reports (text, JSON, SARIF) and the public API.

/** One thing found in a workspace: a credential file (by name) or an inline secret (by content). */
export interface ScanFinding {
  /** `file.<name>` (catalog) or `secret.<vendor>.<name>` (secret formats) */
  rule: string;
  kind: "secret" | "file";
  /** workspace-relative, POSIX separators */
  path: string;
  /** 1-based; a file finding points at 1:1 */
  line: number;
  /** 1-based, in characters of the line (UTF-8 decoded) */
  column: number;
  /** last line of the secret (key blocks span many); equals line for file findings */
  endLine: number;
  /** column just after the secret on endLine */
  endColumn: number;
  /** a redacted preview ("ghp_****…a1"); "" for a file finding. Never the secret. */
  preview: string;
  /** the rule's description */
  message: string;
  /**
   * A stable identifier of this finding for baselines and SARIF partial fingerprints: 16 hex
   * digits of SHA-256 over (rule, path, secret) — never the secret, and not reversible for a
   * secret with real entropy. File findings hash (rule, path).
   */
  fingerprint: string;
}

/** A path that was not copied or not checked, and why. */
export interface SkippedPath {
  path: string;
  /** what it was: a symlink leaving the tree, a FIFO, socket or device, an unreadable file or directory */
  reason: "symlink-escape" | "special-file" | "unreadable" | "reserved";
  detail: string;
}

export interface ScanStats {
  /** regular files looked at (by name; text files also by content) */
  files: number;
  /** bytes of those files */
  bytes: number;
  /** files whose content was scanned (not binary) */
  scanned: number;
  /** binary files (checked by name only) */
  binary: number;
  /** paths left out by an ignore file (a pruned directory counts once) */
  ignored: number;
  /** directories walked */
  directories: number;
  /** symlinks seen */
  symlinks: number;
  /** wall time in milliseconds */
  ms: number;
}

export interface ScanResult {
  /** the directory finding paths are relative to (absolute): the scanned tree, or the repository for --staged */
  root: string;
  findings: ScanFinding[];
  /** findings suppressed by the baseline */
  baselined: number;
  skipped: SkippedPath[];
  stats: ScanStats;
}

export interface WalkOptions {
  /** include what .gitignore, .dockerignore and .airlockignore exclude */
  noIgnore?: boolean;
  /** walk .git/ too (its config is then scanned like any file) */
  includeGit?: boolean;
  /**
   * The absolute path the workspace stands for, when it is not a project tree but e.g. a
   * home directory or a root filesystem image: catalog globs for absolute and `~/` paths are
   * then tested on `root + relative path`. Default: paths are workspace-relative only.
   */
  root?: string;
  /** the home directory for `~/` catalog globs (absolute, in the `root` view) */
  home?: string;
}

export interface Progress {
  /** total files found by the walk (known once the walk ends) */
  total: number;
  /** files processed so far */
  done: number;
  bytes: number;
}

export interface ScanOptions extends WalkOptions {
  /** findings to suppress: a previous `scan --format json` output (its findings' fingerprints) */
  baseline?: readonly Pick<ScanFinding, "rule" | "path" | "fingerprint">[];
  onProgress?: (p: Progress) => void;
  /** worker threads for content scanning: 0 = none; default: by the tree's size and the cores */
  threads?: number;
  /** stops the work (the scrub removes what it wrote, the promise rejects with the reason) */
  signal?: AbortSignal;
  /** a file of secret formats other than the shipped one */
  secretRulesFile?: string;
  /** a sensitive-file catalog other than the shipped one */
  catalogFile?: string;
}

export type ManifestAction = "removed" | "redacted" | "skipped" | "dropped";

export interface ManifestEntry {
  path: string;
  action: ManifestAction;
  /** rule ids behind the action (removed, redacted) */
  rules: string[];
  /** why, in words */
  reason: string;
  /** for redacted files: where each secret was (never the secret; a salted fingerprint at most) */
  secrets?: { rule: string; line: number; column: number; lines: number; fingerprint: string }[];
}

export interface Manifest {
  tool: "airlock";
  version: 1;
  created: string;
  /** the source directory (absolute) */
  source: string;
  /** salt of the fingerprints in `secrets` (HMAC-SHA256, 12 hex digits): checkable, not reversible */
  salt: string;
  options: { noIgnore: boolean; includeGit: boolean };
  entries: ManifestEntry[];
  /** counts per action, and of ignored paths (not listed) */
  summary: { copied: number; removed: number; redacted: number; skipped: number; dropped: number; ignored: number; symlinks: number };
  stats: ScanStats;
}

export interface ScrubOptions extends ScanOptions {
  /** replace OUT if it exists (only once the new overlay is complete; OUT must be an airlock overlay or empty) */
  force?: boolean;
}

export interface ScrubResult {
  /** the overlay (absolute) */
  out: string;
  manifest: Manifest;
  /** what was taken out, as scan findings (previews only), sorted by path */
  findings: ScanFinding[];
}
