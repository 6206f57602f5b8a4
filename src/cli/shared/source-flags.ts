import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import { DEFAULT_INPUTS, type CheckInputs } from '../../checks/inputs.js';
import { PSS_MODES, type PssMode } from '../../checks/pss/_version.js';
import type { SnapshotSourceOption } from '../../pipeline.js';

/** The flags that say where a snapshot comes from, shared by every command that reads a cluster. */
export interface SourceFlags {
  readonly fromFile?: string;
  readonly context?: string;
  readonly kubeconfig?: string;
  readonly clusterName?: string;
  readonly collectedAt?: string;
  readonly completeKinds?: string[];
  readonly completeInventory?: boolean;
}

export function addSourceOptions(command: Command): Command {
  return command
    .option('--from-file <path>', 'snapshot file, kubectl output or manifests (file or folder) instead of a live cluster')
    .option('--context <name>', 'kubeconfig context to collect from (default: the current context)')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config; in a pod: its service account)')
    .option('--cluster-name <name>', 'name to record for the cluster')
    .option('--collected-at <time>', 'ISO-8601 collection time for offline input that carries none')
    .option('--complete-kinds <kinds>', 'manifests hold every object of these kinds (e.g. Role,ClusterRole,RoleBinding,ClusterRoleBinding; * for all): absent kinds are otherwise gaps', listOption, [])
    .option('--complete-inventory', 'manifests are the complete inventory of every kind (same as --complete-kinds "*")');
}

export function sourceFromFlags(flags: SourceFlags): SnapshotSourceOption {
  const name = flags.clusterName === undefined ? {} : { clusterName: flags.clusterName };
  if (flags.fromFile !== undefined) {
    if (flags.context !== undefined || flags.kubeconfig !== undefined) throw usageError('--from-file reads offline input; it cannot be combined with --context or --kubeconfig');
    const completeKinds = [...(flags.completeKinds ?? []), ...(flags.completeInventory === true ? ['*'] : [])];
    return { type: 'file', path: flags.fromFile, ...name, ...(flags.collectedAt === undefined ? {} : { collectedAt: flags.collectedAt }), ...(completeKinds.length === 0 ? {} : { completeKinds }) };
  }
  if ((flags.completeKinds ?? []).length > 0 || flags.completeInventory === true) throw usageError('--complete-kinds and --complete-inventory describe offline manifests; a live collection records its own gaps');
  if (flags.collectedAt !== undefined) throw usageError('--collected-at dates offline input; a live collection is dated by the clock');
  return { type: 'cluster', ...name, ...(flags.context === undefined ? {} : { context: flags.context }), ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }) };
}

/** `--pss-version` and `--pss-mode`, validated: the Pod Security Standards inputs of the checks. */
export function pssInputsFrom(version: string | undefined, mode: string | undefined): Pick<CheckInputs, 'pssVersion' | 'pssMode'> {
  if (version !== undefined && !/^(latest|v?1\.\d{1,3})$/.test(version)) throw usageError(`--pss-version must be latest or a version like v1.30 (got '${version}')`);
  if (mode !== undefined && !PSS_MODES.includes(mode as PssMode)) throw usageError(`--pss-mode must be one of ${PSS_MODES.join(', ')} (got '${mode}')`);
  return { pssVersion: version ?? DEFAULT_INPUTS.pssVersion, pssMode: (mode as PssMode | undefined) ?? DEFAULT_INPUTS.pssMode };
}

/** `a,b` and repeated flags alike → ['a', 'b']. */
export function listOption(value: string, previous: readonly string[] = []): string[] {
  return [...previous, ...value.split(',').map((part) => part.trim()).filter((part) => part !== '')];
}
