import { describeRef, refOf } from '../../domain/snapshot.js';
import { at, defineCheck } from '../define-check.js';
import { KINDS } from '../snapshot-index.js';
import { specOf } from './_shared.js';

export default defineCheck({
  id: 'network.nodeport-services',
  title: 'No Service is exposed as a NodePort',
  severity: 'medium',
  rationale:
    'A NodePort Service opens the same port on every node, reachable by anything that can reach a node address; it ' +
    'bypasses the ingress controller and load balancer where TLS, authentication and source filtering usually live.',
  remediation: 'Use type ClusterIP behind an Ingress or Gateway, or a LoadBalancer restricted with loadBalancerSourceRanges.',
  reads: [KINDS.service],
  references: { nsa: ['Network separation and hardening'] },
  evaluate: ({ index }) =>
    index.list(KINDS.service).map((service) => {
      const resource = refOf(service);
      const type = specOf(service)['type'] ?? 'ClusterIP';
      return type === 'NodePort'
        ? { resource, status: 'fail' as const, message: `${describeRef(resource)} is of type NodePort and is reachable on every node's address.`, evidence: [at('spec.type', type, 'ClusterIP or a restricted LoadBalancer')] }
        : { resource, status: 'pass' as const, message: `${describeRef(resource)} is of type ${String(type)}, not NodePort.`, evidence: [at('spec.type', type)] };
    }),
});
