import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/errors.js';
import { generateSelfSignedP12, loadSigner, signerFromP12, signPack, verifyPack, type Manifest, type Signer } from '../../src/sign/index.js';
import { cli } from '../support/cli.js';
import { opensslSigner } from '../support/openssl-signer.js';

const PASSWORD = 'verify-hardening-password';
const SNAPSHOTS = new URL('../../demo/snapshots/', import.meta.url).pathname;
const SUBJECT = 'CN=Compliance, O=Example';

let dir: string;
let db: string;
let key: string;
let pack: string;
let genuine: Signer;
/** Another key with the very same subject: what an attacker makes in one command. */
let impostor: Signer;
let impostorPem: string;

function sqlite(file: string, sql: string): string {
  return execFileSync('sqlite3', [file, sql], { encoding: 'utf8' }).trim();
}

function copyOf(source: string, name: string): string {
  const target = join(dir, name);
  cpSync(source, target, { recursive: true });
  return target;
}

function manifestOf(packDir: string): Manifest {
  return JSON.parse(readFileSync(join(packDir, 'manifest.json'), 'utf8')) as Manifest;
}

/** What an attacker does after editing files: a fresh manifest, signed by the key they hold. */
async function resign(packDir: string, by: Signer): Promise<void> {
  const { manifestVersion: _version, signer: _signer, files: _files, ...provenance } = manifestOf(packDir);
  for (const file of ['manifest.json', 'manifest.sig', 'signer.pem']) unlinkSync(join(packDir, file));
  await signPack(packDir, by, provenance, new Date(provenance.generatedAt));
}

function flipFailsToPass(packDir: string): number {
  const path = join(packDir, 'findings.json');
  const findings = JSON.parse(readFileSync(path, 'utf8')) as { findings: { status: string }[] };
  let flipped = 0;
  for (const finding of findings.findings) {
    if (finding.status === 'fail') {
      finding.status = 'pass';
      flipped += 1;
    }
  }
  writeFileSync(path, `${JSON.stringify(findings, null, 2)}\n`);
  return flipped;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubevidence-verify-hardening-'));
  db = join(dir, 'kv.db');
  key = join(dir, 'signer.p12');
  process.env['KUBEVIDENCE_KEY_PASSWORD'] = PASSWORD;
  expect((await cli('keygen', '--out', key, '--subject', SUBJECT)).code).toBe(0);
  genuine = loadSigner(key, PASSWORD);
  impostor = signerFromP12(generateSelfSignedP12({ subject: SUBJECT, password: 'x' }), 'x');
  impostorPem = join(dir, 'impostor.pem');
  writeFileSync(impostorPem, impostor.certificatePem);
  for (const snapshot of ['2026-03-31', '2026-06-30']) {
    expect((await cli('run', '--from-file', join(SNAPSHOTS, `${snapshot}.snapshot.json`), '--db', db, '--framework', 'pci-dss-4.0')).code).toBe(0);
  }
  const report = await cli('report', '--latest', '--db', db, '--sign-key', key, '--out', join(dir, 'reports'));
  expect(report.stderr).toBe('');
  pack = join(dir, 'reports', 'acme-prod', '2026-06-30-run-2');
}, 300_000);

afterAll(() => {
  delete process.env['KUBEVIDENCE_KEY_PASSWORD'];
  rmSync(dir, { recursive: true, force: true });
});

