import { defineCheck } from '../define-check.js';
import { KINDS } from '../snapshot-index.js';
import { RELEASE_TABLE_LAST_UPDATED, RELEASE_TABLE_SOURCE } from './_release-table.js';
import { versionFinding, versionSubjectsOf } from './_subjects.js';

export default defineCheck({
  id: 'versions.kubernetes-supported',
  title: 'The control plane and every kubelet run a Kubernetes version that still receives security patches',
  severity: 'high',
  rationale:
    'After its end of life a Kubernetes minor version gets no security fixes: every vulnerability found later stays open ' +
    '(PCI DSS 6.3.3 and 12.3.4, NIST SI-2 and SA-22). The API server version and each node\'s kubelet version are compared ' +
    `with the upstream support table (${RELEASE_TABLE_SOURCE}; last updated ${RELEASE_TABLE_LAST_UPDATED}) on the ` +
    'collection date. A version newer than the table is unknown, not assumed supported. Managed offerings (EKS, GKE, AKS) ' +
    'may support a version longer than upstream: attach the provider\'s support statement as manual evidence and waive.',
  remediation: 'Upgrade the control plane, then the nodes, one minor version at a time to a supported release.',
  reads: [KINDS.node],
  references: { other: ['https://kubernetes.io/releases/', 'https://kubernetes.io/releases/version-skew-policy/'] },
  evaluate: ({ snapshot, index }) =>
    versionSubjectsOf(snapshot, index).map((subject) =>
      versionFinding(subject, snapshot.collectedAt, (status) => {
        if (status.kind === 'older-than-table') return { status: 'fail', clause: `minor version ${status.minor} reached its end of life before every release in the support table`, expected: 'a supported minor version' };
        if (status.kind === 'end-of-life') return { status: 'fail', clause: `${status.release.minor} reached its end of life on ${status.release.endOfLife}, ${status.daysPast} days before collection`, expected: `a supported minor version (${status.release.minor} ended ${status.release.endOfLife})` };
        return { status: 'pass', clause: `${status.release.minor} is supported until ${status.release.endOfLife} (${status.daysLeft} days after collection)`, expected: `supported on the collection date (until ${status.release.endOfLife})` };
      }),
    ),
});
