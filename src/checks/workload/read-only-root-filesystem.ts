import { at, defineCheck, type FindingDraft } from '../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../workload-subjects.js';
import { containersOf } from '../containers.js';
import { containerLabel, isWindowsPod, observed, shown, verdictOf, violated, type Observation } from '../pss/_shared.js';

function observationsOf(workload: WorkloadSubject): Observation[] {
  return containersOf(workload).map((entry) => {
    const value = entry.securityContext['readOnlyRootFilesystem'];
    const evidence = at(`${entry.path}.securityContext.readOnlyRootFilesystem`, value, 'true');
    if (value === true) return observed(evidence);
    return violated(evidence, value === undefined ? `${containerLabel(entry)} leaves readOnlyRootFilesystem unset` : `${containerLabel(entry)} sets readOnlyRootFilesystem to ${shown(value)}`);
  });
}

/** The API rejects readOnlyRootFilesystem on Windows pods, so they cannot comply and are not judged. */
function windowsNotApplicable(workload: WorkloadSubject): FindingDraft | undefined {
  if (!isWindowsPod(workload)) return undefined;
  return {
    resource: workload.ref,
    status: 'not-applicable',
    message: `${workload.description} is a Windows pod, where securityContext.readOnlyRootFilesystem cannot be set.`,
    evidence: [at(`${workload.specPath}.os.name`, 'windows')],
    related: workload.pods,
  };
}

export default defineCheck({
  id: 'workload.read-only-root-filesystem',
  title: 'Containers run with a read-only root filesystem',
  severity: 'medium',
  rationale:
    "A writable root filesystem lets an intruder drop tools, modify binaries or persist changes in the container's image " +
    'layer. With readOnlyRootFilesystem: true, writes go only to volumes the pod declares (emptyDir for scratch space), which ' +
    'makes tampering visible and limited. Every container, init container and ephemeral container must set it to true.',
  remediation: 'Set securityContext.readOnlyRootFilesystem: true on every container and mount an emptyDir at the paths the application writes to (/tmp, caches).',
  reads: WORKLOAD_KINDS,
  references: {
    nsa: ['Kubernetes Pod security: Immutable container file systems'],
  },
  evaluate: ({ index }) =>
    index.workloads.map(
      (workload) =>
        windowsNotApplicable(workload) ??
        verdictOf(workload, observationsOf(workload), { pass: 'runs every container with a read-only root filesystem', fail: 'runs containers with a writable root filesystem' }),
    ),
});
