import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import forge from 'node-forge';
import { inputError } from '../errors.js';

/** A signing identity loaded from PKCS#12: what organisations already have. */
export interface Signer {
  /** The PKCS#12 bytes and password, as the PDF signer needs them. Kept in memory only for the signing call. */
  readonly p12: Buffer;
  readonly password: string;
  readonly privateKey: KeyObject;
  readonly certificatePem: string;
  readonly certificate: X509Certificate;
  /** Subject DN as `CN=Compliance, O=Example`. */
  readonly subject: string;
  /** Common name, or the subject when there is none. */
  readonly name: string;
  /** SHA-256 fingerprint of the certificate, `AA:BB:...`. */
  readonly fingerprint: string;
}

export function loadSigner(p12Path: string, password: string): Signer {
  let p12: Buffer;
  try {
    p12 = readFileSync(p12Path);
  } catch (error) {
    throw inputError('key.unreadable', `cannot read signing key: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { file: p12Path });
  }
  const signer = signerFromP12(p12, password, p12Path);
  assertValidForSigning(signer, new Date(), p12Path);
  return signer;
}

/**
 * Refuses a certificate outside its validity: a pack signed with it would verify nowhere (pdfsig reports
 * "Certificate has Expired") and would claim a signature no relying party accepts. Judged by the real clock.
 */
export function assertValidForSigning(signer: Signer, now: Date, file = 'signing key'): void {
  const notBefore = new Date(signer.certificate.validFrom);
  const notAfter = new Date(signer.certificate.validTo);
  if (now > notAfter) throw inputError('key.expired', `signing certificate ${signer.subject} expired (notAfter ${notAfter.toISOString()})`, { file });
  if (now < notBefore) throw inputError('key.not-yet-valid', `signing certificate ${signer.subject} is not valid yet (notBefore ${notBefore.toISOString()})`, { file });
}

export function signerFromP12(p12: Buffer, password: string, file = 'signing key'): Signer {
  const { keyPem, certPem } = openP12(p12, password, file);
  const certificate = new X509Certificate(certPem);
  const subject = certificate.subject.split('\n').join(', ');
  const commonName = /(?:^|, )CN=([^,]+)/.exec(subject)?.[1];
  return {
    p12,
    password,
    privateKey: createPrivateKey(keyPem),
    certificatePem: certificate.toString(),
    certificate,
    subject,
    name: commonName ?? subject,
    fingerprint: certificate.fingerprint256,
  };
}

function openP12(p12: Buffer, password: string, file: string): { keyPem: string; certPem: string } {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), password);
  } catch (error) {
    const reason = error instanceof Error && /password|MAC/i.test(error.message) ? 'wrong password' : 'not a PKCS#12 file';
    throw inputError('key.invalid', `cannot open signing key: ${reason}`, { file });
  }
  const key = firstBag(parsed, forge.pki.oids['pkcs8ShroudedKeyBag'] ?? '') ?? firstBag(parsed, forge.pki.oids['keyBag'] ?? '');
  const cert = firstBag(parsed, forge.pki.oids['certBag'] ?? '');
  if (key?.key === undefined || cert?.cert === undefined) throw inputError('key.invalid', 'PKCS#12 file holds no private key and certificate', { file });
  return { keyPem: forge.pki.privateKeyToPem(key.key), certPem: forge.pki.certificateToPem(cert.cert) };
}

function firstBag(p12: forge.pkcs12.Pkcs12Pfx, type: string): forge.pkcs12.Bag | undefined {
  return p12.getBags({ bagType: type })[type]?.[0];
}
