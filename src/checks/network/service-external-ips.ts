import { describeRef, refOf } from '../../domain/snapshot.js';
import { at, defineCheck } from '../define-check.js';
import { KINDS } from '../snapshot-index.js';
import { specOf } from './_shared.js';

export default defineCheck({
  id: 'network.service-external-ips',
  title: 'No Service sets externalIPs',
  severity: 'medium',
  rationale:
    'kube-proxy routes traffic for any address listed in spec.externalIPs to the Service, so whoever can create a Service ' +
    'can intercept traffic meant for that address anywhere in the cluster (CVE-2020-8554).',
  remediation: 'Remove spec.externalIPs and use a LoadBalancer or Ingress; block the field cluster-wide with the DenyServiceExternalIPs admission plugin.',
  reads: [KINDS.service],
  references: { nsa: ['Network separation and hardening'], other: ['CVE-2020-8554'] },
  evaluate: ({ index }) =>
    index.list(KINDS.service).map((service) => {
      const resource = refOf(service);
      const externalIPs = specOf(service)['externalIPs'];
      return Array.isArray(externalIPs) && externalIPs.length > 0
        ? { resource, status: 'fail' as const, message: `${describeRef(resource)} claims external IPs ${externalIPs.join(', ')}.`, evidence: [at('spec.externalIPs', externalIPs, 'absent')] }
        : { resource, status: 'pass' as const, message: `${describeRef(resource)} sets no externalIPs.`, evidence: [at('spec.externalIPs', externalIPs ?? null, 'absent')] };
    }),
});
