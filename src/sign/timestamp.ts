import { createHash, randomBytes, verify as verifySignature, X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import forge from 'node-forge';
import { KvError, EXIT_CODES } from '../errors.js';

/**
 * RFC 3161 trusted time: a time-stamping authority (TSA) signs "these bytes' SHA-256 existed at this time".
 * kubevidence stamps the manifest signature (manifest.tsr beside manifest.sig) so `verify` can judge the signing
 * certificate at a time nobody in the pack could choose; `openssl ts -verify` checks the same file.
 */

const { asn1 } = forge;
const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
const OID_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const DIGESTS: Readonly<Record<string, string>> = { [OID_SHA256]: 'sha256', '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512', '1.3.14.3.2.26': 'sha1' };
/** A TSA answers in well under a second; a hung one must not hang a report. */
const TSA_TIMEOUT_MS = 30_000;
/** A time-stamp response is a few KB; refuse to buffer more. */
const MAX_RESPONSE_BYTES = 1 << 20;

export type TimestampCheck =
  | { readonly ok: true; readonly time: Date; readonly tsa: string }
  | { readonly ok: false; readonly reason: string };

function tsaError(message: string): KvError {
  return new KvError({ code: 'sign.tsa', exitCode: EXIT_CODES.badInput, message });
}

/** Asks the TSA at `url` to stamp SHA-256(data); returns the whole TimeStampResp (DER), checked against the query. */
export async function requestTimestamp(url: string, data: Buffer): Promise<Buffer> {
  const imprint = createHash('sha256').update(data).digest();
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0] ?? 0) & 0x7f; // a positive INTEGER
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: timestampQuery(imprint, nonce),
      signal: AbortSignal.timeout(TSA_TIMEOUT_MS),
    });
  } catch (error) {
    throw tsaError(`time-stamping authority ${url} did not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw tsaError(`time-stamping authority ${url} answered HTTP ${response.status}`);
  const reply = Buffer.from(await response.arrayBuffer());
  if (reply.length > MAX_RESPONSE_BYTES) throw tsaError(`time-stamping authority ${url} sent more than ${MAX_RESPONSE_BYTES} bytes`);
  const parsed = parseResponse(reply);
  if (typeof parsed === 'string') throw tsaError(`time-stamping authority ${url}: ${parsed}`);
  if (!parsed.imprint.equals(imprint) || parsed.nonce === undefined || !parsed.nonce.equals(nonce)) throw tsaError(`time-stamping authority ${url} stamped something else than asked (imprint or nonce differ)`);
  return reply;
}

/** TimeStampReq { version 1, messageImprint { sha256, hash }, nonce, certReq TRUE } in DER. */
function timestampQuery(imprint: Buffer, nonce: Buffer): Buffer {
  const query = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(1).getBytes()),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(OID_SHA256).getBytes()),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
      ]),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, imprint.toString('binary')),
    ]),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, nonce.toString('binary')),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BOOLEAN, false, String.fromCharCode(0xff)),
  ]);
  return Buffer.from(asn1.toDer(query).getBytes(), 'binary');
}

interface ParsedToken {
  readonly imprint: Buffer;
  readonly imprintDigest: string;
  readonly nonce: Buffer | undefined;
  readonly time: Date;
  readonly tstInfo: Buffer;
  readonly digest: string;
  readonly signedAttributes: forge.asn1.Asn1;
  readonly signature: Buffer;
  readonly certificates: readonly X509Certificate[];
}

/** TimeStampResp → its token's parts; a string says why it is not a granted, well-formed stamp. */
function parseResponse(der: Buffer): ParsedToken | string {
  try {
    const response = asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
    const [status, token] = children(response);
    const code = asn1.derToInteger(children(status)[0]?.value as string);
    if (code !== 0 && code !== 1) return `the time stamp was refused (PKI status ${code})`;
    if (token === undefined) return 'the response holds no time-stamp token';
    return parseToken(token);
  } catch (error) {
    return `not an RFC 3161 time-stamp response (${error instanceof Error ? error.message : String(error)})`;
  }
}

function parseToken(token: forge.asn1.Asn1): ParsedToken | string {
  const signedData = children(children(token)[1])[0];
  const parts = children(signedData);
  const encapsulated = children(parts[2]);
  if (asn1.derToOid(encapsulated[0]?.value as string) !== OID_TST_INFO) return 'the token does not hold TSTInfo';
  const tstInfoBytes = octets(children(encapsulated[1])[0]);
  const tstInfo = children(asn1.fromDer(forge.util.createBuffer(tstInfoBytes.toString('binary'))));
  const imprintParts = children(tstInfo[2]);
  const imprintDigest = DIGESTS[asn1.derToOid(children(imprintParts[0])[0]?.value as string)] ?? 'unknown';
  const time = asn1.generalizedTimeToDate(tstInfo[4]?.value as string);
  const nonceNode = tstInfo.slice(5).find((part) => part.tagClass === asn1.Class.UNIVERSAL && part.type === asn1.Type.INTEGER);
  const certificatesNode = parts.find((part) => part.tagClass === asn1.Class.CONTEXT_SPECIFIC && part.type === 0);
  const certificates = (certificatesNode === undefined ? [] : children(certificatesNode)).map((node) => new X509Certificate(Buffer.from(asn1.toDer(node).getBytes(), 'binary')));
  const signerInfo = children(parts.at(-1))[0];
  const info = children(signerInfo);
  const digest = DIGESTS[asn1.derToOid(children(info[2])[0]?.value as string)];
  const signedAttributes = info.find((part) => part.tagClass === asn1.Class.CONTEXT_SPECIFIC && part.type === 0);
  const signatureNode = info.find((part) => part.tagClass === asn1.Class.UNIVERSAL && part.type === asn1.Type.OCTETSTRING);
  if (digest === undefined || signedAttributes === undefined || signatureNode === undefined) return 'the token has no signed attributes or an unsupported digest';
  return {
    imprint: octets(imprintParts[1]),
    imprintDigest,
    nonce: nonceNode === undefined ? undefined : Buffer.from(nonceNode.value as string, 'binary'),
    time,
    tstInfo: tstInfoBytes,
    digest,
    signedAttributes,
    signature: octets(signatureNode),
    certificates,
  };
}

/**
 * Checks a time-stamp response over `data`: the imprint is data's hash, the token's signature verifies with a
 * certificate it carries, that certificate is for time stamping, was valid at the stamped time, and chains to
 * one of `trusted` (the --tsa-ca certificates, else the system's root certificates).
 */
export function verifyTimestamp(response: Buffer, data: Buffer, trusted?: readonly X509Certificate[]): TimestampCheck {
  const token = parseResponse(response);
  if (typeof token === 'string') return { ok: false, reason: token };
  if (token.imprintDigest === 'unknown' || !createHash(token.imprintDigest).update(data).digest().equals(token.imprint)) return { ok: false, reason: 'the time stamp is over other bytes (imprint mismatch)' };
  const expected = createHash(token.digest).update(token.tstInfo).digest();
  const signed = messageDigestOf(token.signedAttributes);
  if (signed === undefined || !signed.equals(expected)) return { ok: false, reason: 'the time-stamp token was changed (message digest mismatch)' };
  const attributes = Buffer.from(asn1.toDer(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, children(token.signedAttributes))).getBytes(), 'binary');
  const tsa = token.certificates.find((certificate) => verifySignature(token.digest, attributes, certificate.publicKey, token.signature));
  if (tsa === undefined) return { ok: false, reason: 'the time-stamp signature does not verify against any certificate in it' };
  if (!(tsa.keyUsage ?? []).includes(OID_TIME_STAMPING)) return { ok: false, reason: `${subjectOf(tsa)} is not a time-stamping certificate` };
  if (token.time < new Date(tsa.validFrom) || token.time > new Date(tsa.validTo)) return { ok: false, reason: `the TSA certificate ${subjectOf(tsa)} was not valid at ${token.time.toISOString()}` };
  const anchors = trusted ?? rootCertificates.map((pem) => new X509Certificate(pem));
  if (!chainsTo(tsa, token.certificates, anchors)) return { ok: false, reason: `the TSA ${subjectOf(tsa)} does not chain to a trusted certificate${trusted === undefined ? ' (give --tsa-ca)' : ''}` };
  return { ok: true, time: token.time, tsa: subjectOf(tsa) };
}

/** Walks issuers through the token's certificates, at most a few levels, to a trust anchor. */
function chainsTo(certificate: X509Certificate, pool: readonly X509Certificate[], anchors: readonly X509Certificate[]): boolean {
  let current = certificate;
  for (let depth = 0; depth < 5; depth += 1) {
    if (anchors.some((anchor) => anchor.fingerprint256 === current.fingerprint256 || (current.checkIssued(anchor) && current.verify(anchor.publicKey)))) return true;
    const issuer = pool.find((candidate) => candidate.fingerprint256 !== current.fingerprint256 && current.checkIssued(candidate) && current.verify(candidate.publicKey));
    if (issuer === undefined) return false;
    current = issuer;
  }
  return false;
}

function messageDigestOf(attributes: forge.asn1.Asn1): Buffer | undefined {
  for (const attribute of children(attributes)) {
    const [oid, values] = children(attribute);
    if (oid !== undefined && asn1.derToOid(oid.value as string) === OID_MESSAGE_DIGEST) {
      const value = children(values)[0];
      return value === undefined ? undefined : octets(value);
    }
  }
  return undefined;
}

/** An OCTET STRING's bytes, whether encoded primitive or (BER) constructed. */
function octets(node: forge.asn1.Asn1 | undefined): Buffer {
  if (node === undefined) throw new Error('missing OCTET STRING');
  if (typeof node.value === 'string') return Buffer.from(node.value, 'binary');
  return Buffer.concat(node.value.map((part) => octets(part)));
}

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  if (node === undefined || !Array.isArray(node.value)) throw new Error('unexpected ASN.1 structure');
  return node.value;
}

function subjectOf(certificate: X509Certificate): string {
  return certificate.subject.split('\n').join(', ');
}
