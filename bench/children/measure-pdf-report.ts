/**
 * Child process: what `kubevidence report` does to make report.pdf of one stored run, and nothing else. It loads
 * the catalogues, opens the store, reads the run (loadPackInput, as writeReport does), builds the pack model and
 * renders the PDF. The run was generated, assessed and stored by another process (measure-pdf), so neither the
 * snapshot nor the assessment is in this process's memory: its peak RSS is that of the report alone.
 *
 * argv: <database> <runId>
 */
import { loadCatalogues } from '../../src/catalog/index.js';
import { buildPackModel, loadPackInput, renderPdf } from '../../src/report/index.js';
import { openStore } from '../../src/store/index.js';
import { childMain } from '../lib/child.js';
import { maxRssMb, RssSampler } from '../lib/memory.js';
import { round } from '../lib/stopwatch.js';
import type { PdfReportResult } from '../lib/types.js';

async function main(args: readonly string[]): Promise<PdfReportResult> {
  const [database, runIdArg] = args;
  const runId = Number(runIdArg);
  if (database === undefined || !Number.isInteger(runId)) throw new Error('usage: measure-pdf-report <database> <runId>');
  // Before anything of the report exists: Node, the tsx loader and the imported modules.
  const baselineRssMb = process.memoryUsage.rss() / 1_000_000;
  const sampler = new RssSampler();
  const started = performance.now();
  const catalogues = loadCatalogues({ dirs: [] });
  const store = openStore(database);
  const loaded = (() => {
    try {
      return loadPackInput(store, catalogues, { runId });
    } finally {
      store.close();
    }
  })();
  const loadMs = performance.now() - started;
  const modelStart = performance.now();
  // The run's own time, not the clock: every bench renders the same bytes.
  const model = buildPackModel({ ...loaded.input, generatedAt: loaded.input.run.collectedAt });
  const modelMs = performance.now() - modelStart;
  const renderStart = performance.now();
  const pdf = await renderPdf(model);
  const renderMs = performance.now() - renderStart;
  const peakRssMb = sampler.peakMb();
  await sampler.stop();
  return {
    loadMs: round(loadMs),
    modelMs: round(modelMs),
    renderMs: round(renderMs),
    pages: pdf.pageCount,
    pdfBytes: pdf.bytes.length,
    baselineRssMb: round(baselineRssMb),
    peakRssMb: round(peakRssMb),
    maxRssMb: round(maxRssMb()),
  };
}

childMain(main);
