// Placeholder until the analyzer lands (lead).
import type { Command } from "commander";

export function registerCheck(_program: Command): void {}
