import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_IN_CHECKS } from '../../src/checks/registry.js';
import { buildPackModel } from '../../src/report/model/model.js';
import { PDF_FINDINGS_PER_REQUIREMENT, requirementFindingsSummary } from '../../src/report/writers/pdf/render-pdf.js';
import { writePack } from '../../src/report/write-pack.js';
import { largeSnapshot, reportAttachments, reportCatalogues, reportRun } from '../support/report-fixtures.js';
import { pdfPageCount, pdfText, qpdfCheck, squash } from '../support/pack-tools.js';

/**
 * A run with 5,000 failing findings renders completely and stays a valid PDF; the body summarises and the
 * appendix and CSV carry everything. How fast and how lean is the benchmark's business (bench/), not a test's.
 */
describe('a pack of 5,000 failing findings', () => {
  const out = mkdtempSync(join(tmpdir(), 'kv-large-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('renders every format, summarises the body and keeps the PDF valid', { timeout: 600_000 }, async () => {
    const privileged = BUILT_IN_CHECKS.filter((check) => check.id === 'pss.baseline.privileged-containers');
    const run = reportRun({ snapshot: largeSnapshot(5000), checks: privileged });
    const model = buildPackModel({ run, catalogues: reportCatalogues(), trend: [], generatedAt: '2026-10-01T00:00:00.000Z' });
    expect(model.totals.byStatus.fail).toBeGreaterThanOrEqual(5000);

    const pack = await writePack(model, out, { attachments: reportAttachments() });
    const pdf = join(pack.dir, 'report.pdf');
    expect(qpdfCheck(pdf).status).toBe(0);
    expect(pdfPageCount(pdf)).toBe(pack.pdf.pageCount);

    const section = model.frameworks[0]?.requirements.find((candidate) => candidate.id === '2.2.1');
    expect(section?.findings).toHaveLength(model.limits.findingsPerRequirement);
    const text = squash(pdfText(pdf));
    // The section lists the first PDF_FINDINGS_PER_REQUIREMENT, says so, and points to the full list.
    expect(text).toContain(requirementFindingsSummary(PDF_FINDINGS_PER_REQUIREMENT, section?.findingsTotal ?? 0));
    expect(section?.findingsTotal).toBe(model.totals.byStatus.fail);
    const last = model.appendixFindings[model.appendixFindings.length - 1];
    expect(text).toContain(last?.id ?? 'missing');
    // Appendix C lists every failing finding once, as many as the totals count (and findings.csv lists them too).
    const ids = new Set(text.match(/\bF-[0-9a-f]{12}(?:-\d+)?\b/g) ?? []);
    expect(model.appendixFindingsOmitted).toBe(0);
    expect(ids.size).toBe(model.totals.byStatus.fail + model.totals.byStatus.unknown + model.totals.byStatus.waived);

    const csvRows = readFileSync(join(pack.dir, 'findings.csv'), 'utf8').trimEnd().split('\r\n').length;
    expect(csvRows).toBeGreaterThanOrEqual(model.findings.length + 1);
    const csvIds = new Set(readFileSync(join(pack.dir, 'findings.csv'), 'utf8').match(/\bF-[0-9a-f]{12}(?:-\d+)?\b/g) ?? []);
    expect([...ids].filter((id) => !csvIds.has(id))).toEqual([]);
  });
});
