import { z } from 'zod';
import { SEVERITIES } from '../domain/status.js';

/**
 * The one schema for check metadata, built-in or custom: the registry test validates every built-in definition
 * against it, and custom checks in YAML are validated with the same field schemas (see cel/custom-check-schema.ts).
 */

/** `<theme>.<name>`: lower-case kebab words joined by dots, at least two segments. Mirrors src/checks/<theme>/<name>.ts. */
export const CHECK_ID_PATTERN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/**
 * Control names exactly as in the official Pod Security Standards tables (kubernetes.io, latest version), without
 * the "(v1.x+)" notes some rows carry: that note says since when a rule applies, it is not part of the name.
 * `Seccomp` and `Capabilities` appear at both levels because the restricted rows tighten the baseline ones.
 */
export const PSS_CONTROLS = {
  baseline: [
    'HostProcess',
    'Host Namespaces',
    'Privileged Containers',
    'Capabilities',
    'HostPath Volumes',
    'Host Ports',
    'Host Probes / Lifecycle Hooks',
    'AppArmor',
    'SELinux',
    '/proc Mount Type',
    'Seccomp',
    'Sysctls',
  ],
  restricted: ['Volume Types', 'Privilege Escalation', 'Running as Non-root', 'Running as Non-root user', 'Seccomp', 'Capabilities'],
} as const;

/** A required, non-blank string; the messages read well after `file:line field:`. */
export function nonBlank(): z.ZodString {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'required' : 'must be a string') })
    .regex(/\S/, { error: 'must not be empty' });
}

/** A non-empty list of non-blank strings. */
export function nonBlankList(): z.ZodArray<z.ZodString> {
  return z.array(nonBlank(), { error: (issue) => (issue.input === undefined ? 'required' : 'must be a list') }).min(1, { error: 'must not be empty' });
}

export const checkIdSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'required' : 'must be a string') })
  .regex(CHECK_ID_PATTERN, { error: (issue) => `must be dotted lower-case words like 'workload.privileged-container' (got '${String(issue.input)}')` });

export const severitySchema = z.enum(SEVERITIES, {
  error: (issue) => (issue.input === undefined ? 'required' : `must be one of ${SEVERITIES.join(', ')} (got '${String(issue.input)}')`),
});

function pssControl(level: keyof typeof PSS_CONTROLS) {
  return z.strictObject({
    level: z.literal(level),
    control: z.enum(PSS_CONTROLS[level], {
      error: (issue) => `must be a ${level} control named as in the Pod Security Standards: ${PSS_CONTROLS[level].join(', ')} (got '${String(issue.input)}')`,
    }),
  });
}

export const pssReferenceSchema = z.discriminatedUnion('level', [pssControl('baseline'), pssControl('restricted')], {
  error: "level must be 'baseline' or 'restricted'",
});

export const checkReferencesSchema = z
  .strictObject({
    cis: z.array(z.string().regex(/^\d+(\.\d+)*$/, { error: (issue) => `must be a CIS recommendation id like '5.2.2' (got '${String(issue.input)}')` })).optional(),
    nsa: nonBlankList().optional(),
    pss: pssReferenceSchema.optional(),
    other: nonBlankList().optional(),
  })
  .meta({ description: 'Where the check comes from in the public standards.' });

/** The metadata fields a check author writes, shared by built-in definitions and custom checks. */
export const authoredMetadataShape = {
  id: checkIdSchema,
  title: nonBlank().meta({ description: 'Phrased as the compliant state: "Containers do not run privileged".' }),
  severity: severitySchema,
  rationale: nonBlank(),
  remediation: nonBlank(),
  references: checkReferencesSchema,
};

/**
 * A check definition's metadata. Not strict: a definition also carries `evaluate` and `needs`, which are code and
 * are type-checked by the compiler, not validated here.
 */
export const checkMetadataSchema = z.object({
  ...authoredMetadataShape,
  reads: nonBlankList(),
  needs: z.array(nonBlank()).optional(),
  origin: z.enum(['built-in', 'custom']),
});

/** The text of a committed JSON Schema file under controls/schema/ (stable key order, trailing newline). */
export function toJsonSchemaText(schema: z.ZodType): string {
  return `${JSON.stringify(z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }), null, 2)}\n`;
}
