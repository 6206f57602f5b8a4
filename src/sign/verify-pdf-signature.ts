import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

/** The outcome of checking the last embedded signature of a PDF, without trusting the PDF's own claims. */
export type PdfSignatureCheck =
  | { readonly ok: true; readonly signer: string; readonly fingerprint: string; readonly coversWholeFile: boolean }
  | { readonly ok: false; readonly reason: string };

const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const DIGESTS: Readonly<Record<string, string>> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};

/**
 * Verifies a PDF's CMS signature the way a PDF reader does: the signed byte ranges hash to the signed
 * messageDigest attribute, and the signed attributes verify against the embedded certificate's key.
 * `coversWholeFile` is false when bytes were appended after signing (an incremental update the signature does not cover).
 */
export function verifyPdfSignature(pdf: Buffer): PdfSignatureCheck {
  const located = locateSignature(pdf);
  if (typeof located === 'string') return { ok: false, reason: located };
  try {
    return checkCms(located.cms, located.signedBytes, located.end === pdf.length);
  } catch (error) {
    return { ok: false, reason: `signature is not valid CMS: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function locateSignature(pdf: Buffer): { cms: Buffer; signedBytes: Buffer; end: number } | string {
  const text = pdf.toString('latin1');
  const matches = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = matches.at(-1);
  if (last === undefined) return 'the PDF carries no signature';
  const [start, length1, offset2, length2] = last.slice(1, 5).map(Number) as [number, number, number, number];
  if (start !== 0 || offset2 + length2 > pdf.length || length1 > offset2) return 'the signature byte range does not fit the file';
  const contents = text.slice(length1, offset2);
  if (!contents.startsWith('<') || !contents.endsWith('>')) return 'the signature contents are not where the byte range says';
  const cms = Buffer.from(contents.slice(1, -1), 'hex');
  const signedBytes = Buffer.concat([pdf.subarray(0, length1), pdf.subarray(offset2, offset2 + length2)]);
  return { cms, signedBytes, end: offset2 + length2 };
}

function checkCms(cms: Buffer, signedBytes: Buffer, coversWholeFile: boolean): PdfSignatureCheck {
  // The placeholder is zero-padded after the DER, so parsing must stop at the end of the first structure.
  const fromDer = forge.asn1.fromDer as unknown as (bytes: forge.util.ByteStringBuffer, options: { parseAllBytes: boolean }) => forge.asn1.Asn1;
  const contentInfo = fromDer(forge.util.createBuffer(cms.toString('binary')), { parseAllBytes: false });
  const signedData = children(children(contentInfo)[1])[0];
  const parts = children(signedData);
  const certificates = parts.find((part) => part.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && part.type === 0);
  const signerInfos = parts.at(-1);
  const signerInfo = children(signerInfos)[0];
  if (certificates === undefined || signerInfo === undefined) return { ok: false, reason: 'the signature holds no certificate or signer' };
  const certificate = new X509Certificate(Buffer.from(forge.asn1.toDer(children(certificates)[0] as forge.asn1.Asn1).getBytes(), 'binary'));
  const info = children(signerInfo);
  const digestName = DIGESTS[forge.asn1.derToOid((children(info[2])[0] as forge.asn1.Asn1).value as string)];
  const signedAttributes = info.find((part) => part.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && part.type === 0);
  if (digestName === undefined || signedAttributes === undefined) return { ok: false, reason: 'unsupported digest or no signed attributes' };
  const expectedDigest = messageDigestOf(signedAttributes);
  const actualDigest = createHash(digestName).update(signedBytes).digest();
  if (expectedDigest === undefined || !actualDigest.equals(expectedDigest)) return { ok: false, reason: 'the signed bytes were changed after signing (digest mismatch)' };
  // The signature is over the DER of the attributes as a SET (tag 0x31), not the [0] IMPLICIT form stored.
  const asSet = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, children(signedAttributes));
  const attributesDer = Buffer.from(forge.asn1.toDer(asSet).getBytes(), 'binary');
  const signature = Buffer.from((info.find((part) => part.type === forge.asn1.Type.OCTETSTRING && part.tagClass === forge.asn1.Class.UNIVERSAL)?.value as string | undefined) ?? '', 'binary');
  if (!verifySignature(digestName, attributesDer, certificate.publicKey, signature)) return { ok: false, reason: 'the signature does not verify against the embedded certificate' };
  return { ok: true, signer: certificate.subject.split('\n').join(', '), fingerprint: certificate.fingerprint256, coversWholeFile };
}

function messageDigestOf(attributes: forge.asn1.Asn1): Buffer | undefined {
  for (const attribute of children(attributes)) {
    const [oid, values] = children(attribute);
    if (oid !== undefined && forge.asn1.derToOid(oid.value as string) === OID_MESSAGE_DIGEST) {
      const value = children(values)[0]?.value;
      return typeof value === 'string' ? Buffer.from(value, 'binary') : undefined;
    }
  }
  return undefined;
}

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  if (node === undefined || !Array.isArray(node.value)) throw new Error('unexpected ASN.1 structure');
  return node.value;
}
