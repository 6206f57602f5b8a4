import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KvError } from '../../src/errors.js';
import { buildPackModel, type PackModel } from '../../src/report/model/model.js';
import { writePack } from '../../src/report/write-pack.js';
import { ATTACHMENT_BYTES, reportAttachments, reportPackInput } from '../support/report-fixtures.js';

describe('writePack', () => {
  let out: string;
  // One framework keeps the PDF short; the layout of the pack does not depend on how many there are.
  const model = buildPackModel(reportPackInput({ frameworks: ['pci-dss-4.0'] }));
  const packDir = (): string => join(out, model.location.clusterDir, model.location.runDir);
  const leftovers = (): string[] => (existsSync(join(out, model.location.clusterDir)) ? readdirSync(join(out, model.location.clusterDir)) : []);

  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), 'kv-pack-'));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it('writes reports/<cluster>/<date>-run-<id>/ with every format and the attested files', async () => {
    const written = await writePack(model, out, { attachments: reportAttachments() });
    expect(written.dir).toBe(join(out, 'prod-zahlungsdienst-ü-支付-платёж', '2026-09-28-run-42'));
    expect(written.files).toEqual([
      'assessment-results.json',
      model.attachments[0]?.path,
      'findings.csv',
      'findings.json',
      'report.html',
      'report.pdf',
    ]);
    expect(readFileSync(join(written.dir, model.attachments[0]?.path ?? '')).equals(ATTACHMENT_BYTES)).toBe(true);
    expect(readFileSync(join(written.dir, 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(written.pdf.pageCount).toBeGreaterThan(5);
    expect(leftovers()).toEqual(['2026-09-28-run-42']);
  });

  it('hands the finished temporary folder to beforeCommit (signing) before it becomes visible', async () => {
    let seen: string[] = [];
    await writePack(model, out, {
      attachments: reportAttachments(),
      beforeCommit: (temp, pdf) => {
        expect(existsSync(packDir())).toBe(false);
        expect(pdf.signatureRect).not.toBeNull();
        seen = readdirSync(temp).sort();
      },
    });
    expect(seen).toEqual(['assessment-results.json', 'attachments', 'findings.csv', 'findings.json', 'report.html', 'report.pdf']);
  });

  it('leaves no pack folder and no temporary folder when a renderer throws', async () => {
    const broken = { ...model, frameworks: [{ ...model.frameworks[0], requirements: null }] } as unknown as PackModel;
    await expect(writePack(broken, out, { attachments: reportAttachments() })).rejects.toThrow();
    expect(existsSync(packDir())).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('leaves no pack when signing fails, and refuses a missing or altered attachment', async () => {
    await expect(writePack(model, out, { attachments: reportAttachments(), beforeCommit: () => Promise.reject(new Error('bad key')) })).rejects.toThrow('bad key');
    expect(leftovers()).toEqual([]);
    await expect(writePack(model, out)).rejects.toThrow(KvError);
    const altered = new Map([...reportAttachments().keys()].map((sha) => [sha, Buffer.from('tampered')]));
    await expect(writePack(model, out, { attachments: altered })).rejects.toThrow(/expected/);
    expect(leftovers()).toEqual([]);
  });

  it('replaces an earlier pack of the same run as a whole', async () => {
    await writePack(model, out, { attachments: reportAttachments() });
    const again = buildPackModel(reportPackInput({ frameworks: ['pci-dss-4.0'], generatedAt: '2026-10-02T08:00:00.000Z' }));
    const written = await writePack(again, out, { attachments: reportAttachments() });
    expect(readFileSync(join(written.dir, 'findings.json'), 'utf8')).toContain('2026-10-02T08:00:00.000Z');
    expect(leftovers()).toEqual(['2026-09-28-run-42']);
  });
});
