import { createHash } from 'node:crypto';
import { isSettled, type RequirementStatus } from '../../domain/status.js';
import type { AttestationRow, FindingRow, PackModel, RequirementSection } from '../model/model-types.js';
import { jsonToBuffer, StreamedArray, writeJson } from './io/json-writer.js';
import type { TextSink } from './io/text-sink.js';

/**
 * assessment-results.json in NIST OSCAL Assessment Results 1.2.1 form: one result for the run; an observation per
 * finding that fails, is unknown or is waived (what was tested, on which subject, with the SHA-256 of the evidence
 * object); one observation per check and settled status (pass, not-applicable) whose subjects are every resource
 * with that verdict, each with its finding id and evidence SHA-256; an observation per attestation (what a person
 * examined); and one OSCAL finding per requirement, related to the observations of its checks.
 * Settled findings share an observation because a requirement relates to every observation of its checks: one
 * each would make a 50,000-object cluster's file hundreds of MB of repeated references, for verdicts that say the
 * same thing. UUIDs are version 5 (name-based) from the run hash and a stable name, so the same pack always gets
 * the same ids and a later pack of the same run refers to the same objects.
 */
const OSCAL_VERSION = '1.2.1';
/** Namespace of kubevidence's own properties (OSCAL asks for a URI; this one is a name, not a place). */
const KUBEVIDENCE_NS = 'urn:kubevidence:oscal';
/** RFC 4122 namespace UUID for kubevidence's v5 ids (fixed forever: changing it changes every id). */
const UUID_NAMESPACE = '3f1e9c52-7d8b-4a6e-9b0c-5e2d4f6a8c10';

type Json = string | number | boolean | null | readonly Json[] | StreamedArray<Json> | { readonly [key: string]: Json };

export function writeOscal(model: PackModel, sink: TextSink): void {
  writeJson(oscalOf(model), sink);
}

export function renderOscal(model: PackModel): Buffer {
  return jsonToBuffer(oscalOf(model));
}

interface ObservationPlan {
  /** Findings with an observation of their own, in run order. */
  readonly own: readonly FindingRow[];
  /** Settled findings by check and status, in order of first appearance. */
  readonly shared: readonly (readonly FindingRow[])[];
  /** Observation UUIDs by check: what a requirement built on the check relates to. */
  readonly byCheck: ReadonlyMap<string, readonly string[]>;
}

