import { createHash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { JsonValue } from '../domain/json.js';
import type { EvidenceRef, RunRecord } from '../domain/run.js';
import type { Snapshot } from '../domain/snapshot.js';
import { storeError, usageError } from '../errors.js';
import { canonicalJson } from '../store/canonical.js';

/** The folder of evidence objects inside a pack (or an `evidence export` folder). */
export const EVIDENCE_DIR = 'evidence';
/** Which object each evidence file is, and the rest of the snapshot the checks saw: enough to re-perform them. */
export const EVIDENCE_INDEX_FILE = 'evidence-index.json';

/** Where a pack reads its evidence objects from: the run (its references) and the store's reader. */
export interface EvidenceSource {
  readonly run: RunRecord;
  /** The stored object by the SHA-256 of its canonical JSON; null when the store no longer holds it. */
  readonly read: (sha256: string) => JsonValue | null;
}

/** `evidence/<sha256>.json`: the name of an evidence object's file, relative to the pack. */
export function evidenceFileOf(sha256: string): string {
  return `${EVIDENCE_DIR}/${sha256}.json`;
}

/**
 * The snapshot the run's checks evaluated, without its objects: the index a re-performer loads the evidence
 * files into. `collectedKinds` is not stored with a run; it is every kind the checks read or an object has,
 * except kinds with a cluster-wide gap (what was not collected is recorded as a gap, so nothing is invented).
 */
export interface EvidenceIndex {
  readonly indexVersion: 1;
  readonly runId: number;
  readonly runHash: string;
  readonly snapshot: Omit<Snapshot, 'resources' | 'nodeConfigs'>;
  readonly objects: readonly { readonly sha256: string; readonly file: string; readonly resource: EvidenceRef['resource'] }[];
}

export function evidenceIndexOf(run: RunRecord): EvidenceIndex {
  const wholeKindGaps = new Set(run.gaps.filter((gap) => gap.namespace === undefined && gap.node === undefined).map((gap) => gap.kind));
  const kinds = new Set([...run.checks.flatMap((check) => check.reads), ...run.evidence.filter((ref) => ref.resource.kind !== 'NodeConfig').map((ref) => kindKey(ref.resource))]);
  return {
    indexVersion: 1,
    runId: run.id,
    runHash: run.hash,
    snapshot: {
      schemaVersion: 1,
      cluster: run.cluster,
      collectedAt: run.collectedAt,
      collector: run.collector,
      source: { type: 'file', path: EVIDENCE_INDEX_FILE },
      collectedKinds: [...kinds].filter((kind) => !wholeKindGaps.has(kind)).sort(),
      gaps: run.gaps,
    },
    objects: run.evidence.map((ref) => ({ sha256: ref.sha256, file: evidenceFileOf(ref.sha256), resource: ref.resource })),
  };
}

function kindKey(ref: EvidenceRef['resource']): string {
  const slash = ref.apiVersion.indexOf('/');
  return slash < 0 ? ref.kind : `${ref.kind}.${ref.apiVersion.slice(0, slash)}`;
}

export interface WrittenEvidence {
  readonly objects: number;
  readonly bytes: number;
}

/**
 * Writes every evidence object of the run as `evidence/<sha256>.json`, byte for byte the canonical JSON the
 * store addressed it by, and `evidence-index.json` beside the folder. An object the store no longer holds, or
 * whose content no longer hashes to its address, stops the pack: a pack must not carry evidence it cannot vouch for.
 */
export function writeEvidenceFiles(dir: string, source: EvidenceSource): WrittenEvidence {
  const { run } = source;
  const folder = join(dir, EVIDENCE_DIR);
  mkdirSync(folder, { recursive: true });
  let bytes = 0;
  const written = new Set<string>();
  for (const ref of run.evidence) {
    if (written.has(ref.sha256)) continue;
    const value = source.read(ref.sha256);
    if (value === null) throw storeError('report.evidence-missing', `evidence object ${ref.sha256} of run ${run.id} is not in the store`);
    const text = Buffer.from(canonicalJson(value), 'utf8');
    const actual = createHash('sha256').update(text).digest('hex');
    if (actual !== ref.sha256) throw storeError('report.evidence-altered', `evidence object ${ref.sha256} of run ${run.id} hashes to ${actual}`);
    writeFileDurably(join(folder, `${ref.sha256}.json`), text);
    written.add(ref.sha256);
    bytes += text.length;
  }
  fsyncPath(folder);
  const index = Buffer.from(`${JSON.stringify(evidenceIndexOf(run), null, 1)}\n`, 'utf8');
  writeFileDurably(join(dir, EVIDENCE_INDEX_FILE), index);
  return { objects: written.size, bytes: bytes + index.length };
}

function writeFileDurably(path: string, bytes: Buffer): void {
  const fd = openSync(path, 'wx');
  try {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface ExportedEvidence extends WrittenEvidence {
  readonly dir: string;
}

/**
 * `kubevidence evidence export`: the same files a pack carries (`evidence/<sha256>.json` and
 * `evidence-index.json`), written into a temporary folder beside `outDir` and renamed into place, so a failed
 * export leaves nothing. `outDir` must not exist yet, or be empty: an export never mixes with other files.
 */
export function exportEvidence(run: RunRecord, read: EvidenceSource['read'], outDir: string): ExportedEvidence {
  const destination = resolve(outDir);
  if (existsSync(destination) && (!statSync(destination).isDirectory() || readdirSync(destination).length > 0)) {
    throw usageError(`${outDir} already exists and is not an empty folder: give a new folder to export into`);
  }
  mkdirSync(dirname(destination), { recursive: true });
  const temp = mkdtempSync(join(dirname(destination), `.${basename(destination)}.tmp-`));
  try {
    const written = writeEvidenceFiles(temp, { run, read });
    chmodSync(temp, 0o755);
    if (existsSync(destination)) rmdirSync(destination);
    renameSync(temp, destination);
    return { dir: destination, ...written };
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}
