import { z } from 'zod';

/**
 * The shape of a catalogue file (controls/frameworks/*.yaml and any `--controls DIR` file).
 * This zod schema is the single source of truth: the loader validates with it, and
 * controls/schema/catalogue.schema.json is generated from it (`npx tsx src/catalog/write-json-schema.ts`),
 * so editor validation and the loader cannot drift apart (a test compares the two).
 */

export const COVERAGE_LEVELS = ['full', 'partial', 'none'] as const;
export const MAPPING_SOURCE_TYPES = ['check-reference', 'public-mapping', 'framework-text', 'inferred'] as const;

/** Framework ids are file-name friendly: `pci-dss-4.0`, `nist-800-53-r5`, `iso-27001-2022`. */
const FRAMEWORK_ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
/** Check ids are `<theme>.<name>` with optional deeper segments: `pss.baseline.seccomp`, `rbac.pod-exec`. */
const CHECK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$/;

/** A non-empty string whose "missing" and "wrong type" errors read well in a one-line message. */
function text(description: string): z.ZodString {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'required field is missing' : 'must be a string') })
    .trim()
    .min(1, 'must not be empty')
    .describe(description);
}

function list<T extends z.ZodType>(item: T, description: string): z.ZodArray<T> {
  return z.array(item, { error: (issue) => (issue.input === undefined ? 'required field is missing' : 'must be a list') }).describe(description);
}

const mappingSourceSchema = z
  .strictObject({
    type: z
      .enum(MAPPING_SOURCE_TYPES, { error: `must be one of ${MAPPING_SOURCE_TYPES.join(', ')}` })
      .describe(
        'check-reference: derived from the checks\' own CIS/NSA/PSS references; public-mapping: a published mapping; ' +
          'framework-text: the framework\'s own wording; inferred: our judgement (ref gives the rationale).',
      ),
    ref: text('The document, profile or rule the mapping comes from, or for `inferred` a one-line rationale.'),
  })
  .describe('Where the requirement → check mapping comes from.');

export const requirementSchema = z
  .strictObject({
    id: text('Exactly as the framework numbers it: `1.2.5`, `164.312(a)(1)`, `CC6.1`, `AC-6(9)`.'),
    title: text('Short title in our own words (NIST and other US-government titles may be quoted).'),
    section: text('Grouping heading in the framework, for report layout.').optional(),
    checks: list(
      z.string({ error: 'must be a check id' }).regex(CHECK_ID, 'must be a check id like `rbac.wildcard-verbs`'),
      'Checks that provide automated evidence. Empty when nothing in the cluster can evidence it, so the gap stays visible.',
    ),
    manualEvidence: list(text('One piece of evidence.'), 'Evidence the cluster cannot prove and an auditor will still ask for.'),
    coverage: z
      .enum(COVERAGE_LEVELS, { error: `must be one of ${COVERAGE_LEVELS.join(', ')}` })
      .describe('How much of the requirement the checks speak to: full, partial, or none (no checks).'),
    source: mappingSourceSchema,
  })
  .superRefine((requirement, context) => {
    // Coverage and checks must agree, or the report would claim automated evidence that does not exist.
    if (requirement.checks.length === 0 && requirement.coverage !== 'none') {
      context.addIssue({ code: 'custom', path: ['coverage'], message: "must be 'none' when checks is empty" });
    }
    if (requirement.checks.length > 0 && requirement.coverage === 'none') {
      context.addIssue({ code: 'custom', path: ['coverage'], message: "must be 'full' or 'partial' when checks are listed" });
    }
    // `full` means a pass of the checks is all the evidence the requirement needs; our own judgement cannot carry that
    // claim, only the requirement's own audit procedure (check-reference), its text, or a published mapping can.
    if (requirement.coverage === 'full' && requirement.source.type === 'inferred') {
      context.addIssue({ code: 'custom', path: ['coverage'], message: "an 'inferred' mapping cannot claim 'full' coverage; use 'partial' and list the manual evidence" });
    }
    // Whatever the checks cannot prove must be named, so the pack can show it.
    if (requirement.coverage !== 'full' && requirement.manualEvidence.length === 0) {
      context.addIssue({ code: 'custom', path: ['manualEvidence'], message: "must list what an auditor will ask for unless coverage is 'full'" });
    }
  });

export const catalogueFileSchema = z
  .strictObject({
    id: text('Framework id, unique across all loaded catalogues: `pci-dss-4.0`.').regex(FRAMEWORK_ID, 'must be lower-case letters, digits, dots and dashes'),
    name: text('Full framework name.'),
    version: text('Framework version this catalogue follows.'),
    publisher: text('Who publishes the framework.'),
    sourceUrl: z.url({ error: 'must be an http(s) URL' }).describe('Where the framework text can be obtained.'),
    licence: text('Licence note for the framework text and for this mapping.'),
    requirements: list(requirementSchema, 'The requirements, in framework order.').min(1, 'must list at least one requirement'),
  })
  .describe('A compliance framework as data: requirements, the checks that evidence them, and the manual evidence still needed.');

export type CatalogueFile = z.output<typeof catalogueFileSchema>;
export type RequirementEntry = z.output<typeof requirementSchema>;

/** The JSON Schema committed as controls/schema/catalogue.schema.json. */
export function catalogueJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(catalogueFileSchema, { target: 'draft-2020-12', io: 'input' });
  return { $schema, title: 'kubevidence catalogue', ...rest };
}

/** The exact text of the committed schema file (stable key order, trailing newline). */
export function catalogueJsonSchemaText(): string {
  return `${JSON.stringify(catalogueJsonSchema(), null, 2)}\n`;
}
