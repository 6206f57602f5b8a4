import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACK_FILES, renderFindingsCsv, renderFindingsJson, renderOscal, type PackModel } from '../../src/report/index.js';
import type { RssSampler } from './memory.js';
import { round } from './stopwatch.js';
import type { PackFormatResult } from './types.js';

const RENDERERS: readonly { readonly format: string; readonly file: string; readonly render: (model: PackModel) => Buffer }[] = [
  { format: 'findings.json', file: PACK_FILES.json, render: renderFindingsJson },
  { format: 'findings.csv', file: PACK_FILES.csv, render: renderFindingsCsv },
  { format: 'OSCAL assessment-results.json', file: PACK_FILES.oscal, render: renderOscal },
];

/**
 * The rest of a full pack (writeReport renders these after the PDF and HTML): each format timed on its own, and a
 * renderer that throws is recorded with its error rather than ending the bench, since that is a finding too.
 */
export function measurePackFormats(model: PackModel, packDir: string, sampler: RssSampler): PackFormatResult[] {
  return RENDERERS.map(({ format, file, render }) => {
    sampler.reset();
    const started = performance.now();
    try {
      const bytes = render(model);
      writeFileSync(join(packDir, file), bytes);
      return { format, ms: round(performance.now() - started), bytes: bytes.length, peakRssMb: round(sampler.peakMb()), error: null };
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { format, ms: round(performance.now() - started), bytes: null, peakRssMb: round(sampler.peakMb()), error: message };
    }
  });
}
