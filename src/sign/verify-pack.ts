import { verify as verifyBytes, X509Certificate } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import { extractArchive } from './archive.js';
import { sha256File } from './hash.js';
import { verifyTimestamp } from './timestamp.js';
import { MANIFEST_FILE, MANIFEST_TIMESTAMP_FILE, PACK_META_FILES, MANIFEST_SIGNATURE_FILE, SIGNER_CERT_FILE, type Manifest } from './manifest.js';
import { PDF_FILE } from './sign-pack.js';
import { verifyPdfSignature } from './verify-pdf-signature.js';

/** One thing verification looked at, and what it found. */
export interface VerificationCheck {
  readonly name: string;
  readonly ok: boolean;
  /** Holds, but names something verification cannot prove (printed as `warn`; never changes the exit code). */
  readonly warning?: true;
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
  /** Checks against a store: the run the pack names, its content, the signer pin, the chain head. */
  readonly checkStore?: (pack: { readonly dir: string; readonly manifest: Manifest; readonly certificate: X509Certificate | undefined }) => readonly VerificationCheck[];
  readonly now?: Date;
  /** PEM file(s) of the CA the time-stamping authority must chain to; default the system's root certificates. */
  readonly tsaCaFile?: string;
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
  const stamp = checkTimestamp(dir, options.tsaCaFile);
  if (stamp !== undefined) checks.push(stamp.check);
  if (certificate !== undefined) checks.push(checkCertificateValidity(certificate, manifest, options.now ?? new Date(), stamp?.time));
  if (options.caFile !== undefined) checks.push(checkChainsToCa(certificate, options.caFile));
  if (options.checkStore !== undefined) checks.push(...options.checkStore({ dir, manifest, certificate }));
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
  const tree = packTree(dir);
  const missing = manifest.files.filter((entry) => !tree.files.has(entry.path)).map((entry) => entry.path);
  const listedDirs = new Set(manifest.files.flatMap((entry) => parentDirsOf(entry.path)));
  const extra = [
    ...[...tree.files].filter((path) => !listed.has(path) && !PACK_META_FILES.includes(path)),
    ...tree.dirs.filter((path) => !listedDirs.has(path)).map((path) => `${path}/ (directory)`),
    ...tree.others.map(({ path, type }) => `${path} (${type})`),
  ].sort();
  const altered = [...tree.files]
    .filter((path) => {
      const expected = listed.get(path);
      return expected !== undefined && (expected.size !== statSync(join(dir, path)).size || expected.sha256 !== sha256File(join(dir, path)));
    })
    .sort();
  return [
    { name: 'files present', ok: missing.length === 0, detail: missing.length === 0 ? `all ${manifest.files.length} listed files present` : `missing: ${missing.join(', ')}` },
    { name: 'no extra files', ok: extra.length === 0, detail: extra.length === 0 ? 'nothing in the pack outside the manifest' : `not in the manifest: ${extra.join(', ')}` },
    { name: 'file hashes', ok: altered.length === 0, detail: altered.length === 0 ? 'every file matches its SHA-256' : `altered: ${altered.join(', ')}` },
  ];
}

interface PackTree {
  /** Regular files, `/`-separated relative paths. */
  readonly files: ReadonlySet<string>;
  readonly dirs: readonly string[];
  /** Symlinks, FIFOs, sockets, devices: never part of a pack, and never followed or read. */
  readonly others: readonly { readonly path: string; readonly type: string }[];
}

/** Everything under the pack folder, by lstat: a symlink to /dev/zero or a FIFO is named, not read. */
function packTree(root: string): PackTree {
  const files = new Set<string>();
  const dirs: string[] = [];
  const others: { path: string; type: string }[] = [];
  const visit = (relative: string): void => {
    for (const entry of readdirSync(relative === '' ? root : join(root, relative), { withFileTypes: true })) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        dirs.push(path);
        visit(path);
      } else if (entry.isFile()) files.add(path);
      else others.push({ path, type: entry.isSymbolicLink() ? 'symlink' : 'special file' });
    }
  };
  visit('');
  return { files, dirs, others };
}

