import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { EXIT_CODES } from '../../src/errors.js';
import type { FindingsJson } from '../../src/report/writers/json.js';
import { openStore } from '../../src/store/index.js';
import { ATTACHMENT_BYTES, ATTACHMENT_NAME, assessmentOf, reportSnapshot } from '../support/report-fixtures.js';

/**
 * `kubevidence report` end to end: runs stored with the real SQLite store, the pack written from what the store
 * returns, with the catalogues installed in controls/.
 */
describe('kubevidence report', () => {
  let dir: string;
  let db: string;
  let runIds: number[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kv-cli-report-'));
    db = join(dir, 'kubevidence.db');
    const attached = join(dir, ATTACHMENT_NAME);
    writeFileSync(attached, ATTACHMENT_BYTES);
    const store = openStore(db);
    try {
      const attestation = store.addAttestation({
        framework: 'pci-dss-4.0',
        requirement: '10.2.1',
        by: 'Dana Prüferin <dana@example.com>',
        note: 'Audit policy reviewed.',
        expiresAt: '2027-08-31',
        files: [attached],
        createdAt: '2026-07-15T10:00:00.000Z',
      });
      runIds = [
        { bad: false, collectedAt: '2026-07-20T06:00:00.000Z' },
        { bad: false, collectedAt: '2026-08-20T06:00:00.000Z' },
        { bad: true, collectedAt: '2026-09-20T06:00:00.000Z' },
      ].map(({ bad, collectedAt }) => {
        const snapshot = reportSnapshot({ bad, collectedAt });
        const assessment = assessmentOf(snapshot, { attestations: [attestation] });
        return store.insertRun({ snapshot, assessment, startedAt: collectedAt, finishedAt: collectedAt, toolVersion: '0.1.0' }).summary.id;
      });
    } finally {
      store.close();
    }
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
    try {
      const code = await main(args);
      return { code, stdout: stdout.join(''), stderr: stderr.join('') };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }

  it('writes the pack for a period: latest run of the quarter, compared with its first, with history and attachments', { timeout: 300_000 }, async () => {
    const out = join(dir, 'reports');
    const result = await run(['report', '--db', db, '--period', '2026-Q3', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_CODES.ok);
    const packDir = join(out, 'prod-zahlungsdienst-ü-支付-платёж', `2026-09-20-run-${runIds[2]}`);
    expect(result.stdout).toContain(`wrote ${packDir}`);
    for (const file of ['report.pdf', 'report.html', 'findings.json', 'findings.csv', 'assessment-results.json']) expect(existsSync(join(packDir, file))).toBe(true);

    const json = JSON.parse(readFileSync(join(packDir, 'findings.json'), 'utf8')) as FindingsJson;
    expect(json.pack.provenance.runId).toBe(runIds[2]);
    expect(json.pack.period?.label).toBe('2026-Q3');
    const attested = json.requirements.find((requirement) => requirement.framework === 'pci-dss-4.0' && requirement.requirement === '10.2.1');
    expect(attested?.history?.runs).toBe(3);
    expect(json.attackSurface.trend.map((point) => point.runId)).toEqual(runIds);
    const html = readFileSync(join(packDir, 'report.html'), 'utf8');
    expect(html).toContain(`run ${runIds[0]}, collected 2026-07-20 06:00 UTC`);
    const attachments = readdirSync(join(packDir, 'attachments'));
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatch(/-Prüfbericht-审计-policy\.yaml$/);
    expect(readFileSync(join(packDir, 'attachments', attachments[0] ?? '')).equals(ATTACHMENT_BYTES)).toBe(true);
  });

  it('writes the pack of one run compared with another, for the frameworks asked for', { timeout: 300_000 }, async () => {
    const out = join(dir, 'compared');
    const result = await run(['report', '--db', db, '--run', String(runIds[2]), '--compare-to', String(runIds[1]), '--framework', 'pci-dss-4.0', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_CODES.ok);
    const packDir = join(out, 'prod-zahlungsdienst-ü-支付-платёж', `2026-09-20-run-${runIds[2]}`);
    const json = JSON.parse(readFileSync(join(packDir, 'findings.json'), 'utf8')) as FindingsJson;
    expect(json.pack.provenance.frameworks).toEqual(['pci-dss-4.0']);
    expect(json.pack.period).toBeNull();
    expect(readFileSync(join(packDir, 'report.html'), 'utf8')).toContain(`run ${runIds[1]}, collected 2026-08-20 06:00 UTC`);
  });

  it('refuses bad flags with a one-line usage error before writing anything', async () => {
    const out = join(dir, 'refused');
    expect((await run(['report', '--db', db, '--run', 'abc', '--out', out])).code).toBe(EXIT_CODES.usage);
    const unknown = await run(['report', '--db', db, '--latest', '--framework', 'iso-27001', '--out', out]);
    expect(unknown.code).toBe(EXIT_CODES.usage);
    expect(unknown.stderr).toMatch(/^kubevidence: run \d+ has no results for iso-27001\n/);
    expect((await run(['report', '--db', db, '--compare-to', '1', '--period', '2026-Q3', '--out', out])).code).toBe(EXIT_CODES.usage);
    expect(existsSync(out)).toBe(false);
  });
});
