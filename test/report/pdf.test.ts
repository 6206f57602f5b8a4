import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPeriod, totalsLine } from '../../src/report/model/format.js';
import { buildPackModel, type PackModel } from '../../src/report/model/model.js';
import { appendixFindingsSummary, PDF_FINDINGS_PER_REQUIREMENT, renderPdf, requirementFindingsSummary, type RenderedPdf } from '../../src/report/writers/pdf/render-pdf.js';
import { CLUSTER_NAME, reportPackInput } from '../support/report-fixtures.js';
import { pdfInfo, pdfOutline, pdfPageCount, pdfText, pdfTextInRect, qpdfCheck, squash, type OutlineEntry } from '../support/pack-tools.js';

const A4_HEIGHT = 841.89;

describe('report.pdf', () => {
  let dir: string;
  let model: PackModel;
  let rendered: RenderedPdf;
  let file: string;
  let text: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kv-pdf-'));
    model = buildPackModel(reportPackInput());
    rendered = await renderPdf(model);
    file = join(dir, 'report.pdf');
    writeFileSync(file, rendered.bytes);
    text = pdfText(file);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is structurally valid for qpdf, and pdfinfo agrees on the page count', () => {
    const check = qpdfCheck(file);
    expect(check.output).toContain('No syntax or stream encoding errors');
    expect(check.status).toBe(0);
    expect(pdfPageCount(file)).toBe(rendered.pageCount);
  });

  it('has deterministic metadata from the run, and the same model renders to the same bytes', async () => {
    const info = pdfInfo(file);
    expect(info['CreationDate']).toMatch(/^2026-09-28T06:00:00/);
    expect(info['Title']).toContain(CLUSTER_NAME);
    expect((await renderPdf(buildPackModel(reportPackInput()))).bytes.equals(rendered.bytes)).toBe(true);
  });

  it('shows the cover fields, non-Latin-1 text included', () => {
    const cover = squash(pdfText(file, { first: 1, last: 1 }));
    for (const field of [CLUSTER_NAME, model.cover.clusterUid ?? '', formatPeriod(model.cover.period), 'run 42, collected 2026-09-28 06:00 UTC', 'PCI DSS 4.0', 'HIPAA Security Rule 2013', 'NIST SP 800-53 Rev. 5', 'Compliance Team', model.cover.toolVersion]) {
      expect(cover).toContain(field);
    }
    expect(cover).toContain(squash(totalsLine(model.totals)));
    for (const name of ['zahlungsdienst-ü', 'платёж', '支付']) expect(text).toContain(name);
  });

  it('names every requirement of every framework', () => {
    const flat = squash(text);
    for (const framework of model.frameworks) for (const section of framework.requirements) expect(flat).toContain(`${section.id} ${section.title}`);
  });

  it('has a table of contents whose page numbers point at the sections', () => {
    const contents = pdfText(file, { first: 2, last: 2 }, true);
    const entries = contents.split('\n').flatMap((line) => {
      const match = /^\s*(\S.*?)\s{2,}(\d+)\s*$/.exec(line);
      return match === null ? [] : [{ title: match[1] ?? '', page: Number(match[2]) }];
    });
    const requirementEntries = entries.filter((entry) => model.frameworks.some((framework) => framework.requirements.some((section) => entry.title.startsWith(section.id))));
    expect(requirementEntries.length).toBe(model.frameworks.reduce((sum, framework) => sum + framework.requirements.length, 0));
    for (const entry of requirementEntries) {
      const id = entry.title.split(/\s+/)[0] ?? '';
      expect(squash(pdfText(file, { first: entry.page, last: entry.page }))).toContain(id);
    }
  });

  it('has an outline down to single requirements, each opening the right page', () => {
    const outline = pdfOutline(file);
    const titles = outline.map((entry) => entry.title);
    expect(titles).toEqual(expect.arrayContaining(['Cover', 'Contents', 'Prioritised remediation plan', 'Executive summary', 'Appendix A: Methodology', 'Digital signature']));
    const pci = outline.find((entry) => entry.title === 'PCI DSS 4.0: requirements') as OutlineEntry;
    expect(pci.kids.map((kid) => kid.title.split(/\s+/)[0])).toEqual(model.frameworks[0]?.requirements.map((section) => section.id));
    const first = pci.kids[0] as OutlineEntry;
    expect(squash(pdfText(file, { first: first.page ?? 1, last: first.page ?? 1 }))).toContain(first.title.replace(/\s+/g, ' '));
  });

  it('runs a header and a "Page X of Y" footer on every page after the cover', () => {
    const pages = rendered.pageCount;
    for (const page of [2, Math.ceil(pages / 2), pages]) {
      const pageText = squash(pdfText(file, { first: page, last: page }));
      expect(pageText).toContain(`Page ${page} of ${pages}`);
      expect(pageText).toContain(`Kubernetes compliance evidence pack · ${CLUSTER_NAME}`);
    }
  });

  it('repeats the header row of a table that continues on the next page, wrapped or one line a row', () => {
    const outline = pdfOutline(file);
    const nextPageOf = (title: string): string => {
      const start = (outline.find((entry) => entry.title === title) as OutlineEntry).page ?? 1;
      return squash(pdfText(file, { first: start + 1, last: start + 1 }, true));
    };
    expect(nextPageOf('Appendix B: Check catalogue')).toContain('Check Severity References Findings Rationale and remediation');
    expect(nextPageOf('Appendix C: Failing, unknown and waived findings')).toContain('ID Status Severity Check Resource');
  });

  it('lists at most the per-requirement limit of findings under a requirement, and says how many and where the rest are', () => {
    const flat = squash(text);
    const sections = model.frameworks.flatMap((framework) => framework.requirements);
    const long = sections.filter((section) => section.findingsTotal > PDF_FINDINGS_PER_REQUIREMENT);
    expect(long.length).toBeGreaterThan(0);
    for (const section of long) expect(flat).toContain(requirementFindingsSummary(PDF_FINDINGS_PER_REQUIREMENT, section.findingsTotal));
    for (const section of sections.filter((candidate) => candidate.findingsTotal > 0 && candidate.findingsTotal <= PDF_FINDINGS_PER_REQUIREMENT)) {
      expect(flat).not.toContain(requirementFindingsSummary(section.findingsTotal, section.findingsTotal));
    }
    // A long section's findings beyond the limit are not in its section, but every one is in Appendix C.
    const section = long[0] as (typeof long)[number];
    const appendix = appendixCText(file);
    for (const row of section.findings) expect(appendix).toContain(row.id);
  });

  it('lists every non-passing finding once in Appendix C, as many as the totals count', () => {
    const ids = appendixCText(file).match(/\bF-[0-9a-f]{12}(?:-\d+)?\b/g) ?? [];
    const { byStatus } = model.totals;
    expect(model.appendixFindingsOmitted).toBe(0);
    expect(ids).toHaveLength(byStatus.fail + byStatus.unknown + byStatus.waived);
    expect(new Set(ids)).toEqual(new Set(model.appendixFindings.map((row) => row.id)));
  });

  it('says how many findings Appendix C shows and where the rest are when the pack limits it', async () => {
    const limited = buildPackModel({ ...reportPackInput(), limits: { appendixFindings: 20 } });
    const limitedFile = join(dir, 'limited.pdf');
    writeFileSync(limitedFile, (await renderPdf(limited)).bytes);
    const total = limited.appendixFindings.length + limited.appendixFindingsOmitted;
    expect(limited.appendixFindingsOmitted).toBeGreaterThan(0);
    expect(squash(pdfText(limitedFile))).toContain(appendixFindingsSummary(20, total));
    expect(appendixCText(limitedFile).match(/\bF-[0-9a-f]{12}(?:-\d+)?\b/g) ?? []).toHaveLength(20);
  });

  it('ends the last page with a visible signature block where signatureRect says', () => {
    expect(rendered.signatureRect).not.toBeNull();
    const rect = rendered.signatureRect as [number, number, number, number];
    expect(rect[0]).toBeLessThan(rect[2]);
    expect(rect[1]).toBeLessThan(rect[3]);
    const inside = squash(pdfTextInRect(file, rendered.pageCount, rect, A4_HEIGHT));
    expect(inside).toContain('Digital signature');
    expect(inside).toContain('Signed by Compliance Team');
    expect(inside).toContain('AB:CD:EF:01:23:45:67:89');
  });

  it('has no signature block and no rectangle when the pack is not signed', async () => {
    const { signer: _signer, ...unsigned } = reportPackInput();
    const plain = await renderPdf(buildPackModel(unsigned));
    expect(plain.signatureRect).toBeNull();
    const plainFile = join(dir, 'unsigned.pdf');
    writeFileSync(plainFile, plain.bytes);
    expect(squash(pdfText(plainFile))).not.toContain('Digital signature');
    expect(pdfText(plainFile, { first: 1, last: 1 }, true)).toMatch(/Signed by\s+not signed/);
  });
});

/** The text of Appendix C's pages, as pdftotext reads them. */
function appendixCText(file: string): string {
  const outline = pdfOutline(file);
  const index = outline.findIndex((entry) => entry.title === 'Appendix C: Failing, unknown and waived findings');
  const first = outline[index]?.page ?? 1;
  const last = (outline[index + 1]?.page ?? first + 1) - 1;
  return pdfText(file, { first, last });
}
