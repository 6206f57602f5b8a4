import { at, defineCheck } from '../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../workload-subjects.js';
import { containerLabel, observed, verdictOf, violated, type Observation } from '../pss/_shared.js';
import { containerImagesOf, hasMutableDefaultTag, isPinnedByDigest, type ContainerImage } from './_shared.js';

/**
 * The pull policy a container runs with: its own, else the API default, which is Always for an image without a tag or
 * tagged latest and IfNotPresent for any other tag.
 */
function effectivePullPolicyOf({ entry, image }: ContainerImage): string {
  const policy = entry.container['imagePullPolicy'];
  if (typeof policy === 'string' && policy !== '') return policy;
  return hasMutableDefaultTag(image) && image.digest === undefined ? 'Always' : 'IfNotPresent';
}

function observationsOf(workload: WorkloadSubject): Observation[] {
  return containerImagesOf(workload, 'pinned by digest, or imagePullPolicy Always').map((container) => {
    const { entry, image, evidence } = container;
    if (isPinnedByDigest(image)) return observed(evidence);
    const policy = effectivePullPolicyOf(container);
    const explicit = entry.container['imagePullPolicy'];
    const policyEvidence = at(`${entry.path}.imagePullPolicy`, explicit, 'Always (or an image pinned by digest)');
    if (policy === 'Always') return observed(policyEvidence);
    const how = explicit === undefined ? `defaults to ${policy}` : `is ${policy}`;
    return violated(policyEvidence, `${containerLabel(entry)} pulls mutable image '${image.raw}' and its imagePullPolicy ${how}`);
  });
}

export default defineCheck({
  id: 'images.pull-policy-always',
  title: 'Images referenced by a mutable tag are always pulled',
  severity: 'low',
  rationale:
    'With IfNotPresent, a node reuses whatever image it cached under the tag: pods on different nodes can run different ' +
    'content, and an image cached by one tenant can be started by another without the registry checking its pull ' +
    'credentials. imagePullPolicy Always makes the kubelet resolve the tag against the registry (and enforce pull ' +
    'authorisation) every time. Images pinned by digest are immutable and pass under any policy; the check applies the ' +
    'API default (Always only for untagged or :latest images) when the field is unset.',
  remediation: 'Set imagePullPolicy: Always on containers whose image is referenced by tag, or pin the image by digest; consider the AlwaysPullImages admission plugin on multi-tenant clusters.',
  reads: WORKLOAD_KINDS,
  references: {
    nsa: ['Kubernetes Pod security: Building secure container images'],
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) =>
      verdictOf(workload, observationsOf(workload), { pass: 'always pulls images referenced by a mutable tag', fail: 'may run stale cached images' }),
    ),
});
