import { verdictOf, type RequirementVerdict } from '../domain/requirement-verdict.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findingJsonOf } from '../contracts/evaluation-report.js';
import type { RunRecord } from '../domain/run.js';
import { buildFindingRows } from '../report/index.js';
import { canonicalJson } from '../store/index.js';
import type { Manifest } from './manifest.js';
import type { VerificationCheck } from './verify-pack.js';

/** How many differences a failed content check names before summarising. */
const SHOWN_DIFFERENCES = 3;

/** What the store says the pack's machine-readable files must hold, recomputed from the stored run. */
interface ExpectedContent {
  readonly run: RunRecord;
  /** `F-…` id → check and status, per finding in run order. */
  readonly findings: ReadonlyMap<string, { readonly check: string; readonly status: string }>;
  readonly findingIds: readonly string[];
  /** `framework requirement` → status and basis, for the frameworks the pack reports. */
  readonly requirements: ReadonlyMap<string, { readonly status: string; readonly basis: string; readonly satisfied?: boolean }>;
}

/**
 * Recomputes the findings and requirement results of the pack's run from the store and compares them with
 * findings.json, findings.csv and assessment-results.json: a pack whose files were rewritten (fails flipped to
 * pass) and re-signed fails here even when its signature verifies. The HTML and PDF are not re-read: they are
 * covered by the signatures and the signer pin.
 */
export function checkPackContent(dir: string, manifest: Manifest, run: RunRecord): VerificationCheck[] {
  const expected = expectedContentOf(run, manifest.frameworks);
  return [checkFindingsJson(dir, manifest, expected), checkFindingsCsv(dir, expected), checkOscal(dir, manifest, expected)];
}

function expectedContentOf(run: RunRecord, frameworks: readonly string[]): ExpectedContent {
  const { rows } = buildFindingRows(run.findings, new Map(), new Map());
  const reported = frameworks.length === 0 ? undefined : new Set(frameworks);
  return {
    run,
    findings: new Map(rows.map((row) => [row.id, { check: row.check, status: row.status }])),
    findingIds: rows.map((row) => row.id),
    requirements: new Map(
      run.results.filter((result) => reported?.has(result.framework) ?? true).map((result) => [`${result.framework} ${result.requirement}`, { status: result.status, basis: result.basis, satisfied: isSatisfied(verdictOf(result)) }]),
    ),
  };
}

function checkFindingsJson(dir: string, manifest: Manifest, expected: ExpectedContent): VerificationCheck {
  const name = 'findings.json content';
  const parsed = readJson(dir, 'findings.json');
  if (typeof parsed === 'string') return { name, ok: false, detail: parsed };
  const file = parsed as { pack?: { provenance?: { runId?: unknown; runHash?: unknown } }; findings?: unknown; findingIds?: unknown; requirements?: unknown; scores?: unknown };
  const problems: string[] = [];
  if (file.pack?.provenance?.runId !== manifest.runId || file.pack.provenance.runHash !== manifest.runHash) problems.push(`it names another run than the manifest (run ${String(file.pack?.provenance?.runId)})`);
  const findings = Array.isArray(file.findings) ? (file.findings as unknown[]) : [];
  const stored = expected.run.findings;
  if (findings.length !== stored.length) problems.push(`it holds ${findings.length} findings, the stored run ${stored.length}`);
  const changed: string[] = [];
  stored.forEach((finding, index) => {
    if (index >= findings.length) return;
    if (canonicalJson(findings[index]) !== canonicalJson(JSON.parse(JSON.stringify(findingJsonOf(finding))))) {
      const actual = (findings[index] as { status?: unknown } | null)?.status;
      changed.push(`${expected.findingIds[index] ?? index} (${finding.check}: ${String(actual)}, stored ${finding.status})`);
    }
  });
  if (changed.length > 0) problems.push(`${changed.length} finding(s) differ from the store: ${listed(changed)}`);
  if (canonicalJson(file.findingIds ?? null) !== canonicalJson(expected.findingIds)) problems.push('its findingIds are not the ids of the stored findings');
  problems.push(...requirementProblems(file.requirements, expected, (item) => ({ key: `${String(item['framework'])} ${String(item['requirement'])}`, status: item['status'], basis: item['basis'] })));
  const scores = expected.run.scores.filter((score) => manifest.frameworks.length === 0 || manifest.frameworks.includes(score.framework));
  if (canonicalJson(file.scores ?? null) !== canonicalJson(JSON.parse(JSON.stringify(scores)))) problems.push('its scores are not the stored scores');
  return verdict(name, problems, `its ${stored.length} findings, ${expected.requirements.size} requirement results and scores are those of run ${manifest.runId} in the store`);
}

function checkFindingsCsv(dir: string, expected: ExpectedContent): VerificationCheck {
  const name = 'findings.csv content';
  const path = join(dir, 'findings.csv');
  if (!existsSync(path)) return { name, ok: false, detail: 'findings.csv is missing' };
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  const column = (title: string): number => header?.indexOf(title) ?? -1;
  const [id, check, status] = [column('id'), column('check'), column('status')];
  if (id < 0 || check < 0 || status < 0) return { name, ok: false, detail: 'findings.csv has no id, check and status columns' };
  // The id hashes check and subject, so matching ids with check and status binds each row to its stored finding.
  const actual = new Map(rows.map((row) => [row[id] ?? '', { check: row[check] ?? '', status: row[status] ?? '' }]));
  const problems = findingProblems(actual, expected, rows.length);
  return verdict(name, problems, `its ${rows.length} rows are the stored findings with their stored status`);
}

