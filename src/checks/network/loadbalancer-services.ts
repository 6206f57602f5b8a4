import type { Evidence } from '../../domain/finding.js';
import type { JsonObject } from '../../domain/json.js';
import { describeRef, refOf, type KubeObject } from '../../domain/snapshot.js';
import { at, defineCheck, type FindingDraft } from '../define-check.js';
import { KINDS } from '../snapshot-index.js';
import { specOf } from './_shared.js';

/** Annotations with which cloud providers make a load balancer internal (private addresses only). */
const INTERNAL_LB_ANNOTATIONS: Readonly<Record<string, readonly string[]>> = {
  'service.beta.kubernetes.io/aws-load-balancer-internal': ['true', '0.0.0.0/0'],
  'service.beta.kubernetes.io/aws-load-balancer-scheme': ['internal'],
  'networking.gke.io/load-balancer-type': ['Internal'],
  'cloud.google.com/load-balancer-type': ['Internal', 'internal'],
  'service.beta.kubernetes.io/azure-load-balancer-internal': ['true'],
  'service.beta.kubernetes.io/oci-load-balancer-internal': ['true'],
  'service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type': ['private'],
};

const AWS_SCHEME = 'service.beta.kubernetes.io/aws-load-balancer-scheme';
const AWS_TYPE = 'service.beta.kubernetes.io/aws-load-balancer-type';
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const OPEN_RANGES = ['0.0.0.0/0', '::/0'];

export default defineCheck({
  id: 'network.loadbalancer-services',
  title: 'LoadBalancer Services are internal or restricted to known source ranges',
  severity: 'medium',
  rationale:
    'A Service of type LoadBalancer gets an address from the cloud provider, public by default, and forwards anything ' +
    'that reaches it. Unless the load balancer is internal or limited with loadBalancerSourceRanges, the workload is ' +
    'exposed to the internet.',
  remediation:
    'Set spec.loadBalancerSourceRanges to the client ranges that need access, or make the load balancer internal with ' +
    'the provider annotation (e.g. service.beta.kubernetes.io/aws-load-balancer-scheme: internal), or expose the ' +
    'workload through an Ingress or Gateway instead.',
  reads: [KINDS.service],
  references: { nsa: ['Network separation and hardening'] },
  evaluate: ({ index }) => index.list(KINDS.service).map(loadBalancerFindingFor),
});

function loadBalancerFindingFor(service: KubeObject): FindingDraft {
  const resource = refOf(service);
  const spec = specOf(service);
  const type = spec['type'] ?? 'ClusterIP';
  if (type !== 'LoadBalancer') return { resource, status: 'pass', message: `${describeRef(resource)} is of type ${String(type)} and gets no load balancer.`, evidence: [at('spec.type', type)] };
  const internal = internalAnnotationOf(service);
  if (internal !== undefined) return { resource, status: 'pass', message: `${describeRef(resource)} asks for an internal load balancer.`, evidence: [internal] };
  const ranges = sourceRangesOf(service, spec);
  const restricted = ranges.length > 0 && !ranges.some((range) => OPEN_RANGES.includes(range));
  return restricted
    ? { resource, status: 'pass', message: `${describeRef(resource)} accepts load-balancer traffic only from ${ranges.join(', ')}.`, evidence: [at('spec.loadBalancerSourceRanges', ranges)] }
    : {
        resource,
        status: 'fail',
        message: `${describeRef(resource)} is a LoadBalancer open to ${ranges.length === 0 ? 'any source' : ranges.join(', ')}.`,
        evidence: [at('spec.type', type), at('spec.loadBalancerSourceRanges', spec['loadBalancerSourceRanges'], 'client CIDR ranges, not 0.0.0.0/0')],
      };
}

function internalAnnotationOf(service: KubeObject): Evidence | undefined {
  const annotations = service.metadata.annotations ?? {};
  const entry = Object.entries(INTERNAL_LB_ANNOTATIONS).find(([key, values]) => values.includes(annotations[key] ?? ''));
  if (entry !== undefined) return at(`metadata.annotations["${entry[0]}"]`, annotations[entry[0]] ?? null);
  return isInternalByAwsControllerDefault(service, annotations) ? at(`metadata.annotations["${AWS_SCHEME}"]`, null, 'absent: the AWS Load Balancer Controller provisions internal NLBs by default') : undefined;
}

/** Since v2.2 the AWS Load Balancer Controller makes NLBs internal unless the scheme annotation says internet-facing. */
function isInternalByAwsControllerDefault(service: KubeObject, annotations: Readonly<Record<string, string>>): boolean {
  const spec = specOf(service);
  const managedByController = spec['loadBalancerClass'] === 'service.k8s.aws/nlb' || ['external', 'nlb-ip'].includes(annotations[AWS_TYPE] ?? '');
  return managedByController && annotations[AWS_SCHEME] === undefined;
}

/** The spec field wins over the legacy annotation, as in the cloud controllers. */
function sourceRangesOf(service: KubeObject, spec: JsonObject): string[] {
  const field = spec['loadBalancerSourceRanges'];
  if (Array.isArray(field) && field.length > 0) return field.filter((item): item is string => typeof item === 'string').map((range) => range.trim());
  const annotation = service.metadata.annotations?.[SOURCE_RANGES_ANNOTATION];
  return annotation === undefined ? [] : annotation.split(',').map((range) => range.trim()).filter((range) => range !== '');
}
