import type { Evidence } from '../../domain/finding.js';
import type { ResourceRef, Snapshot } from '../../domain/snapshot.js';
import { describeRef, refOf } from '../../domain/snapshot.js';
import { valueAt } from '../containers.js';
import { clusterRef } from '../engine.js';
import { KINDS, type SnapshotIndex } from '../snapshot-index.js';
import type { FindingDraft } from '../define-check.js';
import { RELEASE_TABLE_LAST_UPDATED, supportStatusOf, type SupportStatus } from './_release-table.js';

/** One running Kubernetes component whose version is judged: the API server, or a node's kubelet. */
export interface VersionSubject {
  readonly resource: ResourceRef;
  readonly label: string;
  readonly version: string | undefined;
  readonly evidencePath: string;
}

export function versionSubjectsOf(snapshot: Snapshot, index: SnapshotIndex): VersionSubject[] {
  const cluster: VersionSubject = { resource: clusterRef(snapshot), label: `The API server of ${snapshot.cluster.name}`, version: snapshot.cluster.version ?? undefined, evidencePath: 'cluster.version' };
  const nodes = index.list(KINDS.node).map((node): VersionSubject => {
    const version = valueAt(node as never, ['status', 'nodeInfo', 'kubeletVersion']);
    return { resource: refOf(node), label: `The kubelet of ${describeRef(refOf(node))}`, version: typeof version === 'string' && version !== '' ? version : undefined, evidencePath: 'status.nodeInfo.kubeletVersion' };
  });
  return [cluster, ...nodes];
}

/** Verdict of one subject: how a check words a status it cannot judge is shared; the judgment is the caller's. */
export function versionFinding(
  subject: VersionSubject,
  collectedAt: string | null,
  judge: (status: Extract<SupportStatus, { kind: 'supported' | 'end-of-life' | 'older-than-table' }>) => { readonly status: 'pass' | 'fail'; readonly clause: string; readonly expected: string },
): FindingDraft {
  const evidence = (observed: string | null, expected?: string): Evidence[] => [expected === undefined ? { path: subject.evidencePath, observed } : { path: subject.evidencePath, observed, expected }];
  if (subject.version === undefined) return { resource: subject.resource, status: 'unknown', message: `${subject.label} did not report its version.`, evidence: evidence(null) };
  if (collectedAt === null) return { resource: subject.resource, status: 'unknown', message: `${subject.label} runs ${subject.version}; without a collection date its support status cannot be judged.`, evidence: evidence(subject.version) };
  const status = supportStatusOf(subject.version, collectedAt);
  if (status.kind === 'unreadable') return { resource: subject.resource, status: 'unknown', message: `${subject.label} reports an unreadable version '${subject.version}'.`, evidence: evidence(subject.version) };
  if (status.kind === 'not-in-table') {
    return { resource: subject.resource, status: 'unknown', message: `${subject.label} runs ${subject.version}, a minor version newer than the support table (last updated ${RELEASE_TABLE_LAST_UPDATED}); its end of support is not known to this release of kubevidence.`, evidence: evidence(subject.version, 'a minor version listed in the support table') };
  }
  const verdict = judge(status);
  return { resource: subject.resource, status: verdict.status, message: `${subject.label} runs ${subject.version}: ${verdict.clause}.`, evidence: evidence(subject.version, verdict.expected) };
}
