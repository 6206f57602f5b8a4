import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PACK_FILES, writeFindingsCsv, writeFindingsJson, writeOscal, writeTextDurably, type PackModel, type TextSink } from '../../src/report/index.js';
import { releaseMemory } from '../../src/release-memory.js';
import type { RssSampler } from './memory.js';
import { round } from './stopwatch.js';
import type { PackFormatResult } from './types.js';

const RENDERERS: readonly { readonly format: string; readonly file: string; readonly write: (model: PackModel, sink: TextSink) => void }[] = [
  { format: 'findings.json', file: PACK_FILES.json, write: writeFindingsJson },
  { format: 'findings.csv', file: PACK_FILES.csv, write: writeFindingsCsv },
  { format: 'OSCAL assessment-results.json', file: PACK_FILES.oscal, write: writeOscal },
];

/**
 * The rest of a full pack (writeReport writes these after the PDF and HTML, as they are made): each format timed on its own, and a
 * renderer that throws is recorded with its error rather than ending the bench, since that is a finding too.
 */
export function measurePackFormats(model: PackModel, packDir: string, sampler: RssSampler): PackFormatResult[] {
  return RENDERERS.map(({ format, file, write }) => {
    // writePack releases memory before each of these formats too.
    releaseMemory();
    sampler.reset();
    const started = performance.now();
    const path = join(packDir, file);
    try {
      rmSync(path, { force: true });
      writeTextDurably(path, (sink) => write(model, sink));
      return { format, ms: round(performance.now() - started), bytes: statSync(path).size, peakRssMb: round(sampler.peakMb()), error: null };
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { format, ms: round(performance.now() - started), bytes: null, peakRssMb: round(sampler.peakMb()), error: message };
    }
  });
}
