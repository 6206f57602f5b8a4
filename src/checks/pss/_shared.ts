import type { Evidence } from '../../domain/finding.js';
import type { JsonObject, JsonValue } from '../../domain/json.js';
import { at, type FindingDraft } from '../define-check.js';
import { containersOf, isObject, valueAt, type ContainerEntry } from '../containers.js';
import type { WorkloadSubject } from '../workload-subjects.js';
import type { PolicyVersion } from './_version.js';

/**
 * Field readers and the verdict shape shared by the Pod Security Standards checks.
 *
 * Every PSS check reads one control of https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * as an allow-list: a restricted field passes when its value is one of the table's "Allowed Values" and fails
 * otherwise, so a value the table does not foresee (a typo, a new enum member) is a violation, never a pass.
 * Init and ephemeral containers are always included, as the table lists them beside `spec.containers[*]`.
 */

/** One value a control looked at: the evidence line, and why it breaks the control when it does. */
export interface Observation {
  readonly evidence: Evidence;
  /** A clause naming who set what, e.g. `init container 'setup' adds SYS_ADMIN`; absent when the value is allowed. */
  readonly violation?: string;
}

/** How a check words its verdict; the subject (`Deployment/shop/api`) is put in front of both texts. */
export interface Wording {
  /** Predicate of the passing sentence: `runs no privileged container`. */
  readonly pass: string;
  /** Predicate of the failing sentence, before the list of violations: `adds capabilities outside the baseline list`. */
  readonly fail: string;
  /**
   * The fields the control reads, named for the evidence of a pass that observed no value (all absent):
   * `pod:hostNetwork` (below the pod spec), `container:securityContext.privileged` (below every container),
   * `volume:hostPath` (below every volume), `meta:annotations` (below the pod metadata).
   */
  readonly examined?: readonly string[];
  /** The Pod Security Standards policy version the verdict was judged at (version-aware controls); added as evidence. */
  readonly policy?: PolicyVersion;
}

export function observed(evidence: Evidence): Observation {
  return { evidence };
}

export function violated(evidence: Evidence, violation: string): Observation {
  return { evidence, violation };
}

/**
 * The finding for one workload: `fail` when any observation is a violation (evidence: the violations only),
 * `pass` otherwise (evidence: what was observed, so an auditor sees the values the pass rests on).
 */
export function verdictOf(workload: WorkloadSubject, observations: readonly Observation[], wording: Wording): FindingDraft {
  const subject = workload.description;
  const violations = observations.filter(isViolation);
  if (violations.length === 0) {
    const evidence = observations.length > 0 ? observations.map(({ evidence }) => evidence) : absentEvidence(workload, wording);
    return { resource: workload.ref, status: 'pass', message: `${subject} ${wording.pass}.`, evidence: withPolicy(evidence, wording), related: workload.pods };
  }
  return {
    resource: workload.ref,
    status: 'fail',
    message: `${subject} ${wording.fail}: ${violations.map(({ violation }) => violation).join('; ')}.`,
    evidence: withPolicy(violations.map(({ evidence }) => evidence), wording),
    related: workload.pods,
  };
}

function withPolicy(evidence: readonly Evidence[], wording: Wording): readonly Evidence[] {
  return wording.policy === undefined ? evidence : [...evidence, wording.policy.evidence];
}

/**
 * What a pass that observed no value rests on: each examined field, absent (`null`), at the path it was looked for;
 * without a list of fields, the containers (or volumes) that were examined.
 */
function absentEvidence(workload: WorkloadSubject, wording: Wording): readonly Evidence[] {
  return examinedFieldsEvidence(workload, wording.examined ?? []);
}

/**
 * Evidence that the fields named in `examined` (`pod:…`, `container:…`, `volume:…`, `meta:…`, see Wording) were read and
 * found unset, with the number of containers or volumes examined. Frozen and shared between workloads of one shape, so
 * a pass costs no allocation; `examined` must be a module-level constant (it keys the cache).
 */
