// Placeholder: the owner of this command replaces this file.
import type { Command } from "commander";

export function registerSandbox(_program: Command): void {}
