import { createHash } from 'node:crypto';
import forge from 'node-forge';

/** PEM-encoded certificate and private key. */
export interface CertificatePair {
  readonly certPem: string;
  readonly keyPem: string;
}

/** Everything the test API server and its kubeconfigs need, made once per process (key generation is the slow part). */
export interface TlsMaterial {
  /** The CA that signs the server and client certificates. */
  readonly ca: CertificatePair;
  /** Server certificate for `localhost` and `127.0.0.1`. */
  readonly server: CertificatePair;
  /** Client certificate (CN `kv-test-admin`, O `system:masters`) for client-certificate users. */
  readonly client: CertificatePair;
  /** An unrelated CA: a kubeconfig trusting it must fail TLS verification against the server. */
  readonly otherCa: CertificatePair;
}

let cached: TlsMaterial | undefined;

export function tlsMaterial(): TlsMaterial {
  cached ??= makeTlsMaterial();
  return cached;
}

function makeTlsMaterial(): TlsMaterial {
  const ca = makeCertificate({ commonName: 'kubevidence-test-ca', isCa: true });
  const server = makeCertificate({ commonName: 'kube-apiserver', issuer: ca, altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }], usage: 'serverAuth' });
  const client = makeCertificate({ commonName: 'kv-test-admin', organization: 'system:masters', issuer: ca, usage: 'clientAuth' });
  const otherCa = makeCertificate({ commonName: 'some-other-ca', isCa: true });
  return { ca: pemsOf(ca), server: pemsOf(server), client: pemsOf(client), otherCa: pemsOf(otherCa) };
}

interface Made {
  readonly cert: forge.pki.Certificate;
  readonly key: forge.pki.rsa.PrivateKey;
}

interface CertificateSpec {
  readonly commonName: string;
  readonly organization?: string;
  readonly isCa?: boolean;
  readonly issuer?: Made;
  readonly altNames?: readonly ({ type: 2; value: string } | { type: 7; ip: string })[];
  readonly usage?: 'serverAuth' | 'clientAuth';
}

function makeCertificate(spec: CertificateSpec): Made {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  // A serial derived from the name keeps certificates distinct without randomness.
  cert.serialNumber = `01${createHash('sha256').update(spec.commonName).digest('hex').slice(0, 16)}`;
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const subject = [{ name: 'commonName', value: spec.commonName }, ...(spec.organization === undefined ? [] : [{ name: 'organizationName', value: spec.organization }])];
  cert.setSubject(subject);
  cert.setIssuer(spec.issuer === undefined ? subject : spec.issuer.cert.subject.attributes);
  cert.setExtensions(extensionsOf(spec));
  cert.sign(spec.issuer?.key ?? keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

function extensionsOf(spec: CertificateSpec): object[] {
  if (spec.isCa === true) {
    return [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ];
  }
  return [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: spec.usage === 'serverAuth', clientAuth: spec.usage === 'clientAuth' },
    ...(spec.altNames === undefined ? [] : [{ name: 'subjectAltName', altNames: spec.altNames }]),
  ];
}

function pemsOf(made: Made): CertificatePair {
  return { certPem: forge.pki.certificateToPem(made.cert), keyPem: forge.pki.privateKeyToPem(made.key) };
}
