import { z } from 'zod';
import type { CheckMetadata } from '../domain/check.js';
import type { Finding } from '../domain/finding.js';
import type { Gap, ResourceRef } from '../domain/snapshot.js';
import { FINDING_STATUSES, SEVERITIES } from '../domain/status.js';
import type { Waiver, WaiverOutcome } from '../domain/waiver.js';
import { gapSchema } from './snapshot-schema.js';

/**
 * The versioned JSON contract of `kubevidence evaluate --format json` (and of the pack's findings.json).
 * Additive changes keep schemaVersion 1; renaming or removing a field, or changing a meaning, bumps it.
 * The zod schema is the contract: the builder is typed against it, and the CLI test validates real output with it.
 */
export const EVALUATION_SCHEMA_VERSION = 1;

const resourceJson = z.strictObject({
  apiVersion: z.string(),
  kind: z.string(),
  /** null for cluster-scoped subjects, so the key is always there. */
  namespace: z.string().nullable(),
  name: z.string(),
});

const referencesJson = z.strictObject({
  cis: z.array(z.string()).optional(),
  nsa: z.array(z.string()).optional(),
  pss: z.strictObject({ level: z.enum(['baseline', 'restricted']), control: z.string() }).optional(),
  other: z.array(z.string()).optional(),
});

const waiverJson = z.strictObject({
  id: z.string(),
  check: z.string(),
  selector: z.strictObject({
    namespace: z.string().optional(),
    kind: z.string().optional(),
    name: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
  }),
  justification: z.string(),
  approver: z.string(),
  expires: z.iso.date(),
});

export const evaluationJsonSchema = z.strictObject({
  schemaVersion: z.literal(EVALUATION_SCHEMA_VERSION),
  checks: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      severity: z.enum(SEVERITIES),
      origin: z.enum(['built-in', 'custom']),
      references: referencesJson,
    }),
  ),
  findings: z.array(
    z.strictObject({
      check: z.string(),
      resource: resourceJson,
      status: z.enum(FINDING_STATUSES),
      message: z.string(),
      evidence: z.array(z.strictObject({ path: z.string(), observed: z.json(), expected: z.string().optional() })),
      /** Pods folded into a controller's finding, and other objects the verdict rests on. */
      related: z.array(resourceJson).optional(),
      /** Present when status is `waived`: the waiver that accepted this failure. */
      waiver: z.strictObject({ id: z.string(), justification: z.string(), approver: z.string(), expires: z.iso.date() }).optional(),
    }),
  ),
  gaps: z.array(gapSchema),
  waivers: z.strictObject({
    /** Every unexpired waiver with the number of failures it waived (0: it matches nothing any more). */
    applied: z.array(waiverJson.extend({ findings: z.number().int().nonnegative() })),
    /** Waivers past their expiry date: they were not applied. */
    expired: z.array(waiverJson),
  }),
});

export type EvaluationJson = z.output<typeof evaluationJsonSchema>;

export interface EvaluationParts {
  readonly checks: readonly CheckMetadata[];
  readonly findings: readonly Finding[];
  readonly gaps: readonly Gap[];
  readonly waivers: WaiverOutcome;
}

/** Builds the contract from the stage outputs. Pure; keys are written in a fixed order so output is byte-stable. */
export function toEvaluationJson(parts: EvaluationParts): EvaluationJson {
  return {
    schemaVersion: EVALUATION_SCHEMA_VERSION,
    checks: parts.checks.map((check) => ({
      id: check.id,
      title: check.title,
      severity: check.severity,
      origin: check.origin,
      references: copyReferences(check),
    })),
    findings: parts.findings.map(findingJsonOf),
    gaps: parts.gaps.map((gap) => ({ ...gap })),
    waivers: {
      applied: parts.waivers.applied.map(({ waiver, findings }) => ({ ...waiverJsonOf(waiver), findings })),
      expired: parts.waivers.expired.map(waiverJsonOf),
    },
  };
}

/** One finding as the contract writes it. */
export function findingJsonOf(finding: Finding): EvaluationJson['findings'][number] {
  const related = finding.related ?? [];
  return {
    check: finding.check,
    resource: resourceJsonOf(finding.resource),
    status: finding.status,
    message: finding.message,
    evidence: finding.evidence.map((evidence) => ({ ...evidence })),
    ...(related.length === 0 ? {} : { related: related.map(resourceJsonOf) }),
    ...(finding.waiver === undefined ? {} : { waiver: { ...finding.waiver } }),
  };
}

function resourceJsonOf(ref: ResourceRef): z.output<typeof resourceJson> {
  return { apiVersion: ref.apiVersion, kind: ref.kind, namespace: ref.namespace ?? null, name: ref.name };
}

function copyReferences(check: CheckMetadata): z.output<typeof referencesJson> {
  const { cis, nsa, pss, other } = check.references;
  return {
    ...(cis === undefined ? {} : { cis: [...cis] }),
    ...(nsa === undefined ? {} : { nsa: [...nsa] }),
    ...(pss === undefined ? {} : { pss: { level: pss.level, control: pss.control } }),
    ...(other === undefined ? {} : { other: [...other] }),
  };
}

function waiverJsonOf(waiver: Waiver): z.output<typeof waiverJson> {
  const { namespace, kind, name, labels } = waiver.selector;
  return {
    id: waiver.id,
    check: waiver.check,
    selector: {
      ...(namespace === undefined ? {} : { namespace }),
      ...(kind === undefined ? {} : { kind }),
      ...(name === undefined ? {} : { name }),
      ...(labels === undefined ? {} : { labels: { ...labels } }),
    },
    justification: waiver.justification,
    approver: waiver.approver,
    expires: waiver.expires,
  };
}
