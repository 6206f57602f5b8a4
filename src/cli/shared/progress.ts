import { SingleBar } from 'cli-progress';
import type { CollectProgress } from '../../collect/index.js';

export interface ProgressReporter {
  readonly update: (progress: CollectProgress) => void;
  readonly stop: () => void;
}

/**
 * A collection progress bar on stderr — only on a terminal, so piped, cron and CronJob runs stay quiet and
 * their stdout stays machine-readable. `label` names the cluster when several are collected.
 */
export function collectionProgress(label = 'collecting'): ProgressReporter | undefined {
  if (process.stderr.isTTY !== true) return undefined;
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} kinds | {objects} objects`, stream: process.stderr, hideCursor: true, clearOnComplete: true });
  let started = false;
  return {
    update: ({ kindsDone, kindsTotal, objects }) => {
      if (!started) bar.start(kindsTotal, kindsDone, { objects });
      started = true;
      bar.update(kindsDone, { objects });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
