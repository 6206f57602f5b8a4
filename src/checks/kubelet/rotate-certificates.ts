import { defineKubeletCheck, kubeletBoolean } from './_shared.js';

export default defineKubeletCheck({
  id: 'kubelet.rotate-certificates',
  title: 'Kubelets rotate their client certificates',
  severity: 'medium',
  rationale:
    'With rotateCertificates the kubelet renews its client certificate before it expires; without it the ' +
    'certificate is long-lived or the node drops out when it expires.',
  remediation: 'Set rotateCertificates: true in the kubelet configuration file and restart the kubelet.',
  references: { cis: ['4.2.10'], nsa: ['Authentication and authorization'] },
  // omitempty bool: configz drops it when false, and configz shows the effective value, so absence is false.
  // (CIS's "not set to false" reads the config file, where absence would also mean false in v1beta1.)
  rule: kubeletBoolean({ path: 'rotateCertificates', want: true, absentMeans: false }),
});
