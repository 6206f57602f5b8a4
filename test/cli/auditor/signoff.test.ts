import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../src/errors.js';
import { cli } from '../../support/cli.js';
import { tempDir } from '../../support/store-runs.js';

const SNAPSHOT = new URL('../../../demo/snapshots/2026-09-30.snapshot.json', import.meta.url).pathname;
const dir = tempDir();
const db = dir.file('kv.db');

beforeAll(async () => {
  const run = await cli('run', '--from-file', SNAPSHOT, '--db', db, '--framework', 'pci-dss-4.0', '--format', 'json');
  if (run.code !== 0) throw new Error(run.stderr);
});
afterAll(() => dir.remove());

describe('report sign-off flags', () => {
  it('puts what was given into the model and findings.json, and "not provided" for the rest', async () => {
    writeFileSync(dir.file('assertion.txt'), 'Management asserts that the controls described operated as stated during 2026-Q3.\n');
    const out = dir.file('reports');
    const result = await cli('report', '--db', db, '--run', '1', '--out', out, '--prepared-by', 'Ana Diaz <ana@acme.example>', '--prepared-on', '2026-10-02', '--assertion-file', dir.file('assertion.txt'));
    expect(result.code).toBe(0);
    const pack = join(out, 'acme-prod', readdirSync(join(out, 'acme-prod'))[0] as string);
    const json = JSON.parse(readFileSync(join(pack, 'findings.json'), 'utf8')) as { auditor: { signoff: Record<string, unknown> } };
    expect(json.auditor.signoff).toEqual({
      preparedBy: 'Ana Diaz <ana@acme.example>',
      preparedOn: '2026-10-02',
      reviewedBy: 'not provided',
      reviewedOn: 'not provided',
      assertion: 'Management asserts that the controls described operated as stated during 2026-Q3.',
      provided: true,
    });
  });

  it('refuses a bad date or an unreadable assertion file in one line, writing nothing', async () => {
    const out = dir.file('reports-bad');
    expect(await cli('report', '--db', db, '--run', '1', '--out', out, '--reviewed-on', '2026-13-01')).toMatchObject({ code: EXIT_CODES.usage, stderr: "kubevidence: --reviewed-on must be a date YYYY-MM-DD (got '2026-13-01')\n" });
    const missing = await cli('report', '--db', db, '--run', '1', '--out', out, '--assertion-file', dir.file('nope.txt'));
    expect(missing.code).toBe(EXIT_CODES.badInput);
    expect(missing.stderr).toBe(`kubevidence: ${dir.file('nope.txt')}: cannot read the assertion file (ENOENT)\n`);
    expect(() => readdirSync(out)).toThrow();
  });
});
