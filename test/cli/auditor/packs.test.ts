import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT_CODES } from '../../../src/errors.js';
import { generateSelfSignedP12 } from '../../../src/sign/index.js';
import { cli } from '../../support/cli.js';
import { tempDir } from '../../support/store-runs.js';

const SNAPSHOT = new URL('../../../demo/snapshots/2026-09-30.snapshot.json', import.meta.url).pathname;
const dir = tempDir();
const db = dir.file('kv.db');
const out = dir.file('reports');

beforeAll(async () => {
  const run = await cli('run', '--from-file', SNAPSHOT, '--db', db, '--framework', 'pci-dss-4.0', '--format', 'json');
  if (run.code !== 0) throw new Error(run.stderr);
});
afterAll(() => dir.remove());

describe('packs are never overwritten, and kubevidence packs lists them', () => {
  it('a second and third report of the same run get their own folders; packs lists all three, signed or not', async () => {
    const password = 'correct horse battery staple';
    writeFileSync(dir.file('signer.p12'), generateSelfSignedP12({ subject: 'CN=Pack Signer, O=Test', password }));
    vi.stubEnv('KUBEVIDENCE_KEY_PASSWORD', password);
    try {
      const reports = [
        await cli('report', '--db', db, '--run', '1', '--out', out),
        await cli('report', '--db', db, '--run', '1', '--out', out, '--sign-key', dir.file('signer.p12')),
        await cli('report', '--db', db, '--run', '1', '--out', out),
      ];
      expect(reports.map((report) => report.code)).toEqual([0, 0, 0]);
    } finally {
      vi.unstubAllEnvs();
    }
    const table = await cli('packs', '--out', out);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CLUSTER\s+RUN\s+GENERATED \(UTC\)\s+SIGNED\s+FOLDER$/);
    expect(lines.slice(2).map((line) => line.split(/\s{2,}/).at(-1))).toEqual(['acme-prod/2026-09-30-run-1', 'acme-prod/2026-09-30-run-1.2', 'acme-prod/2026-09-30-run-1.3']);
    const json = JSON.parse((await cli('packs', '--out', out, '--format', 'json', '--run', '1')).stdout) as { folder: string; signed: boolean; signer: string | null; runId: number }[];
    expect(json.map((pack) => [pack.folder, pack.runId, pack.signed])).toEqual([
      ['acme-prod/2026-09-30-run-1', 1, false],
      ['acme-prod/2026-09-30-run-1.2', 1, true],
      ['acme-prod/2026-09-30-run-1.3', 1, false],
    ]);
    expect(json[1]?.signer).toContain('Pack Signer');
    // Each pack still verifies on its own.
    const verify = await cli('verify', join(out, 'acme-prod', '2026-09-30-run-1.2'));
    expect(verify.code).toBe(0);
  });

  it('an empty or missing reports folder is said in one line', async () => {
    expect((await cli('packs', '--out', dir.file('nothing'))).stderr).toBe(`kubevidence: ${dir.file('nothing')} is not a reports folder (no such directory)\n`);
    expect((await cli('packs', '--out', dir.file('nothing'))).code).toBe(EXIT_CODES.usage);
    expect((await cli('packs', '--out', out, '--run', '99')).stdout).toBe(`no packs under ${out}\n`);
  });
});
