import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { scoreFrameworks } from '../../src/catalog/score.js';
import { at, defineCheck, type CheckDefinition } from '../../src/checks/define-check.js';
import { evaluateChecks } from '../../src/checks/engine.js';
import { containersOf } from '../../src/checks/containers.js';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import { WORKLOAD_KINDS } from '../../src/checks/workload-subjects.js';
import type { RequirementResult } from '../../src/domain/catalogue.js';
import type { CheckMetadata } from '../../src/domain/check.js';
import type { Finding } from '../../src/domain/finding.js';
import type { Assessment } from '../../src/domain/run.js';
import { describeRef, type KubeObject, type Snapshot } from '../../src/domain/snapshot.js';
import type { RequirementStatus } from '../../src/domain/status.js';
import { openStore, type EvidenceStore, type NewRun } from '../../src/store/index.js';
import { readManifests, snapshotOf } from './fixture-snapshot.js';
import { postgresBackend, standInFor } from './backend.js';

import { DEMO_MANIFESTS } from './repo-fixtures.js';

export { DEMO_MANIFESTS };

/** A second check with a verdict that moves when an image changes, so runs have both passing and failing findings. */
export const imagePinned = defineCheck({
  id: 'test.image-pinned',
  title: 'Images are pinned by digest',
  severity: 'low',
  rationale: 'test check',
  remediation: 'pin images',
  reads: WORKLOAD_KINDS,
  references: {},
  evaluate: ({ index }) =>
    index.workloads.map((workload) => {
      const loose = containersOf(workload).filter(({ container }) => !String(container['image']).includes('@sha256:'));
      return loose.length === 0
        ? { resource: workload.ref, status: 'pass' as const, message: `${describeRef(workload.ref)} pins every image.`, evidence: [] }
        : { resource: workload.ref, status: 'fail' as const, message: `${describeRef(workload.ref)} has unpinned images.`, evidence: loose.map(({ path, container }) => at(`${path}.image`, container['image'] ?? null, 'an image@sha256 digest')) };
    }),
});

export const TEST_CHECKS: readonly CheckDefinition[] = [...BUILT_IN_CHECKS, imagePinned];

function metadataOf(check: CheckDefinition): CheckMetadata {
  const { evaluate: _evaluate, needs: _needs, ...metadata } = check;
  return metadata;
}

/** One hand-made requirement result. */
export function result(framework: string, requirement: string, status: RequirementStatus, checks: readonly string[] = []): RequirementResult {
  return {
    framework,
    requirement,
    status,
    checks,
    basis: status === 'manual' ? 'none' : 'automated',
    counts: { pass: status === 'pass' ? 1 : 0, fail: status === 'fail' ? 1 : 0, unknown: 0, waived: 0, 'not-applicable': 0 },
    worstSeverity: status === 'fail' ? 'high' : null,
    attestations: [],
    fullyEvidenced: status === 'pass',
    summary: `${requirement} is ${status}`,
  };
}

/** Requirement per check: fails when any of its findings fails. */
export function resultsFromFindings(findings: readonly Finding[], framework = 'test-fw'): RequirementResult[] {
  return TEST_CHECKS.map((check, index) => {
    const own = findings.filter((finding) => finding.check === check.id);
    return result(framework, `R${index + 1}`, own.some((finding) => finding.status === 'fail') ? 'fail' : 'pass', [check.id]);
  });
}

export function assessmentOf(snapshot: Snapshot, results?: readonly RequirementResult[], definitions: readonly CheckDefinition[] = TEST_CHECKS): Assessment {
  const checks = definitions.map(metadataOf);
  const findings = evaluateChecks(snapshot, definitions);
  const ownResults = results ?? resultsFromFindings(findings);
  return {
    cluster: snapshot.cluster,
    collectedAt: snapshot.collectedAt ?? '2026-11-01T00:00:00.000Z',
    collector: snapshot.collector,
    gaps: snapshot.gaps,
    checks,
    findings,
    results: ownResults,
    scores: scoreFrameworks(ownResults, findings, checks),
    catalogues: [{ id: 'test-fw', name: 'Test framework', version: '1', sha256: 'c'.repeat(64) }],
    catalogueDigest: 'd'.repeat(64),
    waivers: { applied: [], expired: [] },
    attestations: [],
  };
}

