import { parseGoDuration } from '../control-plane/_flags.js';
import { defineKubeletCheck, kubeletVerdict, shownSetting } from './_shared.js';

export default defineKubeletCheck({
  id: 'kubelet.streaming-connection-idle-timeout',
  title: 'Kubelets close idle streaming connections',
  severity: 'low',
  rationale:
    'With a timeout of 0, exec, attach and port-forward connections stay open for ever, which invites resource ' +
    'exhaustion and keeps forgotten sessions alive. The default is 4h. (The newest kubelets deprecate the field.)',
  remediation: 'Set streamingConnectionIdleTimeout to a non-zero duration (for example 5m) in the kubelet configuration file and restart the kubelet.',
  references: { cis: ['4.2.5'] },
  // A metav1.Duration struct: encoding/json never omits it, so configz always serves it ("4h0m0s", "0s").
  rule: (config) => {
    const path = 'streamingConnectionIdleTimeout';
    const raw = config.value(path);
    const evidence = [config.evidence(path, 'a non-zero duration')];
    const seconds = typeof raw === 'string' ? parseGoDuration(raw) : undefined;
    if (seconds === undefined) return kubeletVerdict('unknown', `reports ${raw === undefined ? `no ${path}` : `${shownSetting(path, raw)}, which is not a duration`}`, evidence);
    return kubeletVerdict(seconds === 0 ? 'fail' : 'pass', `has ${shownSetting(path, raw)}`, evidence);
  },
});