export function oscalOf(model: PackModel): Json {
  const ids = new UuidFactory(model.provenance.runHash);
  const toolUuid = ids.make('component', 'kubevidence');
  const plan = observationPlanOf(model.findings, ids);
  const planUuid = ids.make('resource', 'methodology');
  // One lookup table, not a scan of the evidence index per finding: packs can hold tens of thousands of both.
  const evidenceBySubject = new Map(model.evidenceIndex.map((entry) => [entry.subject, entry.sha256]));
  return {
    'assessment-results': {
      uuid: ids.make('assessment-results', String(model.provenance.runId)),
      metadata: metadataOf(model),
      'import-ap': {
        href: `#${planUuid}`,
        remarks: 'No separate assessment plan: the checks, the catalogue mapping and the rules in the methodology resource define the assessment.',
      },
      results: [
        {
          uuid: ids.make('result', String(model.provenance.runId)),
          title: oneLine(`Run ${model.provenance.runId} of cluster ${model.cover.clusterName}`),
          description: `Automated evidence collected from the cluster at ${model.cover.collectedAt}, evaluated by kubevidence and mapped onto ${model.cover.frameworks.map((framework) => `${framework.name} ${framework.version}`).join(', ')}.`,
          start: model.cover.collectedAt,
          ...(model.methodology.finishedAt >= model.cover.collectedAt ? { end: model.methodology.finishedAt } : {}),
          props: [
            prop('run-id', String(model.provenance.runId)),
            prop('run-hash', model.provenance.runHash),
            prop('snapshot-digest', model.provenance.snapshotDigest),
            prop('catalogue-digest', model.provenance.catalogueDigest),
            ...(model.cover.clusterUid === null ? [] : [prop('cluster-uid', model.cover.clusterUid)]),
          ],
          'local-definitions': {
            components: [
              {
                uuid: toolUuid,
                type: 'software',
                title: 'kubevidence',
                description: `kubevidence ${model.provenance.toolVersion}: read-only Kubernetes evidence collection and checks.`,
                status: { state: 'operational' },
              },
            ],
          },
          'reviewed-controls': reviewedControlsOf(model),
          ...(model.findings.length + model.attestations.length === 0
            ? {}
            : {
                observations: new StreamedArray(function* observations(): Iterable<Json> {
                  const context = { ids, toolUuid, collected: model.cover.collectedAt, evidenceBySubject };
                  for (const row of plan.own) yield findingObservation(row, context);
                  for (const rows of plan.shared) yield sharedObservation(rows, context);
                  for (const attestation of model.attestations) yield attestationObservation(attestation, ids);
                }),
              }),
          ...(model.frameworks.every((framework) => framework.requirements.length === 0)
            ? {}
            : {
                // Made while written: a requirement on a check failing 20,000 times relates to 20,000 observations.
                findings: new StreamedArray(function* requirementFindings(): Iterable<Json> {
                  for (const framework of model.frameworks) for (const section of framework.requirements) yield requirementFinding(section, plan.byCheck, ids, toolUuid);
                }),
              }),
        },
      ],
      'back-matter': { resources: backMatterOf(model, ids, planUuid) },
    },
  };
}

function metadataOf(model: PackModel): Json {
  return {
    title: oneLine(`Kubernetes compliance assessment results: ${model.cover.clusterName}`),
    'last-modified': model.provenance.generatedAt,
    version: `run-${model.provenance.runId}`,
    'oscal-version': OSCAL_VERSION,
    props: [prop('tool-version', model.provenance.toolVersion), ...(model.cover.period === null ? [] : [prop('period', model.cover.period.label)])],
  };
}

function reviewedControlsOf(model: PackModel): Json {
  return {
    description: 'Requirements of the reported frameworks, as listed in the catalogues the run applied.',
    'control-selections': model.frameworks
      .filter((framework) => framework.requirements.length > 0)
      .map((framework) => ({
        description: `${framework.name} ${framework.version} (${framework.id})`,
        props: [prop('framework', framework.id)],
        'include-controls': framework.requirements.map((section) => ({ 'control-id': controlIdOf(section.framework, section.id) })),
      })),
  };
}

interface ObservationContext {
  readonly ids: UuidFactory;
  readonly toolUuid: string;
  readonly collected: string;
  readonly evidenceBySubject: ReadonlyMap<string, string>;
}

function findingObservation(row: FindingRow, { ids, toolUuid, collected, evidenceBySubject }: ObservationContext): Json {
  const evidenceHash = evidenceBySubject.get(row.subject);
  return {
    uuid: ids.make('observation', row.id),
    title: oneLine(`${row.check} on ${row.subject}: ${row.status}`),
    description: row.message || row.checkTitle,
    props: [prop('finding-id', row.id), prop('check', row.check), prop('status', row.status), prop('severity', row.severity)],
    methods: ['TEST'],
    types: ['finding'],
    origins: [{ actors: [{ type: 'tool', 'actor-uuid': toolUuid }] }],
    subjects: [{ 'subject-uuid': ids.make('subject', row.subject), type: 'resource', title: oneLine(row.subject) }],
    'relevant-evidence': [
      {
        description: row.evidence.length === 0 ? 'No field-level evidence: the verdict rests on the object as collected.' : row.evidence.join('\n'),
        ...(evidenceHash === undefined ? {} : { props: [prop('evidence-sha256', evidenceHash)] }),
      },
    ],
    collected,
  };
}

