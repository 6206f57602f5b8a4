import { sign as signBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requestTimestamp } from './timestamp.js';
import { buildManifest, MANIFEST_FILE, MANIFEST_SIGNATURE_FILE, MANIFEST_TIMESTAMP_FILE, SIGNER_CERT_FILE, type Manifest, type PackProvenance } from './manifest.js';
import { signPdf } from './sign-pdf.js';
import { assertValidForSigning, type Signer } from './signer.js';

export const PDF_FILE = 'report.pdf';

export interface SignOptions {
  /** RFC 3161 time-stamping authority: manifest.sig gets a trusted time in manifest.tsr. */
  readonly tsaUrl?: string;
  /** The real clock the certificate's validity is judged by (tests move it). */
  readonly clock?: Date;
}

/**
 * Signs a pack folder in place: the PDF gets an embedded CMS signature, the certificate is written as
 * signer.pem, and manifest.json (every file with SHA-256 and size, plus the run it came from) gets a
 * detached RSA/ECDSA-SHA256 signature in manifest.sig that plain `openssl dgst -verify` checks.
 * Run it on the pack's temporary folder, before the folder is renamed into place.
 */
export async function signPack(dir: string, signer: Signer, provenance: PackProvenance, signingTime: Date, options: SignOptions = {}): Promise<Manifest> {
  assertValidForSigning(signer, options.clock ?? new Date());
  const pdfPath = join(dir, PDF_FILE);
  if (existsSync(pdfPath)) writeAtomically(pdfPath, await signPdf(readFileSync(pdfPath), signer, signingTime));
  writeAtomically(join(dir, SIGNER_CERT_FILE), Buffer.from(signer.certificatePem));
  const manifest = buildManifest(dir, provenance, { subject: signer.subject, fingerprint: signer.fingerprint });
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  writeAtomically(join(dir, MANIFEST_FILE), manifestBytes);
  const signature = signBytes('sha256', manifestBytes, signer.privateKey);
  // Stamped before anything is written: an unreachable TSA leaves no half-signed pack.
  const timestamp = options.tsaUrl === undefined ? undefined : await requestTimestamp(options.tsaUrl, signature);
  writeAtomically(join(dir, MANIFEST_SIGNATURE_FILE), signature);
  if (timestamp !== undefined) writeAtomically(join(dir, MANIFEST_TIMESTAMP_FILE), timestamp);
  return manifest;
}

/** An unsigned pack still gets its manifest, so file integrity can be checked; it just proves nothing about origin. */
export function writeUnsignedManifest(dir: string, provenance: PackProvenance): Manifest {
  const manifest = buildManifest(dir, provenance, null);
  writeAtomically(join(dir, MANIFEST_FILE), Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  return manifest;
}

function writeAtomically(path: string, bytes: Buffer): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
}
