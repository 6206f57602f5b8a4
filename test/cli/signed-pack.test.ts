import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { EXIT_CODES } from '../../src/errors.js';

const PASSWORD = 'pack-signing-test-password';
const SNAPSHOTS = new URL('../../demo/snapshots/', import.meta.url).pathname;

let dir: string;
let db: string;
let key: string;
let pack: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubevidence-signed-'));
  db = join(dir, 'kv.db');
  key = join(dir, 'signer.p12');
  process.env['KUBEVIDENCE_KEY_PASSWORD'] = PASSWORD;
  expect((await cli('keygen', '--out', key, '--subject', 'CN=Compliance, O=Example')).code).toBe(0);
  for (const snapshot of ['2026-03-31', '2026-06-30']) {
    expect((await cli('run', '--from-file', join(SNAPSHOTS, `${snapshot}.snapshot.json`), '--db', db, '--framework', 'pci-dss-4.0,hipaa-security-rule')).code).toBe(0);
  }
  const report = await cli('report', '--latest', '--db', db, '--sign-key', key, '--out', join(dir, 'reports'), '--archive');
  expect(report.stderr).toBe('');
  expect(report.code).toBe(0);
  pack = join(dir, 'reports', 'acme-prod', '2026-06-30-run-2');
}, 300_000);

afterAll(() => {
  delete process.env['KUBEVIDENCE_KEY_PASSWORD'];
  rmSync(dir, { recursive: true, force: true });
});

describe('run --fail-on', () => {
  it('stores the run first, then exits 10 when an unwaived failure reaches the threshold', async () => {
    const gateDb = join(dir, 'gate.db');
    const result = await cli('run', '--from-file', join(SNAPSHOTS, '2026-03-31.snapshot.json'), '--db', gateDb, '--framework', 'pci-dss-4.0', '--fail-on', 'critical', '--format', 'json');
    expect(result.code).toBe(EXIT_CODES.complianceGate);
    expect(JSON.parse(result.stdout)).toMatchObject({ run: 1, created: true, cluster: { name: 'acme-prod' } });
    expect(result.stderr).toMatch(/^kubevidence: \d+ unwaived failing finding\(s\) at severity critical or above \(--fail-on critical\)\n$/);
    expect((await cli('runs', '--db', gateDb, '--format', 'json')).code).toBe(0);
  });
});

describe('report --sign-key, then verify', () => {
  it('writes a signed pack whose every part verifies, against the store too', async () => {
    expect(readdirSync(pack).sort()).toEqual(['assessment-results.json', 'evidence', 'evidence-index.json', 'findings.csv', 'findings.json', 'manifest.json', 'manifest.sig', 'report.html', 'report.pdf', 'signer.pem']);
    const verified = await cli('verify', pack, '--db', db);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('ok    stored run: run 2 is stored unchanged and the chain of 2 runs verifies');
    expect(verified.stdout.trimEnd().endsWith('verified')).toBe(true);
    expect((await cli('verify', `${pack}.tar.gz`)).code).toBe(0);
    expect(spawnSync('pdfsig', [join(pack, 'report.pdf')], { encoding: 'utf8' }).stdout).toContain('Signature is Valid.');
  });

  it('never shows the key password in any output', async () => {
    const help = await cli('report', '--help');
    const all = [help.stdout, help.stderr].join('');
    expect(all).not.toContain(PASSWORD);
    expect(all).toContain('--key-password-file');
  });

  it('refuses to sign without a password, in one line, writing nothing', async () => {
    delete process.env['KUBEVIDENCE_KEY_PASSWORD'];
    try {
      const out = join(dir, 'nopass');
      const result = await cli('report', '--latest', '--db', db, '--sign-key', key, '--out', out);
      expect(result.code).toBe(EXIT_CODES.usage);
      expect(result.stderr).toBe('kubevidence: no key password: set KUBEVIDENCE_KEY_PASSWORD or pass --key-password-file FILE\n');
      expect(() => readdirSync(out)).toThrow();
      const passwordFile = join(dir, 'wrong-password');
      writeFileSync(passwordFile, 'not-the-password\n');
      const wrong = await cli('report', '--latest', '--db', db, '--sign-key', key, '--key-password-file', passwordFile, '--out', out);
      expect(wrong.code).toBe(EXIT_CODES.badInput);
      expect(wrong.stderr).toBe(`kubevidence: ${key}: cannot open signing key: wrong password\n`);
    } finally {
      process.env['KUBEVIDENCE_KEY_PASSWORD'] = PASSWORD;
    }
  });

  it('names the stored run when the database no longer matches the pack', async () => {
    const result = spawnSync('sqlite3', [db, 'UPDATE runs SET hash = substr(hash, 2) || substr(hash, 1, 1) WHERE id = 2'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const verified = await cli('verify', pack, '--db', db);
    expect(verified.code).toBe(EXIT_CODES.verification);
    expect(verified.stderr).toMatch(/^kubevidence: .* does not verify: stored run: run 2 in .*kv\.db has hash /);
  });
});