function checkOscal(dir: string, manifest: Manifest, expected: ExpectedContent): VerificationCheck {
  const name = 'assessment-results.json content';
  const parsed = readJson(dir, 'assessment-results.json');
  if (typeof parsed === 'string') return { name, ok: false, detail: parsed };
  const result = (parsed as { 'assessment-results'?: { results?: OscalResult[] } })['assessment-results']?.results?.[0];
  if (result === undefined) return { name, ok: false, detail: 'assessment-results.json holds no result' };
  const problems: string[] = [];
  if (propOf(result, 'run-hash') !== manifest.runHash) problems.push('it names another run hash than the manifest');
  const actual = new Map<string, { check: string; status: string }>();
  let count = 0;
  for (const observation of result.observations ?? []) {
    const observationStatus = propOf(observation, 'status');
    const observationCheck = propOf(observation, 'check');
    if (observationStatus === undefined || observationCheck === undefined) continue; // attestations
    const own = propOf(observation, 'finding-id');
    const ids = own !== undefined ? [own] : (observation.subjects ?? []).map((subject) => propOf(subject, 'finding-id') ?? '');
    for (const findingId of ids) {
      count += 1;
      actual.set(findingId, { check: observationCheck, status: observationStatus });
    }
  }
  problems.push(...findingProblems(actual, expected, count));
  problems.push(
    ...requirementProblems(result.findings ?? [], expected, (item) => {
      const finding = item as OscalItem & { target?: { status?: { state?: string } } };
      const status = propOf(finding, 'status');
      const state = finding.target?.status?.state;
      const key = `${propOf(finding, 'framework') ?? ''} ${propOf(finding, 'requirement') ?? ''}`;
      // Only a fully evidenced pass (or not-applicable) is `satisfied` in OSCAL: the stored verdict decides.
      const satisfied = expected.requirements.get(key)?.satisfied ?? (status === 'pass' || status === 'not-applicable');
      const consistent = state === (satisfied ? 'satisfied' : 'not-satisfied');
      return { key, status: consistent ? status : `${String(status)} marked ${String(state)}`, basis: propOf(finding, 'basis') };
    }),
  );
  return verdict(name, problems, `its observations and requirement findings are the stored findings and results of run ${manifest.runId}`);
}

interface OscalItem {
  readonly props?: readonly { readonly name?: string; readonly value?: string }[];
}
interface OscalResult extends OscalItem {
  readonly observations?: readonly (OscalItem & { readonly subjects?: readonly OscalItem[] })[];
  readonly findings?: readonly unknown[];
}

function propOf(item: OscalItem, name: string): string | undefined {
  return item.props?.find((prop) => prop.name === name)?.value;
}

function findingProblems(actual: ReadonlyMap<string, { check: string; status: string }>, expected: ExpectedContent, entries: number): string[] {
  const problems: string[] = [];
  if (entries !== expected.findings.size) problems.push(`it holds ${entries} findings, the stored run ${expected.findings.size}`);
  const missing = [...expected.findings.keys()].filter((id) => !actual.has(id));
  const unknown = [...actual.keys()].filter((id) => !expected.findings.has(id));
  const changed = [...expected.findings].flatMap(([id, want]) => {
    const got = actual.get(id);
    return got === undefined || (got.check === want.check && got.status === want.status) ? [] : [`${id} (${want.check}: ${got.status}, stored ${want.status})`];
  });
  if (missing.length > 0) problems.push(`${missing.length} stored finding(s) missing: ${listed(missing)}`);
  if (unknown.length > 0) problems.push(`${unknown.length} finding(s) the store does not hold: ${listed(unknown)}`);
  if (changed.length > 0) problems.push(`${changed.length} finding(s) differ from the store: ${listed(changed)}`);
  return problems;
}

function requirementProblems(
  items: unknown,
  expected: ExpectedContent,
  read: (item: Record<string, unknown>) => { key: string; status: unknown; basis: unknown },
): string[] {
  const list = Array.isArray(items) ? (items as Record<string, unknown>[]) : [];
  const actual = new Map(list.map((item) => {
    const { key, status, basis } = read(item ?? {});
    return [key, { status, basis }];
  }));
  const changed = [...expected.requirements].flatMap(([key, want]) => {
    const got = actual.get(key);
    if (got === undefined) return [`${key} missing`];
    return got.status === want.status && got.basis === want.basis ? [] : [`${key} (${String(got.status)}, stored ${want.status})`];
  });
  const unknown = [...actual.keys()].filter((key) => !expected.requirements.has(key));
  return [
    ...(changed.length === 0 ? [] : [`${changed.length} requirement result(s) differ from the store: ${listed(changed)}`]),
    ...(unknown.length === 0 ? [] : [`${unknown.length} requirement result(s) the store does not hold: ${listed(unknown)}`]),
  ];
}

function verdict(name: string, problems: readonly string[], okDetail: string): VerificationCheck {
  return problems.length === 0 ? { name, ok: true, detail: okDetail } : { name, ok: false, detail: problems.join('; ') };
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, SHOWN_DIFFERENCES).join(', ');
  return items.length > SHOWN_DIFFERENCES ? `${shown}, …` : shown;
}

function readJson(dir: string, file: string): unknown {
  const path = join(dir, file);
  if (!existsSync(path)) return `${file} is missing`;
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return value !== null && typeof value === 'object' ? value : `${file} is not a JSON object`;
  } catch {
    return `${file} is not valid JSON`;
  }
}

/** RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; records end in CRLF or LF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

function isSatisfied(verdict: RequirementVerdict): boolean {
  return verdict === 'fully-evidenced' || verdict === 'not-applicable';
}
