import { defineKubeletCheck, kubeletNumber, kubeletVerdict, shownSetting } from './_shared.js';

/** The upstream default (KubeletConfiguration v1beta1): the rate below which we call event capture throttled. */
const UPSTREAM_EVENT_QPS = 50;

export default defineKubeletCheck({
  id: 'kubelet.event-record-qps',
  title: 'Kubelets record events without throttling them below the default',
  severity: 'low',
  rationale:
    'Events are a source of security evidence; eventRecordQPS caps how many the kubelet creates per second and ' +
    'drops the rest. CIS leaves the level to judgement (0 means no limit). We read it as: 0, or at least the ' +
    `upstream default of ${UPSTREAM_EVENT_QPS}, keeps event capture; a lower cap drops events that a default kubelet records.`,
  remediation: `Set eventRecordQPS to 0 or to at least ${UPSTREAM_EVENT_QPS} in the kubelet configuration file (or remove a lower --event-qps) and restart the kubelet.`,
  references: { cis: ['4.2.8'], nsa: ['Audit Logging and Threat Detection'] },
  // A pointer field: always present in configz.
  rule: (config) => {
    const path = 'eventRecordQPS';
    const qps = kubeletNumber(config, path);
    const evidence = [config.evidence(path, `0 or >= ${UPSTREAM_EVENT_QPS}`)];
    if (qps === undefined) return kubeletVerdict('unknown', `reports no numeric ${path}`, evidence);
    if (qps === 0) return kubeletVerdict('pass', `records events without a rate limit (${shownSetting(path, qps)})`, evidence);
    const status = qps >= UPSTREAM_EVENT_QPS ? 'pass' : 'fail';
    return kubeletVerdict(status, `has ${shownSetting(path, qps)} events per second`, evidence);
  },
});
