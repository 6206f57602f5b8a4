import type { CheckMetadata } from './check.js';
import type { FrameworkScore, RequirementResult } from './catalogue.js';
import type { Finding } from './finding.js';
import type { ClusterIdentity, CollectorIdentity, Gap, ResourceRef } from './snapshot.js';
import type { Waiver, WaiverOutcome } from './waiver.js';
import type { Attestation } from './attestation.js';
import type { EvidenceProvenance } from './provenance.js';
import type { Population, ScopeRecord } from './scope.js';

/** The catalogues a run applied, as recorded in it. */
export interface AppliedCatalogue {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly sha256: string;
}

/** What evaluate + map produce for one snapshot: the content of a run before it is stored. */
export interface Assessment {
  readonly cluster: ClusterIdentity;
  readonly collectedAt: string;
  readonly collector: CollectorIdentity;
  readonly gaps: readonly Gap[];
  readonly checks: readonly CheckMetadata[];
  readonly findings: readonly Finding[];
  readonly results: readonly RequirementResult[];
  readonly scores: readonly FrameworkScore[];
  readonly catalogues: readonly AppliedCatalogue[];
  /** Digest over all applied catalogues (sorted by id). */
  readonly catalogueDigest: string;
  readonly waivers: WaiverOutcome;
  readonly attestations: readonly Attestation[];
  /** Which namespaces were judged, globally and per framework; absent in runs stored before scopes existed. */
  readonly scope?: ScopeRecord;
  /** What was examined: objects per kind, namespaces in and out, nodes, gaps. Absent in older runs. */
  readonly population?: Population;
  /** How the evidence was obtained (live API or files) and who dated it. Absent in older runs. */
  readonly provenance?: EvidenceProvenance;
  /** True when the run was stored with --backfill: collected before the cluster's newest stored run. */
  readonly backfilled?: boolean;
}

/** An evidence object as stored: content-addressed by the SHA-256 of its canonical JSON. */
export interface EvidenceRef {
  readonly resource: ResourceRef;
  readonly sha256: string;
}

/** The scalar facts of a run, as stored and as hashed. */
export interface RunFacts {
  readonly clusterUid: string;
  readonly clusterName: string;
  readonly collectedAt: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly toolVersion: string;
  readonly snapshotDigest: string;
  readonly catalogueDigest: string;
}

/** One line of `kubevidence runs`. */
export interface RunSummary extends RunFacts {
  readonly id: number;
  /** SHA-256 over this run's content and `previousHash`. */
  readonly hash: string;
  /** Hash of the previous run of the same cluster; null for the first run. After prune the oldest kept run keeps it, and is recorded as the chain anchor. */
  readonly previousHash: string | null;
  readonly scores: readonly FrameworkScore[];
  /** Stored with --backfill: its collection time is earlier than a run of the cluster stored before it. */
  readonly backfilled: boolean;
}

/** A stored run loaded back in full: what reports are built from. */
export interface RunRecord extends RunSummary, Assessment {
  readonly backfilled: boolean;
  readonly evidence: readonly EvidenceRef[];
}

export type { Waiver };
