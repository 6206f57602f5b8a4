import { defineCheck, at } from '../../define-check.js';
import { containersOf } from '../../containers.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import type { Evidence } from '../../../domain/finding.js';
import { examinedFieldsEvidence } from '../_shared.js';

const EXAMINED: readonly string[] = ['container:securityContext.privileged'];

/** The privileged field of every container that sets it (false), else the shared "unset in all N containers" line. */
function examinedPrivileged(workload: WorkloadSubject): readonly Evidence[] {
  const set = containersOf(workload).filter(({ securityContext }) => securityContext['privileged'] !== undefined && securityContext['privileged'] !== null);
  if (set.length === 0) return examinedFieldsEvidence(workload, EXAMINED);
  return set.map(({ path, securityContext }) => at(`${path}.securityContext.privileged`, securityContext['privileged'] ?? null, 'false or unset'));
}

export default defineCheck({
  id: 'pss.baseline.privileged-containers',
  title: 'Containers do not run privileged',
  severity: 'critical',
  rationale:
    'A privileged container has nearly all the capabilities of processes on the host and can disable most ' +
    'isolation mechanisms; compromising it means compromising the node.',
  remediation: 'Remove securityContext.privileged or set it to false on every container, init container and ephemeral container.',
  reads: WORKLOAD_KINDS,
  references: {
    cis: ['5.2.2'],
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'baseline', control: 'Privileged Containers' },
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) => {
      const privileged = containersOf(workload).filter(({ container }) => {
        const context = container['securityContext'];
        return context !== null && typeof context === 'object' && !Array.isArray(context) && context['privileged'] === true;
      });
      const evidence = privileged.map(({ path }) => at(`${path}.securityContext.privileged`, true, 'false or unset'));
      return privileged.length === 0
        ? { resource: workload.ref, status: 'pass' as const, message: `${workload.description} runs no privileged container.`, evidence: examinedPrivileged(workload), related: workload.pods }
        : {
            resource: workload.ref,
            status: 'fail' as const,
            message: `${workload.description} runs privileged container(s): ${privileged.map(({ name }) => `'${name}'`).join(', ')}.`,
            evidence,
            related: workload.pods,
          };
    }),
});
