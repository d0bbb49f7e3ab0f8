// Exit codes, documented in README.md ("Exit codes").
export const EXIT = {
  ok: 0,
  /** check: verdict ask; scan: findings present */
  findings: 1,
  /** usage or input error (bad flag, bad policy file, missing directory) */
  usage: 2,
  /** check: verdict deny */
  deny: 3,
  /** an internal error the command could not turn into a verdict */
  internal: 4,
} as const;
