import { defineCheck } from '../../define-check.js';
import { WORKLOAD_KINDS } from '../../workload-subjects.js';
import { oneOf, securityContextObservations, verdictOf, type SecurityContextRule } from '../_shared.js';

/** The one field this control restricts, declared once rather than per workload. */
const HOST_PROCESS_RULE: SecurityContextRule = {
  field: ['windowsOptions', 'hostProcess'],
  isAllowed: oneOf([false], true),
  expected: 'false or unset',
  levels: ['pod', 'container'],
};

/** The fields this control reads, named in the evidence of a pass that found none set. */
const EXAMINED: readonly string[] = ['pod:securityContext.windowsOptions.hostProcess', 'container:securityContext.windowsOptions.hostProcess'];

export default defineCheck({
  id: 'pss.baseline.host-process',
  title: 'Pods do not run Windows HostProcess containers',
  severity: 'critical',
  rationale:
    'A Windows HostProcess container runs directly on the host with the privileges of a host process, so it can reach ' +
    'the node and everything on it. The baseline Pod Security Standard forbids privileged access to the Windows host: ' +
    'windowsOptions.hostProcess must be unset or false on the pod and on every container, init container and ephemeral container.',
  remediation:
    'Remove securityContext.windowsOptions.hostProcess (or set it to false) at pod level and in every container; run host ' +
    'management agents only in a namespace labelled for the privileged level, and keep that namespace for them alone.',
  reads: WORKLOAD_KINDS,
  references: {
    cis: ['5.2.11'],
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'baseline', control: 'HostProcess' },
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) =>
      verdictOf(
        workload,
        securityContextObservations(workload, HOST_PROCESS_RULE),
        { examined: EXAMINED, pass: 'runs no Windows HostProcess container', fail: 'runs Windows HostProcess containers' },
      ),
    ),
});
