// The progress bar of scan and scrub: on stderr, only when stderr is a terminal; colours off
// when it is not, or when NO_COLOR is set (chalk alone ignores NO_COLOR when FORCE_COLOR is set).
import chalk from "chalk";
import type { Progress } from "../scrub/types.js";
import { formatBytes } from "../report/scan.js";

export function configureColor(stream: NodeJS.WriteStream): void {
  const noColor = process.env["NO_COLOR"] !== undefined && process.env["NO_COLOR"] !== "";
  if (noColor || !stream.isTTY) chalk.level = 0;
}

export interface ProgressBar {
  update: (p: Progress) => void;
  stop: () => void;
}

/** A bar on stderr when it is a TTY, otherwise nothing. */
export async function progressBar(label: string): Promise<ProgressBar> {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const { default: cliProgress } = await import("cli-progress");
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} {bar} {percentage}% | {value}/{total} files | {size}`,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
      noTTYOutput: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p) => {
      if (!started) {
        bar.start(Math.max(1, p.total), 0, { size: formatBytes(p.bytes) });
        started = true;
      }
      bar.setTotal(Math.max(1, p.total));
      bar.update(p.done, { size: formatBytes(p.bytes) });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
