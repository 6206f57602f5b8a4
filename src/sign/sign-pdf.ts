import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import type { Signer } from './signer.js';

export const SIGNATURE_REASON = 'kubevidence audit pack';

/**
 * Embeds a PKCS#7/CMS detached signature (adbe.pkcs7.detached) over the PDF's byte ranges, with signer name,
 * reason and signing time, as an incremental update: the rendered pages are untouched, so the visible
 * signature block the renderer drew on the last page stays as it was.
 */
export async function signPdf(pdf: Buffer, signer: Signer, signingTime: Date): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: SIGNATURE_REASON,
    contactInfo: signer.subject,
    name: signer.name,
    location: 'kubevidence',
    signingTime,
    // Large enough for a 4096-bit key and a certificate chain of a few certificates.
    signatureLength: 16_384,
  });
  return new SignPdf().sign(pointStartxrefAtXref(withPlaceholder), new P12Signer(signer.p12, { passphrase: signer.password }), signingTime);
}

/**
 * placeholder-plain writes the update's `startxref` one byte early (at the newline before `xref`). Readers
 * recover, but `qpdf --check` warns and exits 3; correct the offset before signing, while it is still allowed to change.
 */
function pointStartxrefAtXref(pdf: Buffer): Buffer {
  const marker = pdf.lastIndexOf('startxref');
  const match = /^startxref\s+(\d+)/.exec(pdf.subarray(marker, marker + 40).toString('latin1'));
  if (marker < 0 || match?.[1] === undefined) return pdf;
  const offset = Number(match[1]);
  if (pdf.subarray(offset, offset + 5).toString('latin1') !== '\nxref') return pdf;
  const digitsAt = marker + match[0].length - match[1].length;
  return Buffer.concat([pdf.subarray(0, digitsAt), Buffer.from(String(offset + 1)), pdf.subarray(digitsAt + match[1].length)]);
}