/** `a/b/c.txt` → `a`, `a/b`. */
function parentDirsOf(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
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

function checkChainsToCa(certificate: X509Certificate | undefined, caFile: string): VerificationCheck {
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
  return { name, ok: true, detail: `the signer chains to ${subjectOf(ca)}` };
}

/**
 * Was the certificate valid when the pack was signed? A trusted time stamp on manifest.sig says when: the
 * certificate must have been valid then, and may have expired since. Without one, the signing time is only the
 * pack's own claim (SOURCE_DATE_EPOCH may even pin it), so the certificate must still be valid now: one that has
 * expired cannot show the signature was made before it expired, and verification fails.
 */
function checkCertificateValidity(certificate: X509Certificate, manifest: Manifest, now: Date, stampedAt: Date | undefined): VerificationCheck {
  const name = 'certificate validity';
  const from = new Date(certificate.validFrom);
  const to = new Date(certificate.validTo);
  if (stampedAt !== undefined) {
    return from <= stampedAt && stampedAt <= to
      ? { name, ok: true, detail: `signed at ${stampedAt.toISOString()} (trusted timestamp) by a certificate valid from ${from.toISOString()} to ${to.toISOString()}` }
      : { name, ok: false, detail: `signed at ${stampedAt.toISOString()} (trusted timestamp) by a certificate valid only from ${from.toISOString()} to ${to.toISOString()}` };
  }
  if (now > to) return { name, ok: false, detail: `signed at ${manifest.generatedAt} (claimed, no trusted timestamp) by a certificate that expired at ${to.toISOString()}` };
  if (now < from) return { name, ok: false, detail: `the signer certificate is not valid before ${from.toISOString()}` };
  return { name, ok: true, detail: `the signer certificate is valid now (until ${to.toISOString()}); no trusted timestamp proves when the pack was signed` };
}

/** manifest.tsr, when present, must be a trusted time stamp over manifest.sig; its time then dates the signature. */
function checkTimestamp(dir: string, tsaCaFile: string | undefined): { check: VerificationCheck; time: Date | undefined } | undefined {
  const name = 'trusted timestamp';
  const response = readOptional(join(dir, MANIFEST_TIMESTAMP_FILE));
  if (response === undefined) return undefined;
  const signature = readOptional(join(dir, MANIFEST_SIGNATURE_FILE));
  if (signature === undefined) return { check: { name, ok: false, detail: `${MANIFEST_TIMESTAMP_FILE} stamps a ${MANIFEST_SIGNATURE_FILE} that is missing` }, time: undefined };
  const result = verifyTimestamp(response, signature, tsaCaFile === undefined ? undefined : readCertificates(tsaCaFile));
  return result.ok
    ? { check: { name, ok: true, detail: `${MANIFEST_SIGNATURE_FILE} existed at ${result.time.toISOString()} (time stamp by ${result.tsa})` }, time: result.time }
    : { check: { name, ok: false, detail: `${MANIFEST_TIMESTAMP_FILE}: ${result.reason}` }, time: undefined };
}

function readCertificates(file: string): X509Certificate[] {
  try {
    const pems = readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (pems.length === 0) throw new Error('no certificate');
    return pems.map((pem) => new X509Certificate(pem));
  } catch {
    throw inputError('pack.tsa-ca', 'cannot read TSA CA certificate (PEM expected)', { file });
  }
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

/** A pack file's bytes, or undefined when it is absent or not a regular file (a symlink or FIFO is never read). */
function readOptional(path: string): Buffer | undefined {
  return existsSync(path) && lstatSync(path).isFile() ? readFileSync(path) : undefined;
}

function subjectOf(certificate: X509Certificate): string {
  return certificate.subject.split('\n').join(', ');
}
