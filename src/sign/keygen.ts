import { randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { invalidInput } from '../errors.js';

export interface KeygenOptions {
  /** `CN=Compliance, O=Example` */
  readonly subject: string;
  readonly password: string;
  readonly days?: number;
  readonly now?: Date;
}

/** Creates a self-signed RSA-3072 signing certificate as PKCS#12, for trials; organisations bring their own. */
export function generateSelfSignedP12(options: KeygenOptions): Buffer {
  const attributes = parseSubject(options.subject);
  const keys = forge.pki.rsa.generateKeyPair({ bits: 3072, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  const now = options.now ?? new Date();
  cert.publicKey = keys.publicKey;
  // Positive serial: a leading 0 nibble keeps the DER integer from reading as negative.
  cert.serialNumber = `0${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + (options.days ?? 730) * 86_400_000);
  cert.setSubject(attributes);
  cert.setIssuer(attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
    { name: 'extKeyUsage', emailProtection: true, codeSigning: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], options.password, { algorithm: 'aes256', friendlyName: 'kubevidence signer' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

const SUBJECT_FIELDS: Readonly<Record<string, string>> = { CN: 'commonName', O: 'organizationName', OU: 'organizationalUnitName', C: 'countryName', L: 'localityName', ST: 'stateOrProvinceName', E: 'emailAddress' };

/** `CN=Compliance, O=Example` → forge attributes; unknown fields are a usage error, not silently dropped. */
export function parseSubject(subject: string): forge.pki.CertificateField[] {
  const parts = subject.split(/,\s*/).filter((part) => part.trim() !== '');
  const fields = parts.map((part) => {
    const [rawKey, ...rest] = part.split('=');
    const key = (rawKey ?? '').trim().toUpperCase();
    const name = SUBJECT_FIELDS[key];
    const value = rest.join('=').trim();
    if (name === undefined || value === '') throw invalidInput('subject', `{input}: cannot read '${part.trim()}' (use e.g. "CN=Compliance, O=Example")`);
    return { name, value };
  });
  if (!fields.some((field) => field.name === 'commonName')) throw invalidInput('subject', '{input} needs a CN= (common name)');
  return fields;
}
