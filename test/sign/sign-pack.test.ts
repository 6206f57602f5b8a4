import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KvError } from '../../src/errors.js';
import {
  generateSelfSignedP12,
  signerFromP12,
  signPack,
  verifyPack,
  writeArchive,
  type PackProvenance,
  type Signer,
} from '../../src/sign/index.js';

const provenance: PackProvenance = {
  runId: 7,
  runHash: 'ab'.repeat(32),
  clusterUid: '2f6c5d1e-0000-4000-8000-000000000001',
  clusterName: 'prod-eu',
  frameworks: ['pci-dss-4.0', 'hipaa-security-rule'],
  catalogueDigest: 'cd'.repeat(32),
  toolVersion: '0.1.0',
  generatedAt: '2026-11-01T00:00:00.000Z',
};

let root: string;
let signer: Signer;
let otherSigner: Signer;

async function samplePdf(): Promise<Buffer> {
  const doc = new PDFDocument({ info: { CreationDate: new Date('2026-11-01T00:00:00Z') } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => doc.on('end', resolve));
  doc.text('kubevidence audit pack — test');
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** A pack as the report stage writes it, signed. */
async function makeSignedPack(name: string, by: Signer = signer): Promise<string> {
  const dir = join(root, name);
  mkdirSync(join(dir, 'attachments'), { recursive: true });
  writeFileSync(join(dir, 'report.pdf'), await samplePdf());
  writeFileSync(join(dir, 'report.html'), '<!doctype html><title>pack</title><p>ok</p>\n');
  writeFileSync(join(dir, 'findings.json'), '{"findings":[]}\n');
  writeFileSync(join(dir, 'findings.csv'), 'check,status\n');
  writeFileSync(join(dir, 'assessment-results.json'), '{"assessment-results":{}}\n');
  writeFileSync(join(dir, 'attachments', 'policy.txt'), 'access review policy\n');
  await signPack(dir, by, provenance, new Date('2026-11-01T00:00:00Z'));
  return dir;
}

function flipByte(path: string, offset = 10): void {
  const bytes = readFileSync(path);
  const at = Math.min(offset, bytes.length - 1);
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  writeFileSync(path, bytes);
}

async function failedChecks(dir: string): Promise<string[]> {
  const result = await verifyPack(dir);
  expect(result.ok).toBe(false);
  return result.checks.filter((check) => !check.ok).map((check) => `${check.name}: ${check.detail}`);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kubevidence-sign-'));
  signer = signerFromP12(generateSelfSignedP12({ subject: 'CN=Compliance, O=Example', password: 'correct horse' }), 'correct horse');
  otherSigner = signerFromP12(generateSelfSignedP12({ subject: 'CN=Mallory', password: 'x' }), 'x');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('signing identity', () => {
  it('a generated PKCS#12 opens with its password and names its subject', () => {
    expect(signer.subject).toBe('CN=Compliance, O=Example');
    expect(signer.name).toBe('Compliance');
    expect(signer.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('a wrong password is a one-line input error', () => {
    const p12 = generateSelfSignedP12({ subject: 'CN=x', password: 'right' });
    const error = (() => {
      try {
        signerFromP12(p12, 'wrong', 'signer.p12');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(KvError);
    expect((error as KvError).exitCode).toBe(3);
    expect((error as KvError).toLine()).toBe('signer.p12: cannot open signing key: wrong password');
  });

  it('rejects a subject it cannot read', async () => {
    expect(() => generateSelfSignedP12({ subject: 'Compliance', password: 'x' })).toThrow(/the subject option: cannot read 'Compliance'/);
  });
});

describe('signed pack', () => {
  it('verifies with kubevidence, openssl and pdfsig', async () => {
    const dir = await makeSignedPack('good');
    const result = await verifyPack(dir);
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.manifest?.files.map((file) => file.path)).toEqual([
      'assessment-results.json',
      'attachments/policy.txt',
      'findings.csv',
      'findings.json',
      'report.html',
      'report.pdf',
      'signer.pem',
    ]);

    // The README's openssl recipe, verbatim.
    execFileSync('sh', ['-c', 'openssl x509 -in signer.pem -pubkey -noout > signer.pub && openssl dgst -sha256 -verify signer.pub -signature manifest.sig manifest.json'], { cwd: dir });
    const pdfsig = spawnSync('pdfsig', [join(dir, 'report.pdf')], { encoding: 'utf8' });
    expect(pdfsig.stdout).toContain('Signature Validation: Signature is Valid.');
    expect(pdfsig.stdout).toContain('Signer Certificate Common Name: Compliance');
    expect(pdfsig.stdout).toContain('Signature Type: adbe.pkcs7.detached');
    // The signed file is still a clean PDF: qpdf exits 0 only without errors or warnings.
    expect(spawnSync('qpdf', ['--check', join(dir, 'report.pdf')]).status).toBe(0);
    unlinkSync(join(dir, 'signer.pub'));
  });

  it('openssl rejects a manifest changed by one byte', async () => {
    const dir = await makeSignedPack('openssl-tamper');
    flipByte(join(dir, 'manifest.json'), 40);
    // The public key goes beside the packs in this test's own temporary folder, never at a fixed path.
    const publicKey = join(root, 'openssl-tamper-signer.pub');
    writeFileSync(publicKey, execFileSync('openssl', ['x509', '-in', 'signer.pem', '-pubkey', '-noout'], { cwd: dir }));
    const result = spawnSync('openssl', ['dgst', '-sha256', '-verify', publicKey, '-signature', 'manifest.sig', 'manifest.json'], { cwd: dir, encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('Verification failure');
  });

  it('pdfsig reports a PDF changed by one byte as invalid, and so does verify', async () => {
    const dir = await makeSignedPack('pdf-tamper');
    flipByte(join(dir, 'report.pdf'), 200);
    const pdfsig = spawnSync('pdfsig', [join(dir, 'report.pdf')], { encoding: 'utf8' });
    expect(pdfsig.stdout).not.toContain('Signature is Valid');
    const failures = await failedChecks(dir);
    expect(failures).toContain('file hashes: altered: report.pdf');
    expect(failures.some((line) => line.startsWith('PDF signature: report.pdf: the signed bytes were changed'))).toBe(true);
  });

  for (const file of ['report.html', 'findings.json', 'findings.csv', 'assessment-results.json', 'attachments/policy.txt']) {
    it(`names ${file} when one byte of it changes`, async () => {
      const dir = await makeSignedPack(`tamper-${file.replace('/', '-')}`);
      flipByte(join(dir, file), 5);
      expect(await failedChecks(dir)).toEqual([`file hashes: altered: ${file}`]);
    });
  }

  it('detects a changed manifest', async () => {
    const dir = await makeSignedPack('tamper-manifest');
    const manifest = readFileSync(join(dir, 'manifest.json'), 'utf8').replace('"runId": 7', '"runId": 8');
    writeFileSync(join(dir, 'manifest.json'), manifest);
    expect((await failedChecks(dir))[0]).toMatch(/^manifest signature: manifest.sig does not verify/);
  });

  it('detects a changed signature file', async () => {
    const dir = await makeSignedPack('tamper-sig');
    flipByte(join(dir, 'manifest.sig'), 20);
    expect((await failedChecks(dir))[0]).toMatch(/^manifest signature: manifest.sig does not verify/);
  });

  it('names a deleted file and an added file', async () => {
    const dir = await makeSignedPack('delete-add');
    unlinkSync(join(dir, 'findings.csv'));
    writeFileSync(join(dir, 'extra.txt'), 'smuggled\n');
    expect(await failedChecks(dir)).toEqual(['files present: missing: findings.csv', 'no extra files: not in the manifest: extra.txt']);
  });

  it('detects a swapped certificate', async () => {
    const dir = await makeSignedPack('swap-cert');
    writeFileSync(join(dir, 'signer.pem'), otherSigner.certificatePem);
    const failures = await failedChecks(dir);
    expect(failures).toContain('manifest signature: manifest.sig does not verify against signer.pem: the manifest or the certificate was changed');
    expect(failures).toContain('signer certificate: signer.pem was swapped: its fingerprint is not the one the manifest names');
  });

  it('detects a whole pack re-signed by someone else only through the CA check', async () => {
    const dir = await makeSignedPack('other-signer', otherSigner);
    expect((await verifyPack(dir)).ok).toBe(true);
    const caFile = join(root, 'ca.pem');
    writeFileSync(caFile, signer.certificatePem);
    const result = await verifyPack(dir, { caFile });
    expect(result.ok).toBe(false);
    expect(result.checks.at(-1)).toEqual({ name: 'certificate authority', ok: false, detail: 'the signer is not issued by CN=Compliance, O=Example' });
    const own = await verifyPack(await makeSignedPack('own-ca'), { caFile });
    expect(own.ok).toBe(true);
  });

  it('detects bytes appended to the PDF after signing', async () => {
    const dir = await makeSignedPack('pdf-append');
    appendFileSync(join(dir, 'report.pdf'), '\n% appended\n');
    const failures = await failedChecks(dir);
    expect(failures).toContain('PDF signature: report.pdf has content appended after it was signed');
  });

  it('reports a missing manifest as unsigned, not as an exception', async () => {
    const dir = await makeSignedPack('no-manifest');
    unlinkSync(join(dir, 'manifest.json'));
    expect(await failedChecks(dir)).toEqual(['manifest: manifest.json is missing']);
  });
});

describe('archive', () => {
  it('is byte-for-byte deterministic and verifies like the folder', async () => {
    const dir = await makeSignedPack('archived');
    const first = join(root, 'a.tar.gz');
    const second = join(root, 'b.tar.gz');
    await writeArchive(dir, first, new Date('2026-11-01T00:00:00Z'));
    await writeArchive(dir, second, new Date('2026-11-01T00:00:00Z'));
    expect(readFileSync(first).equals(readFileSync(second))).toBe(true);
    expect((await verifyPack(first)).ok).toBe(true);
    const listing = execFileSync('tar', ['-tzf', first], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toContain('manifest.sig');
    expect(listing).toContain('attachments/policy.txt');
  });

  it('detects a tampered file inside an archive', async () => {
    const dir = await makeSignedPack('archived-tamper');
    flipByte(join(dir, 'findings.json'), 3);
    const archive = join(root, 'tampered.tar.gz');
    await writeArchive(dir, archive, new Date('2026-11-01T00:00:00Z'));
    const result = await verifyPack(archive);
    expect(result.ok).toBe(false);
    expect(result.checks.find((check) => !check.ok)?.detail).toBe('altered: findings.json');
  });

  it('rejects something that is not an archive with a one-line error', async () => {
    const bogus = join(root, 'bogus.tar.gz');
    copyFileSync(join(await makeSignedPack('for-bogus'), 'findings.csv'), bogus);
    await expect(verifyPack(bogus)).rejects.toThrow(/cannot read archive/);
  });
});