/** One check's settled verdict on many subjects: each subject carries its finding id and evidence SHA-256. */
function sharedObservation(rows: readonly FindingRow[], { ids, toolUuid, collected, evidenceBySubject }: ObservationContext): Json {
  const first = rows[0] as FindingRow;
  return {
    uuid: ids.make('observation', sharedObservationName(first)),
    title: oneLine(`${first.check}: ${first.status} on ${rows.length} ${rows.length === 1 ? 'subject' : 'subjects'}`),
    description: `${first.checkTitle}: ${first.status} for each subject listed. Each subject's message and evidence lines are in findings.json and findings.csv under its finding id.`,
    props: [prop('check', first.check), prop('status', first.status), prop('severity', first.severity), prop('findings', String(rows.length))],
    methods: ['TEST'],
    types: ['finding'],
    origins: [{ actors: [{ type: 'tool', 'actor-uuid': toolUuid }] }],
    subjects: rows.map((row) => {
      const evidenceHash = evidenceBySubject.get(row.subject);
      return {
        'subject-uuid': ids.make('subject', row.subject),
        type: 'resource',
        title: oneLine(row.subject),
        props: [prop('finding-id', row.id), ...(evidenceHash === undefined ? [] : [prop('evidence-sha256', evidenceHash)])],
      };
    }),
    collected,
  };
}

function sharedObservationName(row: FindingRow): string {
  return `${row.check}\u0000${row.status}`;
}

function attestationObservation(attestation: AttestationRow, ids: UuidFactory): Json {
  return {
    uuid: ids.make('attestation', attestation.id),
    title: oneLine(`Attestation ${attestation.id} for ${attestation.framework} ${attestation.requirement}`),
    description: attestation.note || 'Manual evidence attested.',
    props: [prop('attested-by', attestation.by), ...(attestation.expiresAt === null ? [] : [prop('expires', attestation.expiresAt)])],
    methods: ['EXAMINE'],
    types: ['control-objective'],
    ...nonEmpty(
      'relevant-evidence',
      attestation.files.map((file) => ({
        href: encodeURI(file.path),
        description: `${file.name} (${file.size} bytes)`,
        props: [prop('sha256', file.sha256)],
      })),
    ),
    collected: attestation.createdAt,
  };
}

function requirementFinding(section: RequirementSection, observationsByCheck: ReadonlyMap<string, readonly string[]>, ids: UuidFactory, toolUuid: string): Json {
  const related = [
    ...section.checks.flatMap((check) => observationsByCheck.get(check.id) ?? []),
    ...section.attestations.map((attestation) => ids.make('attestation', attestation.id)),
  ];
  const controlId = controlIdOf(section.framework, section.id);
  return {
    uuid: ids.make('finding', `${section.framework} ${section.id}`),
    title: oneLine(`${section.framework} ${section.id}${section.title === '' ? '' : `: ${section.title}`}`),
    description: section.summary || `Status ${section.statusLabel}.`,
    props: [prop('framework', section.framework), prop('requirement', section.id), prop('status', section.status), prop('basis', section.basis)],
    origins: [{ actors: [{ type: 'tool', 'actor-uuid': toolUuid }] }],
    target: {
      type: 'objective-id',
      'target-id': `${controlId}_obj`,
      status: { state: targetStateOf(section.status), reason: targetReasonOf(section.status) },
      remarks: `kubevidence status: ${section.statusLabel}.${section.fullyEvidenced ? ' Fully evidenced.' : ' Not fully evidenced: manual evidence or full check coverage is missing.'}`,
    },
    ...nonEmpty('related-observations', related.map((uuid) => ({ 'observation-uuid': uuid }))),
  };
}

