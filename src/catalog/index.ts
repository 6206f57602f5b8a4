/**
 * The `map` stage: control catalogues as validated data, and the pure functions that turn findings into
 * requirement results, framework scores and the digest a run records.
 */

/** Zod schema of a catalogue file; the JSON Schema in controls/schema is generated from it. */
export { catalogueFileSchema, requirementSchema, catalogueJsonSchema, catalogueJsonSchemaText, COVERAGE_LEVELS, MAPPING_SOURCE_TYPES } from './schema.js';
export type { CatalogueFile, RequirementEntry } from './schema.js';
/** Loading built-in and `--controls DIR` catalogues with `file:line field: message` errors. */
export { loadCatalogues, loadCatalogueFile, BUILT_IN_CATALOGUE_DIR, CATALOGUE_INVALID } from './load-catalogues.js';
export type { LoadCataloguesOptions } from './load-catalogues.js';
/** Picking catalogues by id for `--framework`. */
export { selectCatalogues } from './select-catalogues.js';
/** Findings + catalogues + attestations → requirement results (pure). */
export { deriveResults, isAttestationValid } from './derive-results.js';
/** Requirement results → per-framework scores (pure). */
export { scoreFrameworks } from './score.js';
/** Digest of the applied catalogues, and what a run records about each. */
export { catalogueDigest, appliedCatalogues } from './digest.js';
/** The status and score rules as prose for reports. */
export { METHODOLOGY, REQUIREMENT_STATUS_RULES, EVIDENCE_RULE, SCORE_RULE, MAPPING_RULE, methodologyText } from './methodology.js';
export type { MethodologySection } from './methodology.js';
