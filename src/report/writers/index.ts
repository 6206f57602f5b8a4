/**
 * The files of a pack, one row per format: a new format is one writer file and one row here. Each writer takes
 * only the pack model. Text formats are written as they are made (a TextSink), because the machine-readable files
 * grow with the cluster; the PDF is rendered whole (pdfkit needs every page before the contents can be filled)
 * and reports where its signature block sits, which the signing stage needs.
 */
import type { PackModel } from '../model/model-types.js';
import { writeFindingsCsv } from './csv.js';
import { writeHtml } from './html/render-html.js';
import type { TextSink } from './io/text-sink.js';
import { writeFindingsJson } from './json.js';
import { writeOscal } from './oscal.js';
import type { RenderedPdf } from './pdf/render-pdf.js';

export type PackWriter =
  | { readonly kind: 'text'; readonly write: (model: PackModel, sink: TextSink) => void }
  | { readonly kind: 'pdf'; readonly render: (model: PackModel) => Promise<RenderedPdf> };

export interface PackFormat {
  readonly name: string;
  /** The file's name inside the pack folder. */
  readonly file: string;
  readonly writer: PackWriter;
}

/** pdfkit is loaded on first use, so commands that render no PDF start without it. */
export async function renderPdf(model: PackModel): Promise<RenderedPdf> {
  const pdf = await import('./pdf/render-pdf.js');
  return pdf.renderPdf(model);
}

/** In writing order: the PDF first, so a pack that cannot be signed fails before the other files are made. */
export const PACK_FORMATS = [
  { name: 'pdf', file: 'report.pdf', writer: { kind: 'pdf', render: renderPdf } },
  { name: 'html', file: 'report.html', writer: { kind: 'text', write: writeHtml } },
  { name: 'json', file: 'findings.json', writer: { kind: 'text', write: writeFindingsJson } },
  { name: 'csv', file: 'findings.csv', writer: { kind: 'text', write: writeFindingsCsv } },
  { name: 'oscal', file: 'assessment-results.json', writer: { kind: 'text', write: writeOscal } },
] as const satisfies readonly PackFormat[];

type FormatName = (typeof PACK_FORMATS)[number]['name'];

/** Names of a pack's files by format (`PACK_FILES.pdf` is `report.pdf`), and the attachments folder. */
export const PACK_FILES = {
  ...(Object.fromEntries(PACK_FORMATS.map((format) => [format.name, format.file])) as { readonly [Name in FormatName]: Extract<(typeof PACK_FORMATS)[number], { name: Name }>['file'] }),
  attachments: 'attachments',
} as const;

export type { RenderedPdf, TextSink };
