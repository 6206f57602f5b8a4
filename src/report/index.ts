/**
 * The report stage, in the order data flows through it:
 * - load/: the only part that reads the store; gathers a run and the history a pack needs (PackInput).
 * - model/: the pure view model of that input (buildPackModel) and the analysis behind it; no I/O.
 * - writers/: one writer per pack format, each taking only the model; PACK_FORMATS lists them.
 * - write-pack.ts: the only part that writes the filesystem; commits a pack atomically.
 */
export { buildPackModel, anchorOf, safeDirName, attackSurfaceOf } from './model/model.js';
export type {
  PackInput,
  PackModel,
  PackPeriod,
  PackSigner,
  PackLimits,
  AttackSurfacePoint,
  AttackSurfaceCounts,
  FindingRow,
  FrameworkReport,
  RequirementSection,
} from './model/model.js';
export { rankRemediation, THREAT_MODELS, SEVERITY_WEIGHT, REQUIREMENT_WEIGHT, type RemediationItem, type ThreatModel } from './model/remediation.js';
export { renderHtml, writeHtml } from './writers/html/render-html.js';
export type { RenderedPdf } from './writers/pdf/render-pdf.js';
export { renderPdf, PACK_FORMATS, type PackFormat, type PackWriter } from './writers/index.js';
export { renderFindingsJson, writeFindingsJson, findingsJsonOf, type FindingsJson } from './writers/json.js';
export { renderFindingsCsv, writeFindingsCsv, CSV_COLUMNS } from './writers/csv.js';
export { renderOscal, writeOscal, oscalOf, controlIdOf } from './writers/oscal.js';
export { writePack, writeTextDurably, PACK_FILES, type WritePackOptions, type WrittenPack } from './write-pack.js';
export type { TextSink } from './writers/io/text-sink.js';
export { parsePeriod } from './load/period.js';
export { loadPackInput, latestRunOf, type PackSelection, type LoadedPackInput } from './load/pack-input.js';
