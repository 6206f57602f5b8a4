import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPeriod, totalsLine } from '../../src/report/format.js';
import { buildPackModel, type PackModel } from '../../src/report/model.js';
import { renderPdf, type RenderedPdf } from '../../src/report/pdf/render-pdf.js';
import { CLUSTER_NAME, reportPackInput } from '../support/report-fixtures.js';
import { pdfInfo, pdfOutline, pdfPageCount, pdfText, pdfTextInRect, qpdfCheck, squash, type OutlineEntry } from './pack-tools.js';

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

  it('repeats the header row of a table that continues on the next page', () => {
    const appendix = pdfOutline(file).find((entry) => entry.title === 'Appendix E: Evidence index') as OutlineEntry;
    const start = appendix.page ?? 1;
    const next = squash(pdfText(file, { first: start + 1, last: start + 1 }));
    expect(next).toContain('Object SHA-256');
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
