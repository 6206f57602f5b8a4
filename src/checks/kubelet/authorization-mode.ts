import { defineKubeletCheck, kubeletVerdict, shownSetting } from './_shared.js';

export default defineKubeletCheck({
  id: 'kubelet.authorization-mode',
  title: 'Kubelets authorise requests through the API server',
  severity: 'critical',
  rationale:
    'In AlwaysAllow mode (the legacy flag default) the kubelet serves every authenticated request, exec and ' +
    'port-forward included, without asking the API server; Webhook mode applies RBAC to the kubelet API.',
  remediation: 'Set authorization.mode: Webhook in the kubelet configuration file (or --authorization-mode=Webhook) and restart the kubelet.',
  references: { cis: ['4.2.2'], nsa: ['Authentication and authorization'] },
  // configz always reports the mode (AlwaysAllow or Webhook); CIS fails only AlwaysAllow.
  rule: (config) => {
    const path = 'authorization.mode';
    const mode = config.value(path);
    const evidence = [config.evidence(path, 'Webhook (not AlwaysAllow)')];
    if (typeof mode !== 'string' || mode.length === 0) return kubeletVerdict('unknown', `reports no ${path}`, evidence);
    const allowsAll = mode.split(',').some((item) => item.trim() === 'AlwaysAllow');
    return kubeletVerdict(allowsAll ? 'fail' : 'pass', `has ${shownSetting(path, mode)}`, evidence);
  },
});
