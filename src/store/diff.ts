import type { Finding } from '../domain/finding.js';
import type { FieldChange, RequirementChange, RunDiff } from '../domain/history.js';
import type { JsonValue } from '../domain/json.js';
import type { ResourceRef } from '../domain/snapshot.js';
import { isSettled, type FindingStatus } from '../domain/status.js';
import { usageError } from '../errors.js';
import type { ContentStores } from './content.js';
import { identityFieldChanges } from './identity-diff.js';
import type { RunRow, RunTables } from './runs.js';

/** A status that needs attention: failing, or not provably passing. */
const FAILING: ReadonlySet<FindingStatus> = new Set(['fail', 'unknown']);

/**
 * What changed between two runs of one cluster. Only what differs is ever loaded: findings and evidence
 * objects are compared by id, so an unchanged 50,000-object run costs two id-list decodes and nothing more.
 */
export class RunDiffer {
  constructor(
    private readonly runs: RunTables,
    private readonly stores: ContentStores,
  ) {}

  diff(fromRunId: number, toRunId: number): RunDiff {
    const from = this.runs.row(fromRunId);
    const to = this.runs.row(toRunId);
    if (from.clusterUid !== to.clusterUid) {
      throw usageError(`run ${from.id} is of cluster ${from.clusterName} and run ${to.id} of ${to.clusterName}; diff compares runs of one cluster`);
    }
    return {
      from: this.runs.summary(from.id),
      to: this.runs.summary(to.id),
      requirements: this.requirementChanges(from.id, to.id),
      findings: this.findingChanges(from, to),
      resources: this.resourceChanges(from, to),
    };
  }

  private requirementChanges(fromId: number, toId: number): RequirementChange[] {
    const before = new Map(this.runs.results(fromId).map((result) => [requirementKey(result), result]));
    const after = new Map(this.runs.results(toId).map((result) => [requirementKey(result), result]));
    const keys = [...new Set([...before.keys(), ...after.keys()])];
    return keys
      .map((key) => ({ before: before.get(key), after: after.get(key) }))
      .filter(({ before: b, after: a }) => b?.status !== a?.status)
      .map(({ before: b, after: a }) => {
        const { framework, requirement } = (a ?? b) as { framework: string; requirement: string };
        return { framework, requirement, before: b?.status ?? null, after: a?.status ?? null };
      })
      .sort((a, b) => a.framework.localeCompare(b.framework) || a.requirement.localeCompare(b.requirement, 'en', { numeric: true }));
  }

  /**
   * Findings are matched by subject (check + resource) among the findings that changed. Newly failing: failing
   * in `to` where no changed finding on that subject was failing in `from`. Fixed: failing in `from` where the
   * subject now passes or is gone (a waiver is not a fix). Now unknown: failing in `from` and unknown in `to`; the
   * evidence went missing, which is neither a fix nor a new failure.
   */
  private findingChanges(from: RunRow, to: RunRow): RunDiff['findings'] {
    const { content, findings } = this.stores;
    const [fromOnly, toOnly] = oneSided(content.idList(from.findingsBlob), content.idList(to.findingsBlob));
    const removed = fromOnly.map((id) => JSON.parse(findings.text(id)) as Finding);
    const added = toOnly.map((id) => JSON.parse(findings.text(id)) as Finding);
    const failingBefore = new Set(removed.filter((finding) => FAILING.has(finding.status)).map(subjectKey));
    const notPassingAfter = new Set(added.filter((finding) => !isSettled(finding.status)).map(subjectKey));
    const unknownAfter = new Set(added.filter((finding) => finding.status === 'unknown').map(subjectKey));
    return {
      newlyFailing: added.filter((finding) => FAILING.has(finding.status) && !failingBefore.has(subjectKey(finding))),
      fixed: removed.filter((finding) => FAILING.has(finding.status) && !notPassingAfter.has(subjectKey(finding))),
      nowUnknown: removed.filter((finding) => finding.status === 'fail' && unknownAfter.has(subjectKey(finding))),
    };
  }

  private resourceChanges(from: RunRow, to: RunRow): RunDiff['resources'] {
    const { content, objects } = this.stores;
    const [fromOnly, toOnly] = oneSided(content.idList(from.evidenceBlob), content.idList(to.evidenceBlob));
    const before = new Map(fromOnly.map((id) => [id, objects.ref(id).ref] as const));
    const beforeByRef = new Map([...before].map(([id, ref]) => [resourceKey(ref), id]));
    const after = toOnly.map((id) => ({ id, ref: objects.ref(id).ref }));
    const changedKeys = new Set(after.map(({ ref }) => resourceKey(ref)).filter((key) => beforeByRef.has(key)));
    return {
      added: after.filter(({ ref }) => !changedKeys.has(resourceKey(ref))).map(({ ref }) => ref),
      removed: [...before.values()].filter((ref) => !changedKeys.has(resourceKey(ref))),
      changed: after
        .filter(({ ref }) => changedKeys.has(resourceKey(ref)))
        .map(({ id, ref }) => ({ resource: ref, changes: fieldChanges(this.objectJson(beforeByRef.get(resourceKey(ref)) ?? id), this.objectJson(id)) })),
    };
  }

  private objectJson(id: number): JsonValue {
    return JSON.parse(this.stores.objects.content(id).text) as JsonValue;
  }
}

/** Ids only in `a` and ids only in `b`, each in its own run's order. */
function oneSided(a: readonly number[], b: readonly number[]): [number[], number[]] {
  const inA = new Set(a);
  const inB = new Set(b);
  return [a.filter((id) => !inB.has(id)), b.filter((id) => !inA.has(id))];
}

function requirementKey(row: { readonly framework: string; readonly requirement: string }): string {
  return `${row.framework}\u0000${row.requirement}`;
}

function resourceKey(ref: ResourceRef): string {
  return `${ref.apiVersion}\u0000${ref.kind}\u0000${ref.namespace ?? ''}\u0000${ref.name}`;
}

function subjectKey(finding: Finding): string {
  return `${finding.check}\u0000${resourceKey(finding.resource)}`;
}

/**
 * The differences between two versions of an object, lists compared by identity (see identity-diff.ts), as
 * evidence-style paths (`spec.containers[name=app].image`, `spec.containers[name=kube-apiserver].command[--audit-log-path]`).
 */
export function fieldChanges(before: JsonValue, after: JsonValue): FieldChange[] {
  return identityFieldChanges(before, after);
}
