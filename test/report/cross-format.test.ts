import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINDING_STATUSES, REQUIREMENT_STATUSES } from '../../src/domain/status.js';
import { formatScore, requirementCountsLine, severityLine, totalsLine } from '../../src/report/model/format.js';
import type { FindingsJson } from '../../src/report/writers/json.js';
import { buildPackModel } from '../../src/report/model/model.js';
import { writePack, type WrittenPack } from '../../src/report/write-pack.js';
import { reportAttachments, reportPackInput } from '../support/report-fixtures.js';
import { parseCsv, pdfText, squash } from '../support/pack-tools.js';

/**
 * The promise of the pack: the same numbers whichever file an auditor opens. Every count is taken from
 * findings.json and looked up in the PDF text (as pdftotext reads it), the HTML, the CSV and the OSCAL file.
 */
describe('numbers agree across PDF, HTML, JSON, CSV and OSCAL', () => {
  let out: string;
  let pack: WrittenPack;
  let json: FindingsJson;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'kv-cross-'));
    pack = await writePack(buildPackModel(reportPackInput()), out, { attachments: reportAttachments() });
    json = JSON.parse(readFileSync(join(pack.dir, 'findings.json'), 'utf8')) as FindingsJson;
  });

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('in finding counts, requirement statuses, scores and severities', () => {
    const read = (name: string): string => readFileSync(join(pack.dir, name), 'utf8');
    const pdf = squash(pdfText(join(pack.dir, 'report.pdf')));
    const html = read('report.html');
    const csv = parseCsv(read('findings.csv').slice(1));
    const oscal = JSON.parse(read('assessment-results.json')) as Oscal;

    // Findings by status.
    const byStatus = Object.fromEntries(FINDING_STATUSES.map((status) => [status, json.findings.filter((finding) => finding.status === status).length]));
    const totals = totalsLine({ findings: json.findings.length, byStatus });
    expect(pdf).toContain(squash(totals));
    expect(textOfField(html, 'totals')).toBe(totals);
    const statusColumn = (csv[0] ?? []).indexOf('status');
    const observations = oscal['assessment-results'].results[0]?.observations ?? [];
    for (const status of FINDING_STATUSES) {
      expect(csv.slice(1).filter((row) => row[statusColumn] === status)).toHaveLength(byStatus[status] ?? 0);
      expect(html.match(new RegExp(`<tr class="finding"[^>]*data-status="${status}"`, 'g')) ?? []).toHaveLength(byStatus[status] ?? 0);
      // A failing, unknown or waived finding has an observation of its own; settled ones share one per check and status.
      const withStatus = observations.filter((observation) => observation.props?.some((prop) => prop.name === 'status' && prop.value === status));
      expect(withStatus.reduce((sum, observation) => sum + (observation.subjects?.length ?? 0), 0)).toBe(byStatus[status] ?? 0);
    }

    // Per framework: score, requirement statuses, failing findings by severity.
    const htmlCounts = textsOfField(html, 'requirement-counts');
    const htmlScores = textsOfField(html, 'score');
    const htmlSeverities = textsOfField(html, 'severity-counts');
    const oscalFindings = oscal['assessment-results'].results[0]?.findings ?? [];
    json.scores.forEach((score, index) => {
      const requirements = json.requirements.filter((requirement) => requirement.framework === score.framework);
      const counts = Object.fromEntries(REQUIREMENT_STATUSES.map((status) => [status, requirements.filter((requirement) => requirement.status === status).length]));
      expect(counts).toEqual(score.counts);
      expect(pdf).toContain(squash(requirementCountsLine(counts)));
      expect(htmlCounts[index]).toBe(requirementCountsLine(counts));
      expect(pdf).toContain(squash(severityLine(score.failingBySeverity)));
      expect(htmlSeverities[index]).toBe(severityLine(score.failingBySeverity));
      expect(pdf).toContain(formatScore(score.score));
      expect(htmlScores[index]).toBe(formatScore(score.score));
      const own = oscalFindings.filter((finding) => finding.props.some((prop) => prop.name === 'framework' && prop.value === score.framework));
      expect(own.filter((finding) => finding.target.status.state === 'satisfied')).toHaveLength((counts['pass'] ?? 0) + (counts['not-applicable'] ?? 0));
      expect(own).toHaveLength(requirements.length);
    });
  });
});

interface Oscal {
  readonly 'assessment-results': {
    readonly results: readonly {
      readonly observations: readonly { readonly props?: readonly { readonly name: string; readonly value: string }[]; readonly subjects?: readonly unknown[] }[];
      readonly findings: readonly { readonly props: readonly { readonly name: string; readonly value: string }[]; readonly target: { readonly status: { readonly state: string } } }[];
    }[];
  };
}

/** Text of the elements marked `data-field="<name>"`, entities decoded (the template escapes everything). */
function textsOfField(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`data-field="${name}">([^<]*)<`, 'g'))].map((match) => decodeEntities(match[1] ?? ''));
}

function textOfField(html: string, name: string): string | undefined {
  return textsOfField(html, name)[0];
}

function decodeEntities(text: string): string {
  return text.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))).replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
