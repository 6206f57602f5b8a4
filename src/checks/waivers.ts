import { basename } from 'node:path';
import { z } from 'zod';
import type { AppliedWaiver, Finding } from '../domain/finding.js';
import { kindKeyOf, type ResourceRef } from '../domain/snapshot.js';
import type { Waiver, WaiverOutcome } from '../domain/waiver.js';
import { errorAt, lineOf, readYamlFile, singleDocument, validateDocument } from '../yaml-input.js';
import { checkIdSchema, nonBlank, toJsonSchemaText } from './check-metadata-schema.js';
import type { SnapshotIndex } from './snapshot-index.js';

const CODE = 'waivers.invalid';

const selectorSchema = z
  .strictObject(
    {
      namespace: nonBlank().optional(),
      kind: nonBlank().optional().meta({ description: 'Kind (`Deployment`) or kind key (`Deployment.apps`) of the subject.' }),
      name: nonBlank().optional().meta({ description: 'Exact name, or a glob where `*` matches any run of characters.' }),
      labels: z
        .record(z.string(), z.string({ error: 'label values must be strings (quote them)' }), { error: 'must be a map of label names to values' })
        .optional()
        .meta({ description: 'Labels the subject object must all carry, with these values.' }),
    },
    { error: (issue) => (issue.input === undefined ? 'required (use {} to match every subject of the check)' : undefined) },
  )
  .meta({ description: 'Which subjects of the check the waiver covers; every field given must match. {} matches all.' });

const waiverEntrySchema = z.strictObject({
  check: checkIdSchema,
  selector: selectorSchema,
  justification: nonBlank(),
  approver: nonBlank(),
  expires: calendarDate().meta({ description: 'Last day (UTC) the waiver applies.' }),
  approvedOn: calendarDate().meta({ description: 'Day the approver approved the waiver (YYYY-MM-DD). Required: an auditor asks when the risk was accepted.' }),
  reference: nonBlank().optional().meta({ description: 'Ticket, change or risk-register reference (e.g. SEC-1234).' }),
  riskRating: z.enum(['low', 'medium', 'high', 'critical']).optional().meta({ description: 'The organisation\'s rating of the accepted risk.' }),
  compensatingControl: nonBlank().optional().meta({ description: 'What reduces the risk while the waiver applies.' }),
});

/** A YAML calendar date: quoted or not (YAML may load an unquoted date as a Date), always `YYYY-MM-DD`. */
function calendarDate(): z.ZodISODate {
  return z.iso.date({ error: (issue) => (issue.input === undefined ? 'required' : `must be a calendar date YYYY-MM-DD (got '${String(issue.input)}')`) });
}

/** The waivers file. The source of controls/schema/waivers.schema.json. */
export const waiverFileSchema = z
  .strictObject({
    waivers: z.array(waiverEntrySchema, { error: (issue) => (issue.input === undefined ? 'required' : 'must be a list') }),
  })
  .meta({
    title: 'kubevidence waivers',
    description: 'Accepted risks: a matching, unexpired waiver turns a failing finding into `waived`. Unknown findings are never waived.',
  });

/**
 * Reads a waivers file. Each waiver is named `<file>:<line>` after its entry. When `knownChecks` is given, a waiver
 * naming any other check is rejected: a typo would otherwise silently waive nothing.
 */
export function loadWaivers(file: string, knownChecks?: readonly string[]): Waiver[] {
  const parsed = readYamlFile(file, CODE);
  const document = singleDocument(parsed, CODE);
  const { waivers } = validateDocument(parsed, document, waiverFileSchema, CODE);
  const known = knownChecks === undefined ? undefined : new Set(knownChecks);
  return waivers.map((entry, position) => {
    if (known !== undefined && !known.has(entry.check)) {
      throw errorAt(parsed, document, ['waivers', position, 'check'], `unknown check '${entry.check}'`, CODE);
    }
    const line = lineOf(parsed, document, ['waivers', position]);
    // Named after the file, never its absolute local path: the id is printed in packs handed to auditors.
    return { id: `${basename(file)}:${line ?? 1}`, ...entry };
  });
}

