import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import type { SnapshotSourceOption } from '../../pipeline.js';

/** The flags that say where a snapshot comes from, shared by every command that reads a cluster. */
export interface SourceFlags {
  readonly fromFile?: string;
  readonly context?: string;
  readonly kubeconfig?: string;
  readonly clusterName?: string;
  readonly collectedAt?: string;
}

export function addSourceOptions(command: Command): Command {
  return command
    .option('--from-file <path>', 'snapshot file, kubectl output or manifests (file or folder) instead of a live cluster')
    .option('--context <name>', 'kubeconfig context to collect from (default: the current context)')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config; in a pod: its service account)')
    .option('--cluster-name <name>', 'name to record for the cluster')
    .option('--collected-at <time>', 'ISO-8601 collection time for offline input that carries none');
}

export function sourceFromFlags(flags: SourceFlags): SnapshotSourceOption {
  const name = flags.clusterName === undefined ? {} : { clusterName: flags.clusterName };
  if (flags.fromFile !== undefined) {
    if (flags.context !== undefined || flags.kubeconfig !== undefined) throw usageError('--from-file reads offline input; it cannot be combined with --context or --kubeconfig');
    return { type: 'file', path: flags.fromFile, ...name, ...(flags.collectedAt === undefined ? {} : { collectedAt: flags.collectedAt }) };
  }
  if (flags.collectedAt !== undefined) throw usageError('--collected-at dates offline input; a live collection is dated by the clock');
  return { type: 'cluster', ...name, ...(flags.context === undefined ? {} : { context: flags.context }), ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }) };
}

/** `a,b` and repeated flags alike → ['a', 'b']. */
export function listOption(value: string, previous: readonly string[] = []): string[] {
  return [...previous, ...value.split(',').map((part) => part.trim()).filter((part) => part !== '')];
}
