import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTimestamp, verifyTimestamp } from '../../src/sign/timestamp.js';
import { startLocalTsa, type LocalTsa } from '../support/local-tsa.js';

let dir: string;
let tsa: LocalTsa;
let trusted: X509Certificate[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubevidence-tsa-'));
  tsa = await startLocalTsa(dir);
  trusted = [new X509Certificate(readFileSync(tsa.caFile))];
}, 60_000);

afterAll(async () => {
  await tsa.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('RFC 3161 time stamps from a local OpenSSL TSA', () => {
  it('stamps bytes; kubevidence and openssl ts -verify both accept the reply', async () => {
    const data = Buffer.from('manifest signature bytes');
    const before = new Date(Date.now() - 2000);
    const reply = await requestTimestamp(tsa.url, data);
    const check = verifyTimestamp(reply, data, trusted);
    expect(check).toMatchObject({ ok: true, tsa: 'CN=Test TSA' });
    if (check.ok) expect(check.time.getTime()).toBeGreaterThanOrEqual(before.getTime());
    writeFileSync(join(dir, 'data.bin'), data);
    writeFileSync(join(dir, 'data.tsr'), reply);
    const openssl = spawnSync('openssl', ['ts', '-verify', '-data', join(dir, 'data.bin'), '-in', join(dir, 'data.tsr'), '-CAfile', tsa.caFile], { encoding: 'utf8' });
    expect(openssl.stdout).toContain('Verification: OK');
  });

  it('rejects other bytes, an untrusted TSA, and a changed token', async () => {
    const data = Buffer.from('signed bytes');
    const reply = await requestTimestamp(tsa.url, data);
    expect(verifyTimestamp(reply, Buffer.from('other bytes'), trusted)).toEqual({ ok: false, reason: 'the time stamp is over other bytes (imprint mismatch)' });
    expect(verifyTimestamp(reply, data)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not chain to a trusted certificate \(give --tsa-ca\)/) });
    const other = new X509Certificate(execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'o.key'), '-subj', '/CN=Other', '-days', '1'], { encoding: 'utf8' }));
    expect(verifyTimestamp(reply, data, [other])).toMatchObject({ ok: false });
    // The genTime sits inside TSTInfo, covered by the TSA's signature: change one digit of it.
    const text = reply.toString('latin1');
    const at = text.search(/20\d{12}Z/);
    const changed = Buffer.from(reply);
    changed[at + 13] = changed[at + 13] === 0x30 ? 0x31 : 0x30;
    expect(verifyTimestamp(changed, data, trusted)).toEqual({ ok: false, reason: 'the time-stamp token was changed (message digest mismatch)' });
  });

  it('a TSA that is not there is a one-line error', async () => {
    await expect(requestTimestamp('http://127.0.0.1:9/', Buffer.from('x'))).rejects.toThrow(/^time-stamping authority http:\/\/127\.0\.0\.1:9\/ did not answer/);
  });
});
