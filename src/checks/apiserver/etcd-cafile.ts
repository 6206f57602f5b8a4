import { flagsSet } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.etcd-cafile',
  title: 'The API server verifies etcd\'s certificate',
  severity: 'high',
  rationale: 'Without --etcd-cafile the API server cannot verify that it talks to the real etcd, and the whole cluster state passes over that connection.',
  remediation: 'Set --etcd-cafile on kube-apiserver to the CA that signs the etcd server certificates.',
  references: { cis: ['1.2.26'], nsa: ['Network separation and hardening: Control plane hardening'] },
  component: 'kube-apiserver',
  rule: flagsSet('--etcd-cafile'),
});