export function examinedFieldsEvidence(workload: WorkloadSubject, examined: readonly string[]): readonly Evidence[] {
  if (examined.length === 0) return [at(`${workload.specPath}.containers[*]`, containersOf(workload).map(containerLabel), 'examined, none in violation')];
  const containers = containersOf(workload).length;
  const volumes = volumesOf(workload).length;
  // Shared between findings (frozen): thousands of workloads of one shape pass the same way.
  // specPath decides metaPath (`spec` ↔ `metadata`, `spec.template.spec` ↔ `spec.template.metadata`).
  let bySpec = ABSENT_EVIDENCE.get(examined);
  if (bySpec === undefined) {
    bySpec = new Map();
    ABSENT_EVIDENCE.set(examined, bySpec);
  }
  let byCount = bySpec.get(workload.specPath);
  if (byCount === undefined) {
    byCount = new Map();
    bySpec.set(workload.specPath, byCount);
  }
  const key = containers * 4096 + volumes;
  let evidence = byCount.get(key);
  if (evidence === undefined) {
    evidence = Object.freeze(examined.map((field) => absentLine(workload, field, containers, volumes)));
    byCount.set(key, evidence);
  }
  return evidence;
}

const ABSENT_EVIDENCE = new WeakMap<readonly string[], Map<string, Map<number, readonly Evidence[]>>>();

function absentLine(workload: WorkloadSubject, field: string, containers: number, volumes: number): Evidence {
  const colon = field.indexOf(':');
  const scope = field.slice(0, colon);
  const rest = field.slice(colon + 1);
  const path =
    scope === 'pod' ? `${workload.specPath}.${rest}`
    : scope === 'meta' ? `${workload.metaPath}.${rest}`
    : scope === 'volume' ? `${workload.specPath}.volumes[*].${rest}`
    : `${workload.specPath}.{containers,initContainers,ephemeralContainers}[*].${rest}`;
  const count = scope === 'volume' ? `; examined ${volumes} volume(s)` : scope === 'container' ? `; examined ${containers} container(s)` : '';
  return Object.freeze(at(path, null, `unset or an allowed value${count}`));
}

function isViolation(observation: Observation): observation is Observation & { readonly violation: string } {
  return observation.violation !== undefined;
}

/**
 * The standard makes Privilege Escalation, restricted Seccomp and restricted Capabilities Linux-only from v1.25:
 * they are required only when `spec.os.name` is not `windows`. Such a pod is reported `not-applicable`, with the field
 * that exempts it as evidence.
 */
export function windowsExemptionOf(workload: WorkloadSubject, control: string, policy: PolicyVersion): FindingDraft | undefined {
  if (!isWindowsPod(workload) || policy.minor < 25) return undefined;
  return {
    resource: workload.ref,
    status: 'not-applicable',
    message: `${workload.description} is a Windows pod, and the Pod Security Standards (from policy v1.25) require the restricted ${control} control of Linux pods only.`,
    evidence: [at(`${workload.specPath}.os.name`, 'windows'), policy.evidence],
    related: workload.pods,
  };
}

export function isWindowsPod(workload: WorkloadSubject): boolean {
  const os = workload.podSpec['os'];
  return isObject(os) && os['name'] === 'windows';
}

/** `spec.securityContext` (or the template's), empty when unset. */
export function podSecurityContextOf(workload: WorkloadSubject): JsonObject {
  const context = workload.podSpec['securityContext'];
  return isObject(context) ? context : {};
}

export function podSecurityContextPath(workload: WorkloadSubject): string {
  return `${workload.specPath}.securityContext`;
}

/** `container 'app'`, `init container 'setup'`, `ephemeral container 'debugger'`: how messages name a container. */
export function containerLabel(entry: ContainerEntry): string {
  const kind = entry.field === 'initContainers' ? 'init container' : entry.field === 'ephemeralContainers' ? 'ephemeral container' : 'container';
  return `${kind} '${entry.name}'`;
}

/** The pod template's annotations (or the Pod's), empty when unset. */
export function podAnnotationsOf(workload: WorkloadSubject): Readonly<Record<string, string>> {
  return workload.podMeta.annotations ?? {};
}