export function newRunOf(snapshot: Snapshot, results?: readonly RequirementResult[], checks?: readonly CheckDefinition[]): NewRun {
  const assessment = assessmentOf(snapshot, results, checks);
  const started = Date.parse(assessment.collectedAt);
  return {
    snapshot,
    assessment,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(started + 60_000).toISOString(),
    toolVersion: '0.1.0-test',
  };
}

export function demoObjects(): KubeObject[] {
  return readManifests(DEMO_MANIFESTS);
}

/** A run of the microservices demo collected at `collectedAt`, optionally edited first. */
export function demoRun(
  collectedAt: string,
  options: { readonly edit?: (objects: KubeObject[]) => KubeObject[]; readonly results?: readonly RequirementResult[]; readonly cluster?: Snapshot['cluster'] } = {},
): NewRun {
  const objects = (options.edit ?? ((same) => same))(demoObjects());
  const snapshot = snapshotOf(objects, { collectedAt, ...(options.cluster === undefined ? {} : { cluster: options.cluster }) });
  return newRunOf(snapshot, options.results);
}

export function day(n: number): string {
  return new Date(Date.UTC(2026, 0, 1 + n)).toISOString();
}

/** A temporary directory per test, removed afterwards. */
export interface TempDir {
  readonly path: string;
  readonly file: (name: string) => string;
  readonly remove: () => void;
}

export function tempDir(): TempDir {
  const path = mkdtempSync(join(tmpdir(), 'kv-store-'));
  return { path, file: (name) => join(path, name), remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A new `kv.db` in a new folder before every test of the calling file, closed and removed after it. */
export function freshStorePerTest(use: (opened: { readonly dir: TempDir; readonly store: EvidenceStore }) => void): void {
  let opened: { readonly dir: TempDir; readonly store: EvidenceStore } | undefined;
  beforeEach(async () => {
    const dir = tempDir();
    const server = postgresBackend();
    const target = server === null ? dir.file('kv.db') : await server.createDatabase();
    if (server !== null) standInFor(dir.file('kv.db'), target);
    opened = { dir, store: openStore(target) };
    use(opened);
  });
  afterEach(() => {
    opened?.store.close();
    opened?.dir.remove();
  });
}

type Edit = (objects: KubeObject[]) => KubeObject[];

/** Applies `change` to a deep copy of the named Deployment's first container. */
function editFirstContainer(name: string, change: (container: Record<string, unknown>) => void): Edit {
  return (objects) =>
    objects.map((object) => {
      if (object.kind !== 'Deployment' || object.metadata.name !== name) return object;
      const copy = structuredClone(object) as unknown as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
      const [container] = copy.spec.template.spec.containers;
      if (container !== undefined) change(container);
      return copy as unknown as KubeObject;
    });
}

/** The named Deployment's first container runs privileged. */
export function privileged(name: string): Edit {
  return editFirstContainer(name, (container) => {
    container['securityContext'] = { ...(container['securityContext'] as Record<string, unknown> | undefined), privileged: true };
  });
}

/** The named Deployment's first container runs another image tag. */
export function retagged(name: string, tag: string): Edit {
  return editFirstContainer(name, (container) => {
    container['image'] = String(container['image']).replace(/:[^:/]+$/, `:${tag}`);
  });
}

/** `count` objects: the demo's 35 cloned into namespaces, names made unique per clone and per `variant`. */
export function clonedDemo(count: number, variant = ''): KubeObject[] {
  const seed = demoObjects();
  return Array.from({ length: count }, (_, index) => {
    const template = seed[index % seed.length] as KubeObject;
    const clone = Math.floor(index / seed.length);
    const name = `${template.metadata.name}${variant}-${clone}`;
    const text = JSON.stringify(template).replaceAll(`"${template.metadata.name}"`, `"${name}"`);
    const object = JSON.parse(text) as KubeObject;
    return { ...object, metadata: { ...object.metadata, namespace: `team-${Math.floor(clone / 3)}`, uid: `uid-${variant}-${index}` } };
  });
}

/** The same run stored with --backfill: for tests that store runs out of collection order on purpose. */
export function backfill(run: NewRun): NewRun {
  return { ...run, assessment: { ...run.assessment, backfilled: true } };
}
