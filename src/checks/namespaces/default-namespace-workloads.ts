import { at, defineCheck } from '../define-check.js';
import { WORKLOAD_KINDS } from '../workload-subjects.js';

export default defineCheck({
  id: 'namespaces.default-namespace-workloads',
  title: 'No workloads run in the default namespace',
  severity: 'low',
  rationale:
    'Namespaces are the unit of isolation for RBAC, network policies, quotas and Pod Security admission. Workloads left in ' +
    "`default` share it with everything else created without a namespace, usually with none of those boundaries set, and " +
    'with the default ServiceAccount. Each application belongs in a namespace of its own.',
  remediation: 'Create a namespace per application or team, move the workload there (kubectl apply -n <namespace>) and delete it from default.',
  reads: WORKLOAD_KINDS,
  references: {
    cis: ['5.7.4'],
    nsa: ['Network separation and hardening: Namespaces'],
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) => {
      const subject = workload.description;
      const evidence = [at('metadata.namespace', workload.object.metadata.namespace, 'a namespace other than default')];
      return workload.namespace === 'default'
        ? { resource: workload.ref, status: 'fail' as const, message: `${subject} runs in the default namespace.`, evidence, related: workload.pods }
        : { resource: workload.ref, status: 'pass' as const, message: `${subject} runs in namespace '${workload.namespace}', not in default.`, evidence, related: workload.pods };
    }),
});
