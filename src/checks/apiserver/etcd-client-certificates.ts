import { flagsSet } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.etcd-client-certificates',
  title: 'The API server authenticates to etcd with a client certificate',
  severity: 'high',
  rationale: 'etcd holds every object of the cluster, Secrets included; the API server must present a client certificate so etcd can refuse everyone else.',
  remediation: 'Set --etcd-certfile and --etcd-keyfile on kube-apiserver to a client certificate and key trusted by etcd.',
  references: { cis: ['1.2.23'], nsa: ['Network separation and hardening: Control plane hardening'] },
  component: 'kube-apiserver',
  rule: flagsSet('--etcd-certfile', '--etcd-keyfile'),
});
