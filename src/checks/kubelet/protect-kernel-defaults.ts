import { defineKubeletCheck, kubeletBoolean } from './_shared.js';

export default defineKubeletCheck({
  id: 'kubelet.protect-kernel-defaults',
  title: 'Kubelets refuse to override tuned kernel settings',
  severity: 'low',
  rationale:
    'With protectKernelDefaults the kubelet fails instead of silently changing kernel parameters that the node ' +
    'was hardened with. CIS v1.6-v1.8 listed this as 4.2.6; v1.9 and v1.10 dropped it, so it carries no CIS ' +
    'v1.10 number (it remains in the DISA Kubernetes STIG).',
  remediation: 'Set protectKernelDefaults: true in the kubelet configuration file (after tuning the kernel parameters the kubelet expects) and restart the kubelet.',
  references: { other: ['CIS Kubernetes Benchmark v1.8.0 4.2.6', 'DISA Kubernetes STIG V-242434'] },
  linuxOnly: true,
  // omitempty bool: absent in configz means false.
  rule: kubeletBoolean({ path: 'protectKernelDefaults', want: true, absentMeans: false }),
});
