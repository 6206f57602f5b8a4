import type { Evidence } from '../../domain/finding.js';
import { containersOf, isObject, type ContainerEntry } from '../containers.js';
import { at, defineCheck } from '../define-check.js';
import { WORKLOAD_KINDS } from '../workload-subjects.js';
import { examinedFieldsEvidence } from '../pss/_shared.js';

/** What a pass read: no secret reference in env or envFrom of any container. */
const EXAMINED: readonly string[] = ['container:env[*].valueFrom.secretKeyRef', 'container:envFrom[*].secretRef'];

export default defineCheck({
  id: 'secrets.env-secret-refs',
  title: 'Secrets reach containers as mounted files, not environment variables',
  severity: 'low',
  rationale:
    'Environment variables are copied into child processes, printed by crash handlers and debug endpoints, and shown ' +
    'by `kubectl describe`-style tooling and logs; a Secret mounted as a file stays in one place with file permissions ' +
    'and is updated in place when the Secret changes.',
  remediation: 'Replace env[].valueFrom.secretKeyRef and envFrom[].secretRef with a secret volume mounted read-only, and read the value from the file.',
  reads: WORKLOAD_KINDS,
  references: { cis: ['5.4.1'], nsa: ['Network separation and hardening: Secrets'] },
  evaluate: ({ index }) =>
    index.workloads.map((workload) => {
      const evidence = containersOf(workload).flatMap(secretReferencesIn);
      return evidence.length === 0
        ? { resource: workload.ref, status: 'pass' as const, message: `${workload.description} passes no Secret through environment variables.`, evidence: examinedFieldsEvidence(workload, EXAMINED), related: workload.pods }
        : {
            resource: workload.ref,
            status: 'fail' as const,
            message: `${workload.description} passes Secrets through environment variables (${evidence.length} reference${evidence.length === 1 ? '' : 's'}).`,
            evidence,
            related: workload.pods,
          };
    }),
});

/** Evidence names the Secret and key referenced, never a value (the snapshot holds none). */
function secretReferencesIn({ container, path }: ContainerEntry): Evidence[] {
  const env = Array.isArray(container['env']) ? container['env'] : [];
  const envFrom = Array.isArray(container['envFrom']) ? container['envFrom'] : [];
  const single = env.flatMap((entry, index) => {
    const reference = isObject(entry) && isObject(entry['valueFrom']) ? entry['valueFrom']['secretKeyRef'] : undefined;
    return isObject(reference) ? [at(`${path}.env[${index}].valueFrom.secretKeyRef`, { name: reference['name'] ?? null, key: reference['key'] ?? null }, 'a secret volume mount')] : [];
  });
  const whole = envFrom.flatMap((entry, index) => {
    const reference = isObject(entry) ? entry['secretRef'] : undefined;
    return isObject(reference) ? [at(`${path}.envFrom[${index}].secretRef`, { name: reference['name'] ?? null }, 'a secret volume mount')] : [];
  });
  return [...single, ...whole];
}
