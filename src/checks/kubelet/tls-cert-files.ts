import { defineKubeletCheck, isNonEmptyString, kubeletVerdict } from './_shared.js';

export default defineKubeletCheck({
  id: 'kubelet.tls-cert-files',
  title: 'Kubelets serve TLS with a CA-signed certificate',
  severity: 'high',
  rationale:
    'Without tlsCertFile and tlsPrivateKeyFile the kubelet serves port 10250 with a self-signed certificate ' +
    'that the API server cannot verify. A kubelet with serverTLSBootstrap gets its serving certificate from the ' +
    'cluster CA through a CSR instead, which meets the same intent.',
  remediation: 'Set tlsCertFile and tlsPrivateKeyFile in the kubelet configuration file, or enable serverTLSBootstrap with CSR approval, and restart the kubelet.',
  references: { cis: ['4.2.9'], nsa: ['Network separation and hardening: Encryption'] },
  // omitempty strings and bool: absent means empty / false.
  rule: (config) => {
    const paths = ['tlsCertFile', 'tlsPrivateKeyFile'];
    const evidence = [...paths.map((path) => config.evidence(path, 'a file path')), config.evidence('serverTLSBootstrap')];
    const missing = paths.filter((path) => !isNonEmptyString(config.value(path)));
    if (missing.length === 0) return kubeletVerdict('pass', `serves TLS with ${String(config.value('tlsCertFile'))}`, evidence);
    if (config.value('serverTLSBootstrap') === true) return kubeletVerdict('pass', 'requests its serving certificate from the cluster CA (serverTLSBootstrap=true)', evidence);
    return kubeletVerdict('fail', `does not set ${missing.join(' or ')} and does not bootstrap a serving certificate, so it serves a self-signed one`, evidence);
  },
});
