import { defineKubeletCheck, kubeletPathsSet } from './_shared.js';

export default defineKubeletCheck({
  id: 'kubelet.client-ca-file',
  title: 'Kubelets verify client certificates',
  severity: 'high',
  rationale: 'Without a client CA the kubelet cannot authenticate the API server (or anyone) by certificate, which leaves anonymous or token access as the only options.',
  remediation: 'Set authentication.x509.clientCAFile in the kubelet configuration file (or --client-ca-file) to the cluster CA and restart the kubelet.',
  references: { cis: ['4.2.3'], nsa: ['Authentication and authorization'] },
  // omitempty string: configz drops it when empty, so absence means no client CA.
  rule: kubeletPathsSet('authentication.x509.clientCAFile'),
});
