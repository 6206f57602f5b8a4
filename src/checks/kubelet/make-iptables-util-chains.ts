import { defineKubeletCheck, kubeletBoolean } from './_shared.js';

export default defineKubeletCheck({
  id: 'kubelet.make-iptables-util-chains',
  title: 'Kubelets manage their iptables utility chains',
  severity: 'low',
  rationale: 'When the kubelet maintains its iptables chains (the default), the node\'s networking rules stay consistent with pod requirements instead of drifting with manual edits.',
  remediation: 'Set makeIPTablesUtilChains: true in the kubelet configuration file (or remove --make-iptables-util-chains=false) and restart the kubelet.',
  references: { cis: ['4.2.6'], nsa: ['Network separation and hardening'] },
  linuxOnly: true,
  // A pointer field: always present in configz.
  rule: kubeletBoolean({ path: 'makeIPTablesUtilChains', want: true }),
});
