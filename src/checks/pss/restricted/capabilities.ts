import { workloadPolicyVersion } from '../_version.js';
import { at, defineCheck } from '../../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../../workload-subjects.js';
import { containersOf, isObject } from '../../containers.js';
import { containerLabel, listAt, observed, shown, verdictOf, violated, windowsExemptionOf, type Observation } from '../_shared.js';
import type { JsonObject } from '../../../domain/json.js';
import type { ContainerEntry } from '../../containers.js';

function dropObservation(entry: ContainerEntry, capabilities: JsonObject): Observation {
  const evidence = at(`${entry.path}.securityContext.capabilities.drop`, capabilities['drop'], "a list that includes 'ALL'");
  return listAt(capabilities, 'drop').includes('ALL') ? observed(evidence) : violated(evidence, `${containerLabel(entry)} does not drop ALL capabilities`);
}

function addObservations(entry: ContainerEntry, capabilities: JsonObject): Observation[] {
  return listAt(capabilities, 'add').map((capability, index) => {
    const evidence = at(`${entry.path}.securityContext.capabilities.add[${index}]`, capability, "'NET_BIND_SERVICE' or nothing");
    return capability === 'NET_BIND_SERVICE' ? observed(evidence) : violated(evidence, `${containerLabel(entry)} adds ${shown(capability)}`);
  });
}

function observationsOf(workload: WorkloadSubject): Observation[] {
  return containersOf(workload).flatMap((entry) => {
    const declared = entry.securityContext['capabilities'];
    const capabilities = isObject(declared) ? declared : {};
    return [dropObservation(entry, capabilities), ...addObservations(entry, capabilities)];
  });
}

export default defineCheck({
  id: 'pss.restricted.capabilities',
  title: 'Containers drop ALL capabilities and add back at most NET_BIND_SERVICE',
  severity: 'medium',
  rationale:
    'Even the runtime default capabilities (NET_RAW, CHOWN, SETUID, DAC_OVERRIDE...) widen what a compromised process can do. ' +
    'The restricted Pod Security Standard (v1.22+) requires every container, init container and ephemeral container to list ' +
    "'ALL' in securityContext.capabilities.drop and to add back nothing but NET_BIND_SERVICE. Windows pods (spec.os.name: " +
    'windows) are exempt.',
  remediation: "Set securityContext.capabilities.drop: ['ALL'] in every container and remove every added capability except NET_BIND_SERVICE.",
  reads: WORKLOAD_KINDS,
  references: {
    cis: ['5.2.8', '5.2.9', '5.2.10'],
    nsa: ['Kubernetes Pod security'],
    pss: { level: 'restricted', control: 'Capabilities' },
  },
  evaluate: ({ index, inputs }) =>
    index.workloads.map(
      (workload) =>
        windowsExemptionOf(workload, 'Capabilities', workloadPolicyVersion(index, inputs, workload)) ??
        verdictOf(workload, observationsOf(workload), {
          pass: 'drops ALL capabilities in every container and adds back at most NET_BIND_SERVICE',
          fail: 'keeps capabilities the restricted standard removes',
        }),
    ),
});
