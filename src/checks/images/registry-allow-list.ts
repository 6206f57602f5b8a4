import { defineCheck, type FindingDraft } from '../define-check.js';
import { clusterRef } from '../engine.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../workload-subjects.js';
import { containerLabel, observed, verdictOf, violated, type Observation } from '../pss/_shared.js';
import { containerImagesOf, type ImageReference } from './_shared.js';

/** `ghcr.io/acme/` and `ghcr.io/acme/*` mean the same allow-list entry as `ghcr.io/acme`. */
function normalisedEntry(entry: string): string {
  return entry.trim().replace(/\/\*?$/, '').replace(/^index\.docker\.io(?=\/|$)/, 'docker.io');
}

/**
 * An entry allows an image when it names the image's registry host, or a path prefix of `registry/repository` that ends
 * at a path boundary (`ghcr.io/acme` allows `ghcr.io/acme/api`, not `ghcr.io/acme-evil/api`).
 */
export function isAllowedBy(entries: readonly string[], image: ImageReference): boolean {
  const full = `${image.registry}/${image.repository}`;
  return entries.map(normalisedEntry).some((entry) => entry !== '' && (entry === image.registry || full === entry || full.startsWith(`${entry}/`)));
}

function observationsOf(workload: WorkloadSubject, allowed: readonly string[]): Observation[] {
  return containerImagesOf(workload, `from ${allowed.join(', ')}`).map(({ entry, image, evidence }) =>
    isAllowedBy(allowed, image) ? observed(evidence) : violated(evidence, `${containerLabel(entry)} pulls '${image.raw}' from ${image.registry}/${image.repository}`),
  );
}

export default defineCheck({
  id: 'images.registry-allow-list',
  title: 'Images come only from allowed registries',
  severity: 'high',
  rationale:
    'Images from arbitrary registries bypass the scanning, signing and provenance controls an organisation applies to its ' +
    'own registry or mirror; an allow-list makes sure every running image came through them. The allowed registries (host, ' +
    'or host/path prefix) are the input allowedRegistries; when it is empty no allow-list is configured and the check is ' +
    'not applicable. Images without a registry are Docker Hub images (docker.io/library/... for bare names).',
  remediation: 'Mirror the image into an allowed registry and reference it there, or add its registry to inputs.allowedRegistries after review; enforce the same list at admission (Kyverno, Gatekeeper or ValidatingAdmissionPolicy).',
  reads: WORKLOAD_KINDS,
  references: {
    nsa: ['Kubernetes Pod security: Building secure container images'],
    other: ['NIST SP 800-190 4.1.4: Use of untrusted images'],
  },
  evaluate: ({ snapshot, index, inputs }): FindingDraft[] => {
    if (inputs.allowedRegistries.length === 0) {
      return [
        {
          resource: clusterRef(snapshot),
          status: 'not-applicable',
          message: 'No registry allow-list is configured (inputs.allowedRegistries is empty), so image registries were not checked.',
          evidence: [{ path: 'inputs.allowedRegistries', observed: [] }],
        },
      ];
    }
    return index.workloads.map((workload) =>
      verdictOf(workload, observationsOf(workload, inputs.allowedRegistries), { pass: 'pulls every image from an allowed registry', fail: 'pulls images from registries outside the allow-list' }),
    );
  },
});
