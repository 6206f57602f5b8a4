import { defineCheck } from '../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../workload-subjects.js';
import { containerLabel, observed, verdictOf, violated, type Observation } from '../pss/_shared.js';
import { containerImagesOf, hasMutableDefaultTag, isPinnedByDigest } from './_shared.js';

function observationsOf(workload: WorkloadSubject): Observation[] {
  return containerImagesOf(workload, 'a version tag or a digest').map(({ entry, image, evidence }) => {
    if (isPinnedByDigest(image) || !hasMutableDefaultTag(image)) return observed(evidence);
    const problem = image.tag === undefined ? 'has no tag (the runtime pulls latest)' : 'uses the latest tag';
    return violated(evidence, `${containerLabel(entry)} image '${image.raw}' ${problem}`);
  });
}

export default defineCheck({
  id: 'images.latest-tag',
  title: 'Images are not referenced by the latest tag or without a tag',
  severity: 'medium',
  rationale:
    'An image referenced as :latest (or without a tag, which means latest) changes whenever someone pushes: two replicas can ' +
    'run different code, a rollback does not roll back, and what ran on the audit date cannot be reconstructed. A version ' +
    'tag or, better, a digest makes the deployed software identifiable. An image pinned by digest passes whatever its tag.',
  remediation: 'Reference every image by an explicit version tag (nginx:1.27.2) or by digest (nginx@sha256:...), in containers, init containers and ephemeral containers.',
  reads: WORKLOAD_KINDS,
  references: {
    nsa: ['Kubernetes Pod security: Building secure container images'],
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) =>
      verdictOf(workload, observationsOf(workload), { pass: 'references every image by a version tag or digest', fail: 'references mutable images' }),
    ),
});
