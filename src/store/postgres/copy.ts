import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeError } from '../../errors.js';
import type { RunRecord } from '../../domain/run.js';
import { canonicalJson } from '../canonical.js';
import { addressed } from '../content.js';
import type { ChainVerification, EvidenceStore } from '../evidence-store.js';
import type { AddressedObject } from '../evidence.js';
import { frameworksOf, type PreparedRun, type RunContext } from '../run-content.js';

/** The part of a store `db copy` writes through: the contract plus storing a run read back from another store. */
export interface CopyTarget extends EvidenceStore {
  insertPrepared(prepared: PreparedRun, anchor: string | null): { readonly summary: { readonly hash: string }; readonly created: boolean };
}

export interface CopyOutcome {
  readonly clusters: number;
  readonly runsCopied: number;
  /** Runs the target already held (a copy can be run again after an interruption). */
  readonly runsPresent: number;
  readonly attestationsCopied: number;
  readonly verification: ChainVerification;
}

/**
 * Copies every run (cluster by cluster, in chain order, so each links to the same predecessor as in the source),
 * every attestation with its files, then checks that each copied run has the source's hash and that the target's
 * chain verifies. A run is rebuilt from what the source stores for it, so its content digests, and so its hash,
 * are the source's.
 */
export function copyStore(source: EvidenceStore, target: CopyTarget, onRun: (done: number, total: number) => void = () => undefined): CopyOutcome {
  const runs = [...source.listRuns()].sort((a, b) => (a.clusterUid === b.clusterUid ? a.id - b.id : a.clusterUid < b.clusterUid ? -1 : 1));
  const started = new Set<string>();
  let runsCopied = 0;
  let runsPresent = 0;
  let cache = new Map<string, AddressedObject>();
  runs.forEach((summary, index) => {
    const record = source.getRun(summary.id);
    const { prepared, objects } = preparedOf(source, record, cache);
    cache = objects;
    // The first run of a cluster whose earlier runs were pruned keeps its link to them, as an anchor.
    const anchor = started.has(summary.clusterUid) ? null : summary.previousHash;
    started.add(summary.clusterUid);
    const { summary: stored, created } = target.insertPrepared(prepared, anchor);
    if (stored.hash !== summary.hash) {
      throw storeError('store.copy-mismatch', `run ${summary.id} of ${summary.clusterUid} has hash ${stored.hash.slice(0, 12)}… in the target, ${summary.hash.slice(0, 12)}… in the source; the copy stopped`);
    }
    if (created) runsCopied += 1;
    else runsPresent += 1;
    onRun(index + 1, runs.length);
  });
  const attestationsCopied = copyAttestations(source, target);
  return { clusters: started.size, runsCopied, runsPresent, attestationsCopied, verification: target.verifyChain() };
}

function preparedOf(source: EvidenceStore, record: RunRecord, previous: ReadonlyMap<string, AddressedObject>): { prepared: PreparedRun; objects: Map<string, AddressedObject> } {
  const objects = new Map<string, AddressedObject>();
  const evidence = record.evidence.map(({ resource, sha256 }) => {
    const known = previous.get(sha256) ?? objects.get(sha256);
    const item = known ?? evidenceItemOf(source, resource, sha256, record.id);
    objects.set(sha256, item);
    return item;
  });
  const context: RunContext = {
    cluster: record.cluster,
    collector: record.collector,
    gaps: record.gaps,
    catalogues: record.catalogues,
    waivers: record.waivers,
    attestations: record.attestations,
    // Written only when set, exactly as the source store wrote them, so the copied run keeps its hash.
    ...(record.scope === undefined ? {} : { scope: record.scope }),
    ...(record.population === undefined ? {} : { population: record.population }),
    ...(record.provenance === undefined ? {} : { provenance: record.provenance }),
    ...(record.backfilled === true ? { backfilled: true as const } : {}),
  };
  const prepared: PreparedRun = {
    clusterUid: record.clusterUid,
    clusterName: record.clusterName,
    collectedAt: record.collectedAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    toolVersion: record.toolVersion,
    backfilled: record.backfilled === true,
    snapshotDigest: record.snapshotDigest,
    catalogueDigest: record.catalogueDigest,
    context: addressed(canonicalJson(context)),
    checks: addressed(canonicalJson(record.checks)),
    evidence,
    findings: { count: record.findings.length, textAt: (index) => canonicalJson(record.findings[index]) },
    frameworks: frameworksOf(record.results, record.scores),
  };
  return { prepared, objects };
}

function evidenceItemOf(source: EvidenceStore, resource: AddressedObject['ref'], sha256: string, runId: number): AddressedObject {
  const value = source.readEvidenceObject(sha256);
  if (value === null) throw storeError('store.dangling-reference', `run ${runId} lists evidence ${sha256.slice(0, 12)}… that the source does not hold; run 'kubevidence db check' on it`);
  const item = { ref: resource, ...addressed(canonicalJson(value)) };
  if (item.sha256.toString('hex') !== sha256) throw storeError('store.corrupt', `evidence ${sha256.slice(0, 12)}… of run ${runId} no longer matches its address in the source`);
  return item;
}

/** Attestations are re-added from their files: the id derives from the content, so it is the source's. */
function copyAttestations(source: EvidenceStore, target: EvidenceStore): number {
  const attestations = source.listAttestations();
  if (attestations.length === 0) return 0;
  const dir = mkdtempSync(join(tmpdir(), 'kv-copy-'));
  try {
    attestations.forEach((attestation, index) => {
      const files = attestation.files.map((file, position) => {
        const folder = join(dir, `${index}-${position}`);
        mkdirSync(folder);
        const path = join(folder, file.name);
        writeFileSync(path, source.readAttachment(file.sha256));
        return path;
      });
      const { id: _id, files: _files, ...fields } = attestation;
      const copied = target.addAttestation({ ...fields, files });
      if (copied.id !== attestation.id) throw storeError('store.copy-mismatch', `attestation ${attestation.id} became ${copied.id} in the target; the copy stopped`);
    });
    return attestations.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
