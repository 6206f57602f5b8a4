import { defineKubeletCheck, kubeletVerdict } from './_shared.js';

export default defineKubeletCheck({
  id: 'kubelet.rotate-server-certificates',
  title: 'Kubelets may rotate their serving certificates',
  severity: 'medium',
  rationale:
    'The RotateKubeletServerCertificate feature gate (on by default) lets kubelets request and renew serving ' +
    'certificates from the cluster; CIS fails only a kubelet that switches it off. Rotation also needs ' +
    'serverTLSBootstrap: true, which the message reports.',
  remediation: 'Remove RotateKubeletServerCertificate=false from featureGates (or --feature-gates) and set serverTLSBootstrap: true; restart the kubelet.',
  references: { cis: ['4.2.11'], nsa: ['Network separation and hardening: Encryption'] },
  // featureGates is an omitempty map: absent means no overrides, so the gate keeps its default (on).
  rule: (config) => {
    const path = 'featureGates.RotateKubeletServerCertificate';
    const gate = config.value(path);
    const bootstrap = config.value('serverTLSBootstrap') === true;
    const evidence = [config.evidence(path, 'true or unset'), config.evidence('serverTLSBootstrap')];
    const tail = bootstrap ? 'and bootstraps its serving certificate' : 'but does not set serverTLSBootstrap, so its serving certificate is not requested from the cluster';
    if (gate === false) return kubeletVerdict('fail', 'disables the RotateKubeletServerCertificate feature gate', evidence);
    const state = gate === true ? 'enables' : 'keeps the default-on';
    return kubeletVerdict('pass', `${state} RotateKubeletServerCertificate feature gate ${tail}`, evidence);
  },
});
