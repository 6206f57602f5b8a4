/**
 * The index of audit packs under a reports folder (`kubevidence packs`): read from the packs' own manifests, so
 * it is derived state that cannot drift from what is on disk. Folders starting with `.` are unfinished writes.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { usageError } from '../../errors.js';

export interface PackIndexEntry {
  readonly cluster: string;
  readonly runId: number;
  readonly generatedAt: string;
  /** `<cluster dir>/<pack dir>`, relative to the reports folder. */
  readonly folder: string;
  /** True when the manifest names a signer and its detached signature is present (run `verify` to check it). */
  readonly signed: boolean;
  readonly signer: string | null;
  readonly frameworks: readonly string[];
  /** Beside the pack: `<folder>.tar.gz`. */
  readonly archive: boolean;
}

interface ManifestHead {
  readonly clusterName?: unknown;
  readonly runId?: unknown;
  readonly generatedAt?: unknown;
  readonly frameworks?: unknown;
  readonly signer?: { readonly subject?: unknown } | null;
}

/** Every pack under `reportsDir`, oldest generation first within a run; folders without a readable manifest are skipped. */
export function listPacks(reportsDir: string): PackIndexEntry[] {
  if (!existsSync(reportsDir) || !statSync(reportsDir).isDirectory()) throw usageError(`${reportsDir} is not a reports folder (no such directory)`);
  const entries: PackIndexEntry[] = [];
  for (const cluster of visibleFolders(reportsDir)) {
    for (const pack of visibleFolders(join(reportsDir, cluster))) {
      const entry = entryOf(reportsDir, cluster, pack);
      if (entry !== null) entries.push(entry);
    }
  }
  return entries.sort((a, b) => compare(a.cluster, b.cluster) || a.runId - b.runId || compare(a.generatedAt, b.generatedAt) || compare(a.folder, b.folder));
}

function entryOf(reportsDir: string, cluster: string, pack: string): PackIndexEntry | null {
  const dir = join(reportsDir, cluster, pack);
  let manifest: ManifestHead;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ManifestHead;
  } catch {
    return null;
  }
  if (typeof manifest.runId !== 'number' || typeof manifest.generatedAt !== 'string') return null;
  const signer = manifest.signer !== null && manifest.signer !== undefined && typeof manifest.signer.subject === 'string' ? manifest.signer.subject : null;
  return {
    cluster: typeof manifest.clusterName === 'string' ? manifest.clusterName : cluster,
    runId: manifest.runId,
    generatedAt: manifest.generatedAt,
    folder: `${cluster}/${pack}`,
    signed: signer !== null && existsSync(join(dir, 'manifest.sig')),
    signer,
    frameworks: Array.isArray(manifest.frameworks) ? manifest.frameworks.filter((id): id is string => typeof id === 'string') : [],
    archive: existsSync(`${dir}.tar.gz`),
  };
}

function visibleFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