describe('verify PACK --db recomputes the machine-readable files from the store', () => {
  it('fails a pack whose findings.json had its fails flipped to pass and was re-signed by another key with the same subject', async () => {
    const forged = copyOf(pack, 'forged');
    expect(flipFailsToPass(forged)).toBeGreaterThan(10);
    await resign(forged, impostor);
    // On its own the forgery is internally consistent: that is why --db must recompute.
    expect((await cli('verify', forged)).code).toBe(0);
    const result = await cli('verify', forged, '--db', db);
    expect(result.code).toBe(EXIT_CODES.verification);
    expect(result.stdout).toMatch(/FAIL {2}findings\.json content: \d+ finding\(s\) differ from the store: F-[0-9a-f]{12}(-\d+)? \([a-z.-]+: pass, stored fail\)/);
    expect(result.stdout).toContain(`FAIL  signer pinned: the pack is signed by ${impostor.fingerprint}, a certificate ${db} never signed with (used: ${genuine.fingerprint})`);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).toMatch(/^kubevidence: .*forged does not verify: findings\.json content: /);
  });

  it('fails the same forgery re-signed with the genuine key: the content itself is checked', async () => {
    const forged = copyOf(pack, 'forged-insider');
    flipFailsToPass(forged);
    await resign(forged, genuine);
    const result = await cli('verify', forged, '--db', db, '--format', 'json');
    expect(result.code).toBe(EXIT_CODES.verification);
    const failed = (JSON.parse(result.stdout) as { checks: { name: string; ok: boolean }[] }).checks.filter((check) => !check.ok).map((check) => check.name);
    expect(failed).toEqual(['findings.json content']);
  });

  it('names findings.csv when one row changes status', async () => {
    const forged = copyOf(pack, 'forged-csv');
    const path = join(forged, 'findings.csv');
    const lines = readFileSync(path, 'utf8').split('\r\n');
    const index = lines.findIndex((line) => line.includes(',fail,'));
    lines[index] = (lines[index] as string).replace(',fail,', ',pass,');
    writeFileSync(path, lines.join('\r\n'));
    await resign(forged, genuine);
    const result = await cli('verify', forged, '--db', db);
    expect(result.stdout).toMatch(/FAIL {2}findings\.csv content: 1 finding\(s\) differ from the store: F-[0-9a-f]{12}.* \([a-z.-]+: pass, stored fail\)/);
    expect(result.stdout).toContain('ok    findings.json content');
  });

  it('names assessment-results.json when a requirement is marked satisfied', async () => {
    const forged = copyOf(pack, 'forged-oscal');
    const path = join(forged, 'assessment-results.json');
    const oscal = JSON.parse(readFileSync(path, 'utf8')) as { 'assessment-results': { results: { findings: { props: { name: string; value: string }[]; target: { status: { state: string } } }[] }[] } };
    const failing = oscal['assessment-results'].results[0]?.findings.find((finding) => finding.props.some((prop) => prop.name === 'status' && prop.value === 'fail'));
    expect(failing).toBeDefined();
    if (failing === undefined) return;
    for (const prop of failing.props) if (prop.name === 'status') prop.value = 'pass';
    failing.target.status.state = 'satisfied';
    writeFileSync(path, `${JSON.stringify(oscal, null, 2)}\n`);
    await resign(forged, genuine);
    const result = await cli('verify', forged, '--db', db);
    expect(result.code).toBe(EXIT_CODES.verification);
    expect(result.stdout).toMatch(/FAIL {2}assessment-results\.json content: 1 requirement result\(s\) differ from the store: pci-dss-4\.0\.1 \S+ \(pass( marked satisfied)?, stored fail\)/);
  });

  it('passes the genuine pack, every content check named', async () => {
    const result = await cli('verify', pack, '--db', db);
    expect(result.code).toBe(0);
    for (const name of ['findings.json content', 'findings.csv content', 'assessment-results.json content', 'signer pinned', 'chain head']) expect(result.stdout).toContain(`ok    ${name}:`);
  });
});

describe('signer pinning', () => {
  it('report records the signing certificate fingerprint in the store', async () => {
    const fromOpenssl = execFileSync('openssl', ['x509', '-in', join(pack, 'signer.pem'), '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' }).trim().replace(/^sha256 Fingerprint=/i, '');
    expect(sqlite(db, 'SELECT fingerprint FROM signers')).toBe(fromOpenssl);
  });

  it('an unchanged pack re-signed by another key fails unless --ca accepts it and --accept-new-signer is given', async () => {
    const resigned = copyOf(pack, 'resigned');
    await resign(resigned, impostor);
    const plain = await cli('verify', resigned, '--db', db);
    expect(plain.code).toBe(EXIT_CODES.verification);
    expect(plain.stdout).toContain(`FAIL  signer pinned: the pack is signed by ${impostor.fingerprint}`);
    const caOnly = await cli('verify', resigned, '--db', db, '--ca', impostorPem);
    expect(caOnly.code).toBe(EXIT_CODES.verification);
    const accepted = await cli('verify', resigned, '--db', db, '--ca', impostorPem, '--accept-new-signer');
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain(`warn  signer pinned: new signer ${impostor.fingerprint} accepted`);
    const genuinePem = join(dir, 'genuine.pem');
    writeFileSync(genuinePem, genuine.certificatePem);
    expect((await cli('verify', resigned, '--db', db, '--ca', genuinePem, '--accept-new-signer')).code).toBe(EXIT_CODES.verification);
    const withoutCa = await cli('verify', resigned, '--db', db, '--accept-new-signer');
    expect(withoutCa.code).toBe(EXIT_CODES.usage);
    expect(withoutCa.stderr).toBe('kubevidence: --accept-new-signer accepts a pack signer the store does not know: give PACK, --db and the --ca it must chain to\n');
  });
});

