/**
 * The report stage: a pure view model of a stored run (model.ts) and one renderer per format, each taking only
 * the model. write-pack.ts is the only part that touches the filesystem.
 */
export { buildPackModel, anchorOf, safeDirName, attackSurfaceOf } from './model.js';
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
} from './model.js';
export { rankRemediation, THREAT_MODELS, SEVERITY_WEIGHT, REQUIREMENT_WEIGHT, type RemediationItem, type ThreatModel } from './remediation.js';
export { renderHtml, writeHtml } from './html/render-html.js';
export type { RenderedPdf } from './pdf/render-pdf.js';
export { renderPdf } from './write-pack.js';
export { renderFindingsJson, writeFindingsJson, findingsJsonOf, type FindingsJson } from './json.js';
export { renderFindingsCsv, writeFindingsCsv, CSV_COLUMNS } from './csv.js';
export { renderOscal, writeOscal, oscalOf, controlIdOf } from './oscal.js';
export { writePack, writeTextDurably, PACK_FILES, type WritePackOptions, type WrittenPack } from './write-pack.js';
export type { TextSink } from './text-sink.js';
export { parsePeriod } from './period.js';
export { loadPackInput, latestRunOf, type PackSelection, type LoadedPackInput } from './pack-input.js';
export { listPacks, type PackIndexEntry } from './pack-index.js';
export { signoffFrom, type SignoffSource } from './signoff.js';
export type { AuditorView, PeriodCoverage, SignoffInput, SignoffView, WaiverRegisterRow, AttestationSignatureRow } from './auditor-types.js';