/** The evidence path of one annotation: `spec.template.metadata.annotations['container.apparmor...']`. */
export function annotationPath(workload: WorkloadSubject, key: string): string {
  return `${workload.metaPath}.annotations['${key}']`;
}

/** `spec.volumes[*]` with their evidence paths. */
export function volumesOf(workload: WorkloadSubject): { readonly volume: JsonObject; readonly name: string; readonly path: string }[] {
  const volumes = workload.podSpec['volumes'];
  if (!Array.isArray(volumes)) return [];
  return volumes.flatMap((volume, index) =>
    isObject(volume) ? [{ volume, name: String(volume['name'] ?? `#${index}`), path: `${workload.specPath}.volumes[${index}]` }] : [],
  );
}

/** True for undefined and null: "Undefined/nil" in the standard's tables. */
export function isUnset(value: JsonValue | undefined): value is null | undefined {
  return value === undefined || value === null;
}

/** True for undefined, null and the empty string: "Undefined/''" in the standard's tables. */
export function isUnsetOrEmpty(value: JsonValue | undefined): boolean {
  return isUnset(value) || value === '';
}

/** The list at `object[key]`, empty when it is absent or not a list. */
export function listAt(object: JsonObject, key: string): readonly JsonValue[] {
  const value = object[key];
  return Array.isArray(value) ? value : [];
}

/** Renders an observed value for a message: strings quoted, everything else as JSON. */
export function shown(value: JsonValue | undefined): string {
  if (value === undefined) return 'unset';
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/** One restricted field inside a security context, read at pod level, container level, or both. */
export interface SecurityContextRule {
  /** Path below `securityContext`: `['windowsOptions', 'hostProcess']`. */
  readonly field: readonly string[];
  /** Whether the standard's table allows this value (`undefined` = the field is absent). */
  readonly isAllowed: (value: JsonValue | undefined) => boolean;
  /** The allowed values, in words, for the evidence line: `false or unset`. */
  readonly expected: string;
  /** Which security contexts the control restricts; the table names pod level, container level, or both. */
  readonly levels: readonly ('pod' | 'container')[];
}

/**
 * Observations of one field across the pod and its containers. Only fields that are set are observed: an absent
 * field is reported (as `null`) only when the rule does not allow absence, so a violation always has evidence.
 */
export function securityContextObservations(workload: WorkloadSubject, rule: SecurityContextRule): Observation[] {
  const field = `securityContext.${rule.field.join('.')}`;
  const observations: Observation[] = [];
  if (rule.levels.includes('pod')) observeField(observations, rule, valueAt(podSecurityContextOf(workload), rule.field), workload.specPath, field, undefined);
  if (rule.levels.includes('container')) {
    for (const entry of containersOf(workload)) observeField(observations, rule, valueAt(entry.securityContext, rule.field), entry.path, field, entry);
  }
  return observations;
}

/**
 * Adds the observation of one value, if any, to `into`. `field` is `securityContext.<field>` below `owner`, the path of
 * the pod spec or container; `entry` is the container, undefined for the pod.
 */
function observeField(into: Observation[], rule: SecurityContextRule, value: JsonValue | undefined, owner: string, field: string, entry: ContainerEntry | undefined): void {
  const allowed = rule.isAllowed(value);
  if (value === undefined && allowed) return;
  const evidence = at(`${owner}.${field}`, value, rule.expected);
  if (allowed) {
    into.push(observed(evidence));
    return;
  }
  const who = entry === undefined ? 'the pod' : containerLabel(entry);
  into.push(violated(evidence, value === undefined ? `${who} leaves ${field} unset` : `${who} sets ${field} to ${shown(value)}`));
}

/** An allow-list predicate: the value is unset (when `unsetAllowed`) or one of `values`. */
export function oneOf(values: readonly JsonValue[], unsetAllowed: boolean): (value: JsonValue | undefined) => boolean {
  return (value) => (isUnset(value) ? unsetAllowed : values.includes(value));
}
