/**
 * Builds PackModel.auditor from the pack input: scope, population, provenance, backfill, period coverage, waiver
 * register, attestation signatures and sign-off. Pure; only what the run recorded or the user gave appears.
 */
import type { EvidenceProvenance } from '../../domain/provenance.js';
import type { RunSummary } from '../../domain/run.js';
import type { ScopeDecision } from '../../domain/scope.js';
import type { Waiver } from '../../domain/waiver.js';
import {
  NOT_PROVIDED,
  type AuditorView,
  type PeriodCoverage,
  type PeriodRun,
  type SignoffInput,
  type SignoffView,
  type WaiverRegisterRow,
} from './auditor-types.js';
import type { PackInput } from './model-types.js';

export function auditorViewOf(input: PackInput): AuditorView {
  const { run } = input;
  const provenance = run.provenance ?? null;
  return {
    evidenceProvenance: provenance,
    liveCollection: provenance?.type === 'live',
    evidenceSourceLine: evidenceSourceLineOf(provenance),
    collectedAtSource: provenance?.collectedAtSource ?? 'not recorded',
    backfilled: run.backfilled,
    scope: run.scope ?? null,
    scopeLine: run.scope === undefined ? 'not recorded (run stored before scopes were recorded): every namespace was judged' : scopeLineOf(run.scope.global),
    population: run.population ?? null,
    period: input.periodRuns === undefined ? null : periodCoverageOf(input),
    waiverRegister: waiverRegisterOf(run.waivers),
    attestationSignatures: input.attestationSignatures ?? [],
    signoff: signoffViewOf(input.signoff),
  };
}

/** "Live Kubernetes API https://10.0.0.1:6443 (v1.30.2), read as alice (SelfSubjectReview)" or "Files: cluster/ (3 files, SHA-256 of each recorded)". */
export function evidenceSourceLineOf(provenance: EvidenceProvenance | null): string {
  if (provenance === null) return 'not recorded (run stored before provenance was recorded)';
  if (provenance.type === 'live') {
    const version = provenance.serverVersion === null ? '' : ` (${provenance.serverVersion})`;
    return `Live Kubernetes API ${provenance.server ?? '(server not recorded)'}${version}, read as ${provenance.identity.username} (${provenance.identity.source})`;
  }
  const dated = provenance.collectedAtSource === 'user' ? 'collection time given by the user (--collected-at)' : 'collection time as recorded in the input';
  return `Files: ${provenance.input} (${provenance.files.length} file${provenance.files.length === 1 ? '' : 's'}, SHA-256 of each recorded); ${dated}`;
}

function scopeLineOf(global: ScopeDecision): string {
  const total = global.namespacesIn.length + global.namespacesOut.length;
  if (global.everything) return `All namespaces (${total})`;
  const out = global.namespacesOut.length === 0 ? 'none out' : `out: ${global.namespacesOut.slice(0, 10).join(', ')}${global.namespacesOut.length > 10 ? `, and ${global.namespacesOut.length - 10} more` : ''}`;
  return `${global.namespacesIn.length} of ${total} namespaces in scope; ${out}`;
}

function waiverRegisterOf(outcome: PackInput['run']['waivers']): WaiverRegisterRow[] {
  return [
    ...outcome.applied.map(({ waiver, findings }) => registerRowOf(waiver, 'active', findings)),
    ...outcome.expired.map((waiver) => registerRowOf(waiver, 'expired', null)),
  ];
}

function registerRowOf(waiver: Waiver, state: WaiverRegisterRow['state'], findings: number | null): WaiverRegisterRow {
  const { namespace, kind, name, labels } = waiver.selector;
  const selector = [
    namespace === undefined ? null : `namespace=${namespace}`,
    kind === undefined ? null : `kind=${kind}`,
    name === undefined ? null : `name=${name}`,
    ...Object.entries(labels ?? {}).map(([key, value]) => `${key}=${value}`),
  ].filter((part) => part !== null);
  return {
    id: waiver.id,
    check: waiver.check,
    selector: selector.length === 0 ? 'every subject' : selector.join(', '),
    justification: waiver.justification,
    approver: waiver.approver,
    approvedOn: waiver.approvedOn ?? NOT_PROVIDED,
    reference: waiver.reference ?? NOT_PROVIDED,
    riskRating: waiver.riskRating ?? NOT_PROVIDED,
    compensatingControl: waiver.compensatingControl ?? NOT_PROVIDED,
    expires: waiver.expires,
    state,
    findings,
  };
}

