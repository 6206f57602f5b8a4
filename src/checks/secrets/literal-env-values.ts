import type { Evidence } from '../../domain/finding.js';
import { isCredentialLiteral } from '../../domain/secret-patterns.js';
import { containersOf, isObject, type ContainerEntry } from '../containers.js';
import { at, defineCheck } from '../define-check.js';
import { WORKLOAD_KINDS } from '../workload-subjects.js';
import { examinedFieldsEvidence } from '../pss/_shared.js';

/** What a pass read: the env values of every container, none credential-looking. */
const EXAMINED: readonly string[] = ['container:env[*].value'];

export default defineCheck({
  id: 'secrets.literal-env-values',
  title: 'Containers hold no credential-looking literal values in their environment',
  severity: 'high',
  rationale:
    'A literal value in env is part of the workload manifest: it is stored unencrypted in etcd, readable by everyone who ' +
    'can read the workload, and usually committed to version control. Credentials belong in Secrets.',
  remediation: 'Move the value into a Secret (or an external secret store) and reference it; rotate the credential, since it has been exposed.',
  reads: WORKLOAD_KINDS,
  references: { nsa: ['Network separation and hardening: Secrets'] },
  evaluate: ({ index }) =>
    index.workloads.map((workload) => {
      const evidence = containersOf(workload).flatMap(credentialLiteralsIn);
      return evidence.length === 0
        ? { resource: workload.ref, status: 'pass' as const, message: `${workload.description} holds no credential-looking literal in its environment.`, evidence: examinedFieldsEvidence(workload, EXAMINED), related: workload.pods }
        : {
            resource: workload.ref,
            status: 'fail' as const,
            message: `${workload.description} sets credential-looking literal values in environment variables ${evidence.map((line) => `'${String(line.observed)}'`).join(', ')}.`,
            evidence,
            related: workload.pods,
          };
    }),
});

/** Evidence names the variable, never its value. */
function credentialLiteralsIn({ container, path }: ContainerEntry): Evidence[] {
  const env = Array.isArray(container['env']) ? container['env'] : [];
  return env.flatMap((entry, index) => {
    if (!isObject(entry) || typeof entry['name'] !== 'string' || typeof entry['value'] !== 'string') return [];
    return isCredentialLiteral(entry['name'], entry['value']) ? [at(`${path}.env[${index}].name`, entry['name'], 'a valueFrom.secretKeyRef instead of a literal value')] : [];
  });
}
