import { defineKubeletCheck, kubeletBoolean } from './_shared.js';

export default defineKubeletCheck({
  id: 'kubelet.anonymous-auth',
  title: 'Kubelets reject anonymous requests',
  severity: 'critical',
  rationale:
    'With anonymous authentication on, requests to the kubelet API on port 10250 are served as ' +
    'system:anonymous; if authorization is also permissive, anyone on the network can list pods, read logs ' +
    'and run commands in containers. The legacy flag default is true; the config-file default is false.',
  remediation: 'Set authentication.anonymous.enabled: false in the kubelet configuration file (or --anonymous-auth=false) and restart the kubelet.',
  references: { cis: ['4.2.1'], nsa: ['Authentication and authorization'] },
  // A pointer field: configz always reports it, so absence is unknown rather than a default.
  rule: kubeletBoolean({ path: 'authentication.anonymous.enabled', want: false }),
});