describe('verify --db --cluster and --format json', () => {
  it('an unknown cluster is a usage error (exit 2), in text and in JSON', async () => {
    const text = await cli('verify', '--db', db, '--cluster', 'no-such-cluster');
    expect(text.code).toBe(EXIT_CODES.usage);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(/^kubevidence: no runs of cluster 'no-such-cluster' in .*kv\.db \(clusters: acme-prod \S+\)\n$/);
    const json = await cli('verify', '--db', db, '--cluster', 'no-such-cluster', '--format', 'json');
    expect(json.code).toBe(EXIT_CODES.usage);
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'chain', ok: false, checks: [], error: { code: 'usage', exitCode: 2 } });
  });

  it('accepts the cluster name and the UID', async () => {
    const uid = sqlite(db, 'SELECT DISTINCT cluster_uid FROM runs');
    for (const cluster of ['acme-prod', uid]) {
      const result = await cli('verify', '--db', db, '--cluster', cluster, '--format', 'json');
      expect(result.code).toBe(0);
      const outcome = JSON.parse(result.stdout) as { kind: string; ok: boolean; checks: { name: string; ok: boolean; detail: string }[] };
      expect(outcome).toMatchObject({ kind: 'chain', ok: true });
      expect(outcome.checks[0]).toEqual({ name: 'run chain of acme-prod', ok: true, detail: '2 runs verify' });
    }
  });

  it('prints the JSON document for a failed pack and for a missing one', async () => {
    const tampered = copyOf(pack, 'json-tampered');
    writeFileSync(join(tampered, 'findings.csv'), 'x');
    const failed = await cli('verify', tampered, '--format', 'json');
    expect(failed.code).toBe(EXIT_CODES.verification);
    expect(JSON.parse(failed.stdout)).toMatchObject({ kind: 'pack', target: tampered, ok: false });
    const missing = await cli('verify', join(dir, 'nothing-here'), '--format', 'json');
    expect(missing.code).toBe(EXIT_CODES.badInput);
    expect(JSON.parse(missing.stdout)).toMatchObject({ kind: 'pack', ok: false, error: { exitCode: 3 } });
  });
});

