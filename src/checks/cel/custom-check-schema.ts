import { z } from 'zod';
import { authoredMetadataShape, checkReferencesSchema, nonBlank, toJsonSchemaText } from '../check-metadata-schema.js';

/** Custom ids live in their own namespace, so they can never shadow a built-in check. */
export const CUSTOM_CHECK_ID_PATTERN = /^custom(\.[a-z0-9-]+)+$/;

/** `Pod`, `Deployment.apps`, `NetworkPolicy.networking.k8s.io` (kubectl's form, as in Snapshot.collectedKinds). */
const kindKeySchema = z
  .string({ error: 'must be a string' })
  .regex(/^[A-Z][A-Za-z0-9]*(\.[a-z0-9-]+)*$/, { error: (issue) => `must be a kind key like 'Pod' or 'Deployment.apps' (got '${String(issue.input)}')` });

const validationSchema = z.strictObject({
  expression: nonBlank().meta({ description: 'CEL expression that is true when the subject complies.' }),
  message: nonBlank().meta({ description: 'Why the subject fails when the expression is false; reported after the subject name.' }),
});

/** One custom check document. The source of controls/schema/custom-check.schema.json. */
export const customCheckSchema = z
  .strictObject({
    apiVersion: z.literal('kubevidence.io/v1', { error: "must be 'kubevidence.io/v1'" }),
    kind: z.literal('Check', { error: "must be 'Check'" }),
    metadata: z.strictObject({
      ...authoredMetadataShape,
      id: authoredMetadataShape.id.regex(CUSTOM_CHECK_ID_PATTERN, {
        error: (issue) => `must start with 'custom.', like 'custom.images.no-latest-tag' (got '${String(issue.input)}')`,
      }),
      references: checkReferencesSchema.optional(),
    }),
    match: z
      .strictObject({
        kinds: z.array(kindKeySchema).min(1, { error: 'must not be empty' }).optional(),
        workloads: z.boolean({ error: 'must be true or false' }).optional(),
      })
      .meta({
        description:
          'kinds: evaluate every object of these kind keys, with `object` and `namespaceObject`. workloads: true: evaluate every ' +
          'workload (Pods and pod templates of controllers; controller-owned pods are folded into their controller), ' +
          'adding `podSpec` and `podMeta`; with kinds, only workloads of those kinds.',
      }),
    matchConditions: z
      .array(
        z.strictObject({
          name: nonBlank(),
          expression: nonBlank().meta({ description: 'CEL expression that is true when the check applies to the subject.' }),
        }),
      )
      .optional()
      .meta({ description: 'As in ValidatingAdmissionPolicy: the check applies only where all are true; elsewhere the finding is not-applicable.' }),
    validations: z
      .array(validationSchema, { error: (issue) => (issue.input === undefined ? 'required' : 'must be a list') })
      .min(1, { error: 'must not be empty' })
      .meta({ description: 'All true: pass. Any false: fail with its message. An evaluation error: unknown.' }),
  })
  .meta({ title: 'kubevidence custom check', description: 'A user-authored check: metadata like the built-in checks, logic in CEL.' });

export type CustomCheckSpec = z.output<typeof customCheckSchema>;

/** The exact text of controls/schema/custom-check.schema.json. */
export function customCheckJsonSchemaText(): string {
  return toJsonSchemaText(customCheckSchema);
}