/** The labels of the object a finding is about; undefined when that object is not in the snapshot (nodes, the cluster). */
export type LabelsOf = (ref: ResourceRef) => Readonly<Record<string, string>> | undefined;

export interface WaivedFindings {
  readonly findings: Finding[];
  readonly outcome: WaiverOutcome;
}

/**
 * Applies waivers to findings. Pure: `now` is a parameter, and only its UTC date matters. A waiver applies through
 * the end of its `expires` day (UTC); after that it is listed in `outcome.expired` and changes nothing.
 *
 * Only `fail` findings are waivable. An `unknown` is not: missing evidence is not an accepted risk, and waiving it
 * would let a collection gap read as a decision someone took. `pass` and `not-applicable` have nothing to waive.
 * A waived finding keeps its message and evidence, so the report still shows what was accepted.
 *
 * `outcome.applied` lists every unexpired waiver in file order with the number of findings it waived; the first
 * matching waiver takes a finding, and a count of 0 marks a waiver that no longer matches anything.
 */
export function applyWaivers(findings: readonly Finding[], waivers: readonly Waiver[], now: Date, labelsOf: LabelsOf): WaivedFindings {
  const today = now.toISOString().slice(0, 10);
  const active = waivers.filter((waiver) => !hasExpired(waiver, today));
  const counts = new Map<Waiver, number>(active.map((waiver) => [waiver, 0]));
  const result = findings.map((finding) => {
    if (finding.status !== 'fail') return finding;
    const waiver = active.find((candidate) => waiverCovers(candidate, finding, labelsOf));
    if (waiver === undefined) return finding;
    counts.set(waiver, (counts.get(waiver) ?? 0) + 1);
    return { ...finding, status: 'waived' as const, waiver: appliedWaiverOf(waiver) };
  });
  return {
    findings: result,
    outcome: {
      applied: active.map((waiver) => ({ waiver, findings: counts.get(waiver) ?? 0 })),
      expired: waivers.filter((waiver) => hasExpired(waiver, today)),
    },
  };
}

/** Labels of the objects in a snapshot, for label selectors. */
export function labelsInSnapshot(index: SnapshotIndex): LabelsOf {
  return (ref) => {
    const object = index.get(kindKeyOf(ref.apiVersion, ref.kind), ref.namespace, ref.name);
    return object === undefined ? undefined : (object.metadata.labels ?? {});
  };
}

/** ISO dates compare correctly as strings. */
function hasExpired(waiver: Waiver, today: string): boolean {
  return waiver.expires < today;
}

function waiverCovers(waiver: Waiver, finding: Finding, labelsOf: LabelsOf): boolean {
  const { namespace, kind, name, labels } = waiver.selector;
  const ref = finding.resource;
  if (waiver.check !== finding.check) return false;
  if (namespace !== undefined && ref.namespace !== namespace) return false;
  if (kind !== undefined && kind !== ref.kind && kind !== kindKeyOf(ref.apiVersion, ref.kind)) return false;
  if (name !== undefined && !globMatches(name, ref.name)) return false;
  return labels === undefined || hasLabels(labelsOf(ref), labels);
}

/** A subject whose object is unknown carries no labels, so a label selector cannot vouch for it. */
function hasLabels(actual: Readonly<Record<string, string>> | undefined, wanted: Readonly<Record<string, string>>): boolean {
  if (actual === undefined) return false;
  return Object.entries(wanted).every(([key, value]) => actual[key] === value);
}

function globMatches(pattern: string, value: string): boolean {
  const source = pattern.split('*').map(escapeRegExp).join('.*');
  return new RegExp(`^${source}$`).test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function appliedWaiverOf(waiver: Waiver): AppliedWaiver {
  return { id: waiver.id, justification: waiver.justification, approver: waiver.approver, expires: waiver.expires };
}

/** The exact text of controls/schema/waivers.schema.json. */
export function waiversJsonSchemaText(): string {
  return toJsonSchemaText(waiverFileSchema);
}
