import { defineCheck } from '../define-check.js';
import { KINDS } from '../snapshot-index.js';
import { RELEASE_TABLE_LAST_UPDATED } from './_release-table.js';
import { versionFinding, versionSubjectsOf } from './_subjects.js';

export default defineCheck({
  id: 'versions.kubernetes-support-ending',
  title: 'No Kubernetes component is within the warning period before its end of support',
  severity: 'low',
  rationale:
    'Upgrading a cluster takes planning; a version whose end of life falls within the warning period (the input ' +
    'versionSupport.warnDays, default 60) needs an upgrade scheduled now so that the next audit period does not find it ' +
    `unsupported. Judged on the collection date against the upstream support table (last updated ${RELEASE_TABLE_LAST_UPDATED}); ` +
    'a version already past its end of life fails here too (and in versions.kubernetes-supported).',
  remediation: 'Schedule the upgrade to the next supported minor version before the end-of-life date.',
  reads: [KINDS.node],
  references: { other: ['https://kubernetes.io/releases/'] },
  evaluate: ({ snapshot, index, inputs }) =>
    versionSubjectsOf(snapshot, index).map((subject) =>
      versionFinding(subject, snapshot.collectedAt, (status) => {
        const warnDays = inputs.versionSupport.warnDays;
        if (status.kind !== 'supported') return { status: 'fail', clause: 'support has already ended', expected: `more than ${warnDays} days of support left` };
        if (status.daysLeft <= warnDays) return { status: 'fail', clause: `support ends on ${status.release.endOfLife}, ${status.daysLeft} days after collection (warning period ${warnDays} days)`, expected: `more than ${warnDays} days of support left` };
        return { status: 'pass', clause: `${status.daysLeft} days of support left (until ${status.release.endOfLife})`, expected: `more than ${warnDays} days of support left` };
      }),
    ),
});
