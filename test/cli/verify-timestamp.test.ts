import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/errors.js';
import { loadSigner, signPack, verifyPack, type Manifest } from '../../src/sign/index.js';
import { cli } from '../support/cli.js';
import { startLocalTsa, type LocalTsa } from '../support/local-tsa.js';
import { opensslSigner } from '../support/openssl-signer.js';

const PASSWORD = 'verify-timestamp-password';
const SNAPSHOTS = new URL('../../demo/snapshots/', import.meta.url).pathname;

let dir: string;
let db: string;
let tsa: LocalTsa;
let pack: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubevidence-verify-tsa-'));
  db = join(dir, 'kv.db');
  tsa = await startLocalTsa(dir);
  process.env['KUBEVIDENCE_KEY_PASSWORD'] = PASSWORD;
  const key = join(dir, 'signer.p12');
  expect((await cli('keygen', '--out', key, '--subject', 'CN=Compliance, O=Example')).code).toBe(0);
  expect((await cli('run', '--from-file', join(SNAPSHOTS, '2026-03-31.snapshot.json'), '--db', db, '--framework', 'pci-dss-4.0')).code).toBe(0);
  const report = await cli('report', '--latest', '--db', db, '--sign-key', key, '--tsa', tsa.url, '--out', join(dir, 'reports'), '--archive');
  expect(report.stderr).toBe('');
  pack = join(dir, 'reports', 'acme-prod', '2026-03-31-run-1');
}, 300_000);

afterAll(async () => {
  delete process.env['KUBEVIDENCE_KEY_PASSWORD'];
  await tsa.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('report --tsa, then verify', () => {
  it('writes manifest.tsr that openssl ts -verify and kubevidence verify --tsa-ca both accept', async () => {
    expect(tsa.answered()).toBe(1);
    const openssl = spawnSync('openssl', ['ts', '-verify', '-data', 'manifest.sig', '-in', 'manifest.tsr', '-CAfile', tsa.caFile], { cwd: pack, encoding: 'utf8' });
    expect(openssl.stdout).toContain('Verification: OK');
    const verified = await cli('verify', pack, '--db', db, '--tsa-ca', tsa.caFile);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/ok {4}trusted timestamp: manifest\.sig existed at \S+ \(time stamp by CN=Test TSA\)/);
    expect(verified.stdout).toMatch(/ok {4}certificate validity: signed at \S+ \(trusted timestamp\)/);
    expect((await cli('verify', `${pack}.tar.gz`, '--tsa-ca', tsa.caFile)).code).toBe(0);
  });

  it('fails a time stamp from an authority the verifier does not trust, or over another signature', async () => {
    const untrusted = await cli('verify', pack);
    expect(untrusted.code).toBe(EXIT_CODES.verification);
    expect(untrusted.stdout).toContain('FAIL  trusted timestamp: manifest.tsr: the TSA CN=Test TSA does not chain to a trusted certificate (give --tsa-ca)');
    const swapped = join(dir, 'swapped');
    cpSync(pack, swapped, { recursive: true });
    // A stamp over some other bytes, from the same trusted TSA.
    const other = await fetch(tsa.url, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: spawnSync('openssl', ['ts', '-query', '-data', join(pack, 'report.html'), '-sha256', '-cert'], { encoding: 'buffer' }).stdout });
    writeFileSync(join(swapped, 'manifest.tsr'), Buffer.from(await other.arrayBuffer()));
    const result = await cli('verify', swapped, '--tsa-ca', tsa.caFile);
    expect(result.code).toBe(EXIT_CODES.verification);
    expect(result.stdout).toContain('FAIL  trusted timestamp: manifest.tsr: the time stamp is over other bytes (imprint mismatch)');
  });

  it('an unreachable TSA is a one-line error and writes no pack', async () => {
    const out = join(dir, 'no-tsa');
    const result = await cli('report', '--latest', '--db', db, '--sign-key', join(dir, 'signer.p12'), '--tsa', 'http://127.0.0.1:9/', '--out', out);
    expect(result.code).toBe(EXIT_CODES.badInput);
    expect(result.stderr).toMatch(/^kubevidence: time-stamping authority http:\/\/127\.0\.0\.1:9\/ did not answer: .*\n$/);
    expect(spawnSync('ls', [join(out, 'acme-prod')]).stdout.toString()).toBe('');
  });

  it('judges an expired certificate at the trusted time: valid then, so the pack still verifies', async () => {
    const now = new Date();
    const shortLived = opensslSigner(dir, { subject: 'CN=Short Lived', notBefore: new Date(now.getTime() - 3_600_000), notAfter: new Date(now.getTime() + 86_400_000), password: PASSWORD });
    const signed = join(dir, 'short-lived');
    cpSync(pack, signed, { recursive: true });
    const { manifestVersion: _v, signer: _s, files: _f, ...provenance } = JSON.parse(readFileSync(join(signed, 'manifest.json'), 'utf8')) as Manifest;
    for (const file of ['manifest.json', 'manifest.sig', 'manifest.tsr', 'signer.pem']) unlinkSync(join(signed, file));
    await signPack(signed, loadSigner(shortLived.p12, PASSWORD), provenance, new Date(provenance.generatedAt), { tsaUrl: tsa.url });
    const later = new Date(now.getTime() + 3 * 86_400_000);
    const stamped = await verifyPack(signed, { now: later, tsaCaFile: tsa.caFile });
    expect(stamped.checks.filter((check) => !check.ok)).toEqual([]);
    unlinkSync(join(signed, 'manifest.tsr'));
    const unstamped = await verifyPack(signed, { now: later, tsaCaFile: tsa.caFile });
    expect(unstamped.checks.filter((check) => !check.ok).map((check) => check.name)).toEqual(['certificate validity']);
  });

  it('--tsa needs a signing key', async () => {
    const result = await cli('report', '--latest', '--db', db, '--tsa', tsa.url, '--out', join(dir, 'x'));
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toBe('kubevidence: --tsa time-stamps the signature: add --sign-key\n');
  });
});