function signoffViewOf(signoff: SignoffInput | undefined): SignoffView {
  const field = (value: string | undefined): string => (value === undefined || value.trim() === '' ? NOT_PROVIDED : value.trim());
  return {
    preparedBy: field(signoff?.preparedBy),
    preparedOn: field(signoff?.preparedOn),
    reviewedBy: field(signoff?.reviewedBy),
    reviewedOn: field(signoff?.reviewedOn),
    assertion: field(signoff?.assertion),
    provided: signoff !== undefined && Object.values(signoff).some((value) => typeof value === 'string' && value.trim() !== ''),
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The period's runs, first and last, whether a run was collected in its closing stretch (its last month; the last
 * 7 days for a one-month period), and the comparison with the previous period's last run.
 */
function periodCoverageOf(input: PackInput): PeriodCoverage {
  const periodRuns = input.periodRuns;
  if (periodRuns === undefined) throw new Error('periodCoverageOf needs periodRuns');
  const { period, runs, previous } = periodRuns;
  const rows = runs.map(periodRunOf);
  const lastRun = rows.at(-1) ?? null;
  const endStart = closingStretchStart(period.from, period.to);
  const runAtEnd = lastRun !== null && Date.parse(lastRun.collectedAt) >= endStart;
  const lastDay = new Date(Date.parse(period.to) - DAY_MS).toISOString().slice(0, 10);
  const previousLast = previous === null ? null : (previous.runs.at(-1) ?? null);
  const frameworks = input.frameworks ?? [...new Set(input.run.scores.map((score) => score.framework))];
  const scoreIn = (summary: RunSummary | null, framework: string): number | null => summary?.scores.find((score) => score.framework === framework)?.score ?? null;
  const lastSummary = runs.at(-1) ?? null;
  return {
    label: period.label,
    firstDay: period.from.slice(0, 10),
    lastDay,
    from: period.from,
    to: period.to,
    runs: rows,
    firstRun: rows[0] ?? null,
    lastRun,
    reportedRunId: input.run.id,
    runAtEnd,
    endNote: endNoteOf(period.label, lastRun, runAtEnd, lastDay, input.generatedAt, period.to),
    previous: previous === null ? null : { label: previous.label, from: previous.from, to: previous.to, lastRun: previousLast === null ? null : periodRunOf(previousLast), runs: previous.runs.length },
    comparison: frameworks.map((framework) => ({
      framework,
      previousScore: scoreIn(previousLast, framework),
      score: scoreIn(lastSummary, framework),
      previousRunId: previousLast?.id ?? null,
    })),
  };
}

function periodRunOf(summary: RunSummary): PeriodRun {
  return { runId: summary.id, collectedAt: summary.collectedAt, backfilled: summary.backfilled };
}

/** The start of a period's closing stretch: its last calendar month, or its last 7 days when it is one month long. */
function closingStretchStart(from: string, to: string): number {
  const end = new Date(to);
  const start = new Date(from);
  const months = (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth();
  if (months <= 1) return end.getTime() - 7 * DAY_MS;
  return Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1);
}

function endNoteOf(label: string, lastRun: PeriodRun | null, runAtEnd: boolean, lastDay: string, generatedAt: string, to: string): string | null {
  const ongoing = Date.parse(generatedAt) < Date.parse(to) ? ` ${label} had not ended when this pack was generated.` : '';
  if (lastRun === null) return `No run was collected in ${label}.${ongoing}`;
  if (runAtEnd) return ongoing === '' ? null : ongoing.trim();
  return `No run at the end of ${label}: the last run of the period was collected on ${lastRun.collectedAt.slice(0, 10)}, so the state on ${lastDay} was not observed.${ongoing}`;
}
