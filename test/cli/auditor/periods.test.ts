import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../src/errors.js';
import type { PeriodCoverage } from '../../../src/report/index.js';
import { cli } from '../../support/cli.js';
import { tempDir } from '../../support/store-runs.js';

const DEMO = new URL('../../../demo/snapshots/', import.meta.url).pathname;
const dir = tempDir();
const db = dir.file('kv.db');

beforeAll(async () => {
  for (const day of ['2026-03-31', '2026-06-30', '2026-09-30']) {
    const run = await cli('run', '--from-file', join(DEMO, `${day}.snapshot.json`), '--db', db, '--framework', 'pci-dss-4.0', '--format', 'json');
    if (run.code !== 0) throw new Error(run.stderr);
  }
});
afterAll(() => dir.remove());

interface PackJson {
  readonly auditor: { readonly period: PeriodCoverage | null };
  readonly pack: { readonly provenance: { readonly runId: number } };
  readonly requirements: readonly { readonly requirement: string; readonly history: { readonly runs: number; readonly passed: number } | null }[];
}

function packFile(out: string, name: string): string {
  const walk = (folder: string): string[] => readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(folder, entry.name)) : [join(folder, entry.name)]));
  const file = walk(out).find((path) => path.endsWith(`/${name}`));
  if (file === undefined) throw new Error(`no ${name} under ${out}`);
  return file;
}

async function periodPack(period: string): Promise<PackJson> {
  const out = dir.file(`reports-${period}`);
  const result = await cli('report', '--db', db, '--period', period, '--out', out);
  if (result.code !== 0) throw new Error(result.stderr);
  return JSON.parse(readFileSync(packFile(out, 'findings.json'), 'utf8')) as PackJson;
}

describe('report --period over the demo quarters', () => {
  it('2026-Q3: its one run, the exact dates, and a comparison with Q2 (never "no earlier run")', async () => {
    const pack = await periodPack('2026-Q3');
    const period = pack.auditor.period;
    expect(period).toMatchObject({
      label: '2026-Q3',
      firstDay: '2026-07-01',
      lastDay: '2026-09-30',
      runs: [{ runId: 3, collectedAt: '2026-09-30T02:00:00.000Z', backfilled: false }],
      firstRun: { runId: 3 },
      lastRun: { runId: 3 },
      reportedRunId: 3,
      runAtEnd: true,
      endNote: null,
      previous: { label: '2026-Q2', runs: 1, lastRun: { runId: 2, collectedAt: '2026-06-30T02:00:00.000Z' } },
    });
    expect(period?.comparison).toHaveLength(1);
    expect(period?.comparison[0]).toMatchObject({ framework: 'pci-dss-4.0.1', previousRunId: 2 });
    expect(period?.comparison[0]?.previousScore).not.toBeNull();
    const html = readFileSync(packFile(dir.file('reports-2026-Q3'), 'report.html'), 'utf8');
    expect(html).not.toContain('no earlier run');
    expect(html).toMatch(/Compared with<\/dt><dd>run 2, collected/);
  });

  it('2026 (the year): all three runs, passed in N of 3 runs, and no run at the end of the year said plainly', async () => {
    const pack = await periodPack('2026');
    const period = pack.auditor.period;
    expect(period?.runs.map((run) => run.runId)).toEqual([1, 2, 3]);
    expect([period?.firstRun?.runId, period?.lastRun?.runId, period?.runAtEnd]).toEqual([1, 3, false]);
    expect(period?.endNote).toMatch(/^No run at the end of 2026: the last run of the period was collected on 2026-09-30, so the state on 2026-12-31 was not observed\.( 2026 had not ended when this pack was generated\.)?$/);
    expect(period?.previous).toMatchObject({ label: '2025', runs: 0, lastRun: null });
    const automated = pack.requirements.filter((requirement) => requirement.history !== null);
    expect(automated.length).toBeGreaterThan(0);
    expect(automated.every((requirement) => requirement.history?.runs === 3)).toBe(true);
  });

  it('2026-H1: two runs, the pack of its last run, and an empty previous period (2025-H2) said as such', async () => {
    const pack = await periodPack('2026-H1');
    expect(pack.auditor.period).toMatchObject({ runs: [{ runId: 1 }, { runId: 2 }], runAtEnd: true, previous: { label: '2025-H2', runs: 0 } });
    expect(pack.pack.provenance.runId).toBe(2);
  });

  it('a period without any run says so in one line', async () => {
    const result = await cli('report', '--db', db, '--period', '2026-08', '--out', dir.file('reports-none'));
    expect(result).toMatchObject({ code: EXIT_CODES.usage, stderr: 'kubevidence: no run of acme-prod was collected in 2026-08\n' });
  });
});
