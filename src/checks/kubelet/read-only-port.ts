import { defineKubeletCheck, kubeletVerdict, shownSetting } from './_shared.js';

export default defineKubeletCheck({
  id: 'kubelet.read-only-port',
  title: 'Kubelets do not serve the unauthenticated read-only port',
  severity: 'high',
  rationale: 'The read-only port (10255 when enabled) serves pod specs and metrics without any authentication or authorization.',
  remediation: 'Set readOnlyPort: 0 in the kubelet configuration file (or --read-only-port=0) and restart the kubelet.',
  references: { cis: ['4.2.4'], nsa: ['Network separation and hardening'] },
  // omitempty int32: configz drops the field when it is 0, so absence means the port is disabled.
  rule: (config) => {
    const path = 'readOnlyPort';
    const port = config.value(path);
    const evidence = [config.evidence(path, '0 or unset')];
    if (port === undefined || port === 0) return kubeletVerdict('pass', `does not serve a read-only port (${path} is 0)`, evidence);
    if (typeof port !== 'number') return kubeletVerdict('unknown', `reports ${shownSetting(path, port)}, which is not a port number`, evidence);
    return kubeletVerdict('fail', `serves unauthenticated reads on port ${port} (${path})`, evidence);
  },
});
