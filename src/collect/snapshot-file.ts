import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { KubeObject, Snapshot } from '../domain/snapshot.js';
import { kindKeyOf } from '../domain/snapshot.js';
import { inputError, invalidInput } from '../errors.js';
import { assembleSnapshot } from './assemble-snapshot.js';
import { COLLECTED_KIND_KEYS } from './kinds.js';
import type { ManifestDocuments } from './manifest-documents.js';
import { kubeObjectsIn, manifestFilesUnder, readManifestFile, statInput } from './read-manifests.js';
import { looksLikeSnapshotFile, snapshotFileSchema } from '../contracts/snapshot-schema.js';

export interface SnapshotInputOptions {
  /** Cluster name; for manifest input it defaults to the file or directory name, a snapshot file keeps its own. */
  readonly clusterName?: string;
  /** ISO-8601 time the manifests describe (null in the snapshot when not given); refused for a snapshot file. */
  readonly collectedAt?: string;
}

/**
 * Reads offline input into a Snapshot: a snapshot file written by `kubevidence collect --out` (loaded as
 * recorded), or manifests — `kubectl get -o json|yaml` output (a `List` or one object), multi-document YAML,
 * or a directory of them (recursive, sorted). Manifest input is taken as the complete inventory of the
 * cluster, so every known kind counts as collected: a kind with no object in the files had none.
 * Either way the objects pass through {@link assembleSnapshot}, so redaction always applies.
 */
export function loadSnapshotInput(path: string, options: SnapshotInputOptions = {}): Snapshot {
  const collectedAt = normaliseCollectedAt(options.collectedAt);
  const stats = statInput(path);
  const files = stats.isDirectory() ? manifestFilesUnder(path) : [path];
  const parsed = files.map(readManifestFile);
  const snapshotDocument = findSnapshotDocument(parsed, stats.isDirectory());
  if (snapshotDocument !== undefined) {
    // A snapshot records when it was collected; only its display name may be changed.
    if (collectedAt !== null) throw invalidInput('collectedAt', '{input} cannot change the collection time a snapshot file records');
    return withClusterName(snapshotFromFile(snapshotDocument), options.clusterName);
  }
  const resources = parsed.flatMap(kubeObjectsIn);
  return assembleSnapshot({
    cluster: { uid: null, name: options.clusterName ?? defaultClusterName(path, stats.isDirectory()), server: null, version: null },
    collectedAt,
    collector: { username: 'file', groups: [], source: 'file' },
    source: { type: 'file', path },
    collectedKinds: [...COLLECTED_KIND_KEYS, ...resources.map((object) => kindKeyOf(object.apiVersion, object.kind))],
    resources,
  });
}

/** Writes a snapshot as JSON through a temporary file and a rename, so a reader never sees half a file. */
export function writeSnapshotFile(path: string, snapshot: Snapshot): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, `${JSON.stringify(snapshot, null, 2)}\n`, { encoding: 'utf8', flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw inputError('output.write-failed', `cannot write snapshot (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file: path });
  }
}

function normaliseCollectedAt(value: string | undefined): string | null {
  if (value === undefined) return null;
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) throw invalidInput('collectedAt', `{input} must be an ISO-8601 date or time (got '${value}')`);
  return new Date(time).toISOString();
}

/** A snapshot file must be given on its own: mixing it with manifests would blur which evidence is which. */
function findSnapshotDocument(parsed: readonly ManifestDocuments[], fromDirectory: boolean): { file: string; value: unknown } | undefined {
  for (const documents of parsed) {
    const index = documents.values.findIndex(looksLikeSnapshotFile);
    if (index < 0) continue;
    if (fromDirectory || documents.values.length > 1) {
      throw inputError('input.invalid', 'a kubevidence snapshot must be given as a file of its own, not mixed with manifests', { file: documents.file });
    }
    return { file: documents.file, value: documents.values[index] };
  }
  return undefined;
}

function snapshotFromFile({ file, value }: { file: string; value: unknown }): Snapshot {
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (version !== 1) throw inputError('snapshot.unsupported', `unsupported snapshot schemaVersion ${JSON.stringify(version)} (this version reads 1)`, { file });
  const result = snapshotFileSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue === undefined ? undefined : formatIssuePath(issue.path);
    throw inputError('snapshot.invalid', `invalid snapshot: ${issue?.message ?? 'unknown problem'}`, { file, ...(field === undefined || field === '' ? {} : { field }) });
  }
  // The schema has checked every field the Snapshot type promises; the original value is kept so
  // objects stay verbatim (zod would rebuild them), and assembleSnapshot re-applies redaction and order.
  const snapshot = value as Snapshot;
  return assembleSnapshot({ ...snapshot, resources: snapshot.resources as readonly KubeObject[] });
}

function withClusterName(snapshot: Snapshot, name: string | undefined): Snapshot {
  return name === undefined ? snapshot : { ...snapshot, cluster: { ...snapshot.cluster, name } };
}

function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

function defaultClusterName(path: string, isDirectory: boolean): string {
  const name = basename(path.replace(/[\\/]+$/, ''));
  return isDirectory ? name : name.slice(0, name.length - extname(name).length) || name;
}
