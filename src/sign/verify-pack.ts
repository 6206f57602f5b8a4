import { verify as verifyBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import { extractArchive } from './archive.js';
import { listPackFiles, MANIFEST_FILE, MANIFEST_SIGNATURE_FILE, SIGNER_CERT_FILE, type Manifest } from './manifest.js';
import { PDF_FILE } from './sign-pack.js';
import { verifyPdfSignature } from './verify-pdf-signature.js';

/** One thing verification looked at, and what it found. */
export interface VerificationCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface PackVerification {
  readonly ok: boolean;
  readonly manifest: Manifest | null;
  readonly checks: readonly VerificationCheck[];
}

export interface VerifyPackOptions {
  /** PEM file of a CA the signer must chain to. */
  readonly caFile?: string;
  /** Confirms the run the pack names exists unchanged in a store, and that its chain verifies. */
  readonly checkRun?: (manifest: Manifest) => VerificationCheck;
  readonly now?: Date;
}

/**
 * Checks a pack folder or .tar.gz without trusting anything in it but the mathematics: the manifest
 * signature against signer.pem, every file's hash (naming missing, extra and altered files), the PDF's
 * embedded signature and that it was made by the same certificate, and optionally the CA and the store.
 */
export async function verifyPack(path: string, options: VerifyPackOptions = {}): Promise<PackVerification> {
  if (!existsSync(path)) throw inputError('pack.missing', 'no such pack folder or archive', { file: path });
  if (statSync(path).isDirectory()) return verifyPackDir(path, options);
  const temp = mkdtempSync(join(tmpdir(), 'kubevidence-verify-'));
  try {
    await extractArchive(path, temp);
    return verifyPackDir(temp, options);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

function verifyPackDir(dir: string, options: VerifyPackOptions): PackVerification {
  const manifestBytes = readOptional(join(dir, MANIFEST_FILE));
  if (manifestBytes === undefined) return failed([{ name: 'manifest', ok: false, detail: `${MANIFEST_FILE} is missing` }]);
  const manifest = parseManifest(manifestBytes);
  if (manifest === undefined) return failed([{ name: 'manifest', ok: false, detail: `${MANIFEST_FILE} is not a kubevidence manifest` }]);
  const certificate = readCertificate(dir);
  const checks: VerificationCheck[] = [
    checkManifestSignature(dir, manifestBytes, certificate),
    checkSignerMatchesManifest(manifest, certificate),
    ...checkFiles(dir, manifest),
    checkEvidenceNames(manifest),
    checkPdfSignature(dir, certificate),
  ];
  if (options.caFile !== undefined) checks.push(checkChainsToCa(certificate, options.caFile, options.now ?? new Date()));
  if (options.checkRun !== undefined) checks.push(options.checkRun(manifest));
  return { ok: checks.every((check) => check.ok), manifest, checks };
}

function failed(checks: VerificationCheck[]): PackVerification {
  return { ok: false, manifest: null, checks };
}

function checkManifestSignature(dir: string, manifestBytes: Buffer, certificate: X509Certificate | undefined): VerificationCheck {
  const name = 'manifest signature';
  const signature = readOptional(join(dir, MANIFEST_SIGNATURE_FILE));
  if (signature === undefined) return { name, ok: false, detail: `${MANIFEST_SIGNATURE_FILE} is missing: the pack is unsigned` };
  if (certificate === undefined) return { name, ok: false, detail: `${SIGNER_CERT_FILE} is missing or not a certificate` };
  const valid = verifyBytes('sha256', manifestBytes, certificate.publicKey, signature);
  return valid
    ? { name, ok: true, detail: `${MANIFEST_FILE} is signed by ${subjectOf(certificate)}` }
    : { name, ok: false, detail: `${MANIFEST_SIGNATURE_FILE} does not verify against ${SIGNER_CERT_FILE}: the manifest or the certificate was changed` };
}

function checkSignerMatchesManifest(manifest: Manifest, certificate: X509Certificate | undefined): VerificationCheck {
  const name = 'signer certificate';
  if (certificate === undefined || manifest.signer === null) return { name, ok: false, detail: 'the manifest names no signer certificate' };
  return certificate.fingerprint256 === manifest.signer.fingerprint
    ? { name, ok: true, detail: `${SIGNER_CERT_FILE} is the certificate the manifest names (${certificate.fingerprint256})` }
    : { name, ok: false, detail: `${SIGNER_CERT_FILE} was swapped: its fingerprint is not the one the manifest names` };
}

function checkFiles(dir: string, manifest: Manifest): VerificationCheck[] {
  const listed = new Map(manifest.files.map((entry) => [entry.path, entry]));
  const present = listPackFiles(dir);
  const missing = manifest.files.filter((entry) => !existsSync(join(dir, entry.path))).map((entry) => entry.path);
  const extra = present.filter((entry) => !listed.has(entry.path)).map((entry) => entry.path);
  const altered = present
    .filter((entry) => {
      const expected = listed.get(entry.path);
      return expected !== undefined && (expected.sha256 !== entry.sha256 || expected.size !== entry.size);
    })
    .map((entry) => entry.path);
  return [
    { name: 'files present', ok: missing.length === 0, detail: missing.length === 0 ? `all ${manifest.files.length} listed files present` : `missing: ${missing.join(', ')}` },
    { name: 'no extra files', ok: extra.length === 0, detail: extra.length === 0 ? 'no file outside the manifest' : `not in the manifest: ${extra.join(', ')}` },
    { name: 'file hashes', ok: altered.length === 0, detail: altered.length === 0 ? 'every file matches its SHA-256' : `altered: ${altered.join(', ')}` },
  ];
}

/**
 * Evidence objects are named by the SHA-256 of their content (`evidence/<sha256>.json`). The file hashes check
 * ties each file to its manifest entry; this ties each entry to its name, so a renamed or swapped object fails.
 */
function checkEvidenceNames(manifest: Manifest): VerificationCheck {
  const name = 'evidence names';
  const evidence = manifest.files.filter((entry) => entry.path.startsWith('evidence/'));
  const misnamed = evidence.filter((entry) => entry.path !== `evidence/${entry.sha256}.json`).map((entry) => entry.path);
  if (misnamed.length > 0) return { name, ok: false, detail: `not named by their SHA-256: ${misnamed.slice(0, 5).join(', ')}${misnamed.length > 5 ? ` and ${misnamed.length - 5} more` : ''}` };
  return { name, ok: true, detail: evidence.length === 0 ? 'the pack carries no evidence objects' : `all ${evidence.length} evidence objects are named by their SHA-256` };
}

function checkPdfSignature(dir: string, certificate: X509Certificate | undefined): VerificationCheck {
  const name = 'PDF signature';
  const pdf = readOptional(join(dir, PDF_FILE));
  if (pdf === undefined) return { name, ok: false, detail: `${PDF_FILE} is missing` };
  const result = verifyPdfSignature(pdf);
  if (!result.ok) return { name, ok: false, detail: `${PDF_FILE}: ${result.reason}` };
  if (!result.coversWholeFile) return { name, ok: false, detail: `${PDF_FILE} has content appended after it was signed` };
  if (certificate !== undefined && result.fingerprint !== certificate.fingerprint256) return { name, ok: false, detail: `${PDF_FILE} is signed by a different certificate (${result.signer})` };
  return { name, ok: true, detail: `${PDF_FILE} signature is valid (${result.signer})` };
}

function checkChainsToCa(certificate: X509Certificate | undefined, caFile: string, now: Date): VerificationCheck {
  const name = 'certificate authority';
  if (certificate === undefined) return { name, ok: false, detail: 'no signer certificate to check' };
  let ca: X509Certificate;
  try {
    ca = new X509Certificate(readFileSync(caFile));
  } catch {
    throw inputError('pack.ca', 'cannot read CA certificate (PEM expected)', { file: caFile });
  }
  // Passing the signer's own certificate pins it: a self-signed trial key has no CA above it.
  const pinned = certificate.fingerprint256 === ca.fingerprint256;
  if (!pinned && (!certificate.checkIssued(ca) || !certificate.verify(ca.publicKey))) return { name, ok: false, detail: `the signer is not issued by ${subjectOf(ca)}` };
  const validNow = new Date(certificate.validFrom) <= now && now <= new Date(certificate.validTo);
  return validNow
    ? { name, ok: true, detail: `the signer chains to ${subjectOf(ca)}` }
    : { name, ok: false, detail: `the signer certificate is outside its validity (${certificate.validFrom} – ${certificate.validTo})` };
}

function readCertificate(dir: string): X509Certificate | undefined {
  const pem = readOptional(join(dir, SIGNER_CERT_FILE));
  if (pem === undefined) return undefined;
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

function parseManifest(bytes: Buffer): Manifest | undefined {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as Partial<Manifest>;
    return value.manifestVersion === 1 && Array.isArray(value.files) ? (value as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

function readOptional(path: string): Buffer | undefined {
  return existsSync(path) ? readFileSync(path) : undefined;
}

function subjectOf(certificate: X509Certificate): string {
  return certificate.subject.split('\n').join(', ');
}
