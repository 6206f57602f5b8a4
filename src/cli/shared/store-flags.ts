import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import { openStore, resolveDbPath, type ClusterSummary, type EvidenceStore } from '../../store/index.js';
import { chooseOption } from '../output.js';

/**
 * What every store-reading command shares: the --db and --format flags, opening and always closing the store,
 * and picking the cluster a command is about.
 */
export interface DbFlags {
  readonly db?: string;
}

export interface FormatFlags {
  readonly format: string;
}

export type OutputFormat = 'table' | 'json';

export function withDbOption(command: Command): Command {
  return command.option('--db <file>', 'database file (default: $KUBEVIDENCE_DB, else ./kubevidence.db)');
}

export function withFormatOption(command: Command): Command {
  return command.option('--format <format>', 'output format: table or json', 'table');
}

export function outputFormatOf(flags: FormatFlags): OutputFormat {
  return chooseOption('--format', flags.format, ['table', 'json'] as const);
}

/** Opens the store for one command and closes it whatever happens. Reading commands never create a file. */
export function withStore<T>(flags: DbFlags, mode: 'read' | 'write', use: (store: EvidenceStore) => T): T {
  const store = openStore(resolveDbPath(flags.db), { readonly: mode === 'read' });
  try {
    return use(store);
  } finally {
    store.close();
  }
}

/** The cluster named by --cluster (UID or name), or the only cluster in the database. */
export function chosenCluster(store: EvidenceStore, flag: string | undefined): ClusterSummary {
  const clusters = store.listClusters();
  if (flag !== undefined) {
    const matches = clusters.filter((cluster) => cluster.uid === flag || cluster.name === flag);
    if (matches.length === 1 && matches[0] !== undefined) return matches[0];
    if (matches.length > 1) throw usageError(`--cluster ${flag} names ${matches.length} clusters; give the UID (${matches.map((c) => c.uid).join(', ')})`);
    throw usageError(`no runs of cluster '${flag}' in ${store.path}${clusterList(clusters)}`);
  }
  const [only, ...others] = clusters;
  if (only === undefined) throw usageError(`${store.path} holds no runs yet`);
  if (others.length > 0) throw usageError(`${store.path} holds runs of ${clusters.length} clusters; choose one with --cluster${clusterList(clusters)}`);
  return only;
}

function clusterList(clusters: readonly ClusterSummary[]): string {
  return clusters.length === 0 ? '' : ` (clusters: ${clusters.map((cluster) => `${cluster.name} ${cluster.uid}`).join(', ')})`;
}