/**
 * OSCAL target states are only satisfied / not-satisfied. Only a pass (automated or attested) satisfies; fail,
 * partial (waived failures), unknown (missing evidence) and manual (nothing attested) do not — claiming otherwise
 * would read missing evidence as compliance. Not-applicable is recorded as satisfied with reason `other` and the
 * kubevidence status in the props, as OSCAL has no third state.
 */
function targetStateOf(status: RequirementStatus): 'satisfied' | 'not-satisfied' {
  return status === 'pass' || status === 'not-applicable' ? 'satisfied' : 'not-satisfied';
}

function targetReasonOf(status: RequirementStatus): 'pass' | 'fail' | 'other' {
  return status === 'pass' ? 'pass' : status === 'fail' ? 'fail' : 'other';
}

function backMatterOf(model: PackModel, ids: UuidFactory, planUuid: string): Json[] {
  return [
    {
      uuid: planUuid,
      title: 'Methodology',
      description: model.methodology.sections.map((section) => `${section.heading}: ${section.paragraphs.join(' ')}`).join('\n\n'),
    },
    ...model.attachments.map((file) => ({
      uuid: ids.make('attachment', file.path),
      title: oneLine(file.name),
      rlinks: [{ href: encodeURI(file.path), hashes: [{ algorithm: 'SHA-256', value: file.sha256 }] }],
    })),
  ];
}

function observationPlanOf(rows: readonly FindingRow[], ids: UuidFactory): ObservationPlan {
  const own: FindingRow[] = [];
  const shared = new Map<string, FindingRow[]>();
  const byCheck = new Map<string, string[]>();
  const relate = (check: string, uuid: string): void => {
    const list = byCheck.get(check);
    if (list === undefined) byCheck.set(check, [uuid]);
    else list.push(uuid);
  };
  for (const row of rows) {
    if (!isSettled(row.status)) {
      own.push(row);
      relate(row.check, ids.make('observation', row.id));
      continue;
    }
    const name = sharedObservationName(row);
    const group = shared.get(name);
    if (group !== undefined) {
      group.push(row);
      continue;
    }
    shared.set(name, [row]);
    relate(row.check, ids.make('observation', name));
  }
  return { own, shared: [...shared.values()], byCheck };
}

/**
 * A control id in OSCAL token form. NIST SP 800-53 uses OSCAL's own ids (`AC-6(9)` → `ac-6.9`), so tools that
 * resolve the NIST catalogue find the control; other frameworks get `<framework>_<id>` (`pci-dss-4.0_1.2.5`,
 * `hipaa-security-rule_164.312.a.1`) because their numbering is not a valid token on its own.
 */
export function controlIdOf(framework: string, requirement: string): string {
  const dotted = requirement.toLowerCase().replace(/\(([^)]*)\)/g, '.$1').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[.-]+|[.-]+$/g, '');
  if (framework.startsWith('nist-800-53')) return /^\p{L}/u.test(dotted) ? dotted : `_${dotted}`;
  return `${framework.replace(/[^\p{L}\p{N}._-]+/gu, '-')}_${dotted}`;
}

function prop(name: string, value: string): Json {
  return { name, ns: KUBEVIDENCE_NS, value: oneLine(value) };
}

/** OSCAL strings may not start or end with whitespace, and titles are one line. */
function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line === '' ? '-' : line;
}

function nonEmpty(key: string, values: readonly Json[]): Record<string, Json> {
  return values.length === 0 ? {} : { [key]: values };
}

/** RFC 4122 version 5 UUIDs under kubevidence's namespace, scoped to one run hash. */
class UuidFactory {
  private readonly namespace: Buffer;
  constructor(private readonly runHash: string) {
    this.namespace = Buffer.from(UUID_NAMESPACE.replace(/-/g, ''), 'hex');
  }

  make(kind: string, name: string): string {
    return uuidV5(this.namespace, `${this.runHash}\u0000${kind}\u0000${name}`);
  }
}

function uuidV5(namespace: Buffer, name: string): string {
  const bytes = createHash('sha1').update(namespace).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