describe('chain head and checkpoints', () => {
  it('the pack records the chain head and the store a checkpoint openssl verifies', async () => {
    expect(manifestOf(pack).chainHead).toMatchObject({ clusterName: 'acme-prod', runCount: 2, firstRunId: 1, headRunId: 2 });
    const out = mkdtempSync(join(dir, 'checkpoint-'));
    // The auditor's recipe in docs/verification.md.
    execFileSync('sqlite3', [db, "SELECT writefile('checkpoint.json', statement), writefile('checkpoint.sig', signature), writefile('checkpoint.pem', certificate) FROM chain_checkpoints ORDER BY id DESC LIMIT 1"], { cwd: out });
    execFileSync('sh', ['-c', 'openssl x509 -in checkpoint.pem -pubkey -noout > checkpoint.pub && openssl dgst -sha256 -verify checkpoint.pub -signature checkpoint.sig checkpoint.json'], { cwd: out });
    expect(JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8'))).toMatchObject({ format: 'kubevidence.checkpoint.v1', runCount: 2, headRunId: 2 });
  });

  it('detects the newest run deleted, from the store alone and against the pack', async () => {
    const copy = join(dir, 'newest-deleted.db');
    copyFileSync(db, copy);
    sqlite(copy, 'DELETE FROM run_frameworks WHERE run_id = 2; DELETE FROM runs WHERE id = 2');
    const chain = await cli('verify', '--db', copy);
    expect(chain.code).toBe(EXIT_CODES.verification);
    expect(chain.stderr).toMatch(/run 2, the chain head when the checkpoint of \S+ was made, is no longer in the store: runs were deleted\n$/);
    const against = await cli('verify', pack, '--db', copy);
    expect(against.code).toBe(EXIT_CODES.verification);
  });

  it('detects the oldest run deleted and a forged prune anchor', async () => {
    const copy = join(dir, 'oldest-deleted.db');
    copyFileSync(db, copy);
    sqlite(copy, "DELETE FROM run_frameworks WHERE run_id = 1; DELETE FROM runs WHERE id = 1; INSERT INTO chain_anchors VALUES (2, (SELECT previous_hash FROM runs WHERE id = 2), '2026-07-01T00:00:00.000Z', 1)");
    const chain = await cli('verify', '--db', copy);
    expect(chain.code).toBe(EXIT_CODES.verification);
    expect(chain.stdout).toContain('ok    run chain of acme-prod: 1 runs verify');
    expect(chain.stdout).toMatch(/FAIL {2}chain head of acme-prod: the chain started at run 1 when the checkpoint of \S+ was made and now starts at run 2/);
  });

  it('detects a checkpoint that was edited, and warns about runs after the last checkpoint', async () => {
    const copy = join(dir, 'edited-checkpoint.db');
    copyFileSync(db, copy);
    sqlite(copy, "UPDATE chain_checkpoints SET statement = replace(statement, '\"runCount\":2', '\"runCount\":1')");
    expect((await cli('verify', '--db', copy)).stdout).toMatch(/FAIL {2}checkpoint of acme-prod: checkpoint #\d+ does not verify against its certificate/);
    const later = join(dir, 'later.db');
    copyFileSync(db, later);
    expect((await cli('run', '--from-file', join(SNAPSHOTS, '2026-09-30.snapshot.json'), '--db', later, '--framework', 'pci-dss-4.0')).code).toBe(0);
    const result = await cli('verify', '--db', later);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('warn  chain head of acme-prod: 1 run(s) stored after the checkpoint');
  });

  it('a store with no signed report says what it cannot prove', async () => {
    const unsigned = join(dir, 'unsigned.db');
    expect((await cli('run', '--from-file', join(SNAPSHOTS, '2026-03-31.snapshot.json'), '--db', unsigned, '--framework', 'pci-dss-4.0')).code).toBe(0);
    const result = await cli('verify', '--db', unsigned);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('warn  checkpoint of acme-prod: no signed checkpoint');
  });
});

describe('certificate validity', () => {
  it('refuses to sign with an expired certificate made by openssl: exit 3, one line naming notAfter, nothing written', async () => {
    const expired = opensslSigner(dir, { subject: 'CN=Expired Signer', notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2020-01-02T00:00:00Z'), password: PASSWORD });
    const out = join(dir, 'expired-out');
    const result = await cli('report', '--latest', '--db', db, '--sign-key', expired.p12, '--out', out);
    expect(result.code).toBe(EXIT_CODES.badInput);
    expect(result.stderr).toBe(`kubevidence: ${expired.p12}: signing certificate CN=Expired Signer expired (notAfter 2020-01-02T00:00:00.000Z)\n`);
    expect(spawnSync('ls', [out]).status).not.toBe(0);
  });

  it('refuses a certificate that is not valid yet', async () => {
    const future = opensslSigner(dir, { subject: 'CN=Future Signer', notBefore: new Date('2099-01-01T00:00:00Z'), notAfter: new Date('2099-12-31T00:00:00Z'), password: PASSWORD });
    const result = await cli('report', '--latest', '--db', db, '--sign-key', future.p12, '--out', join(dir, 'future-out'));
    expect(result.code).toBe(EXIT_CODES.badInput);
    expect(result.stderr).toMatch(/signing certificate CN=Future Signer is not valid yet \(notBefore 2099-01-01T00:00:00\.000Z\)\n$/);
  });

  it('a pack signed by a short-lived certificate fails verification once it has expired (no trusted timestamp)', async () => {
    const now = new Date();
    const shortLived = opensslSigner(dir, { subject: 'CN=Short Lived', notBefore: new Date(now.getTime() - 3_600_000), notAfter: new Date(now.getTime() + 86_400_000), password: PASSWORD });
    const signer = loadSigner(shortLived.p12, PASSWORD);
    const signed = copyOf(pack, 'short-lived');
    await resign(signed, signer);
    expect((await verifyPack(signed)).ok).toBe(true);
    const later = await verifyPack(signed, { now: new Date(now.getTime() + 3 * 86_400_000) });
    expect(later.ok).toBe(false);
    const notAfter = new Date(new X509Certificate(shortLived.certPem).validTo).toISOString();
    expect(later.checks.find((check) => !check.ok)).toEqual({
      name: 'certificate validity',
      ok: false,
      detail: `signed at ${manifestOf(signed).generatedAt} (claimed, no trusted timestamp) by a certificate that expired at ${notAfter}`,
    });
  });
});
