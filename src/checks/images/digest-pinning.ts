import { defineCheck } from '../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../workload-subjects.js';
import { containerLabel, observed, verdictOf, violated, type Observation } from '../pss/_shared.js';
import { containerImagesOf, digestProblemOf } from './_shared.js';

function observationsOf(workload: WorkloadSubject): Observation[] {
  return containerImagesOf(workload, '<image>@sha256:<64 lower-case hex digits>').map(({ entry, image, evidence }) => {
    if (image.digest === undefined) return violated(evidence, `${containerLabel(entry)} image '${image.raw}' is not pinned by digest`);
    const problem = digestProblemOf(image.digest);
    return problem === undefined ? observed(evidence) : violated(evidence, `${containerLabel(entry)} image '${image.raw}' is not pinned: its digest ${problem}`);
  });
}

export default defineCheck({
  id: 'images.digest-pinning',
  title: 'Images are pinned by digest',
  severity: 'low',
  rationale:
    'Tags are mutable: whoever can push to the repository can change what a tag points to, and every node that pulls ' +
    'afterwards runs the new content. A digest (@sha256:...) names the exact manifest, so the image that was reviewed, ' +
    'scanned and signed is the one that runs, and the evidence of what ran is exact.',
  remediation: 'Reference images as repository@sha256:<digest> (a tag may stay in front of the digest for readability); let your CD tooling resolve tags to digests at release time.',
  reads: WORKLOAD_KINDS,
  references: {
    nsa: ['Kubernetes Pod security: Building secure container images'],
    other: ['NIST SP 800-190 4.1.4: Use of untrusted images'],
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) => verdictOf(workload, observationsOf(workload), { pass: 'pins every image by digest', fail: 'runs images not pinned by digest' })),
});
