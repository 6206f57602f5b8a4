import { z } from 'zod';
import { GAP_REASONS } from '../domain/snapshot.js';

/**
 * The shape of a snapshot file as `kubevidence collect --out` writes it. Objects are checked only as far as
 * kubevidence relies on them (apiVersion, kind, metadata.name); everything else is kept verbatim.
 */
const kubeObjectSchema = z.looseObject({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  metadata: z.looseObject({ name: z.string().min(1), namespace: z.string().optional() }),
});

/** A recorded gap: the same shape in snapshot files and in the evaluate JSON contract. */
export const gapSchema = z.strictObject({
  kind: z.string(),
  namespace: z.string().optional(),
  node: z.string().optional(),
  reason: z.enum(GAP_REASONS),
  httpStatus: z.number().int().optional(),
  detail: z.string(),
});

export const snapshotFileSchema = z.object({
  schemaVersion: z.literal(1),
  cluster: z.object({ uid: z.string().nullable(), name: z.string(), server: z.string().nullable(), version: z.string().nullable() }),
  collectedAt: z.string().nullable(),
  collector: z.object({
    username: z.string(),
    groups: z.array(z.string()),
    source: z.enum(['SelfSubjectReview', 'kubeconfig', 'file', 'unknown']),
  }),
  source: z.discriminatedUnion('type', [
    z.object({ type: z.literal('cluster'), context: z.string().nullable() }),
    z.object({ type: z.literal('file'), path: z.string() }),
  ]),
  collectedKinds: z.array(z.string()),
  resources: z.array(kubeObjectSchema),
  nodeConfigs: z.array(z.object({ node: z.string(), kubeletConfig: z.record(z.string(), z.json()) })),
  gaps: z.array(gapSchema),
});

/** A snapshot file is recognised by these two keys; anything else is read as manifests. */
export function looksLikeSnapshotFile(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'schemaVersion' in value && 'collectedKinds' in value;
}
