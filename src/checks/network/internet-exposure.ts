import type { Evidence } from '../../domain/finding.js';
import type { JsonObject, JsonValue } from '../../domain/json.js';
import { describeRef, refOf, type KubeObject, type ResourceRef } from '../../domain/snapshot.js';
import { isObject } from '../containers.js';
import { defineCheck, type FindingDraft } from '../define-check.js';
import { KINDS, type SnapshotIndex } from '../snapshot-index.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../workload-subjects.js';

export const GATEWAY_KINDS = {
  gateway: 'Gateway.gateway.networking.k8s.io',
  httpRoute: 'HTTPRoute.gateway.networking.k8s.io',
  grpcRoute: 'GRPCRoute.gateway.networking.k8s.io',
  tlsRoute: 'TLSRoute.gateway.networking.k8s.io',
} as const;
const ROUTE_KINDS = [GATEWAY_KINDS.httpRoute, GATEWAY_KINDS.grpcRoute, GATEWAY_KINDS.tlsRoute] as const;
const INGRESS = 'Ingress.networking.k8s.io';

/** A way in from outside the cluster, as evidence on the workload it reaches. */
interface EntryPoint {
  readonly evidence: Evidence;
  readonly via: ResourceRef;
  readonly clause: string;
}

function record(value: JsonValue | undefined): JsonObject {
  return isObject(value) ? value : {};
}

function list(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

/** A Service selects a workload when its (non-empty) selector is a subset of the pod template labels. */
function selects(service: KubeObject, workload: WorkloadSubject): boolean {
  const selector = record(record(service['spec'] as JsonValue)['selector']);
  const keys = Object.keys(selector);
  if (keys.length === 0) return false;
  const labels = workload.podMeta.labels ?? {};
  return keys.every((key) => labels[key] === selector[key]);
}

/** Service names an Ingress sends traffic to, with the path of each reference. */
function ingressBackends(ingress: KubeObject): { readonly service: string; readonly path: string }[] {
  const spec = record(ingress['spec'] as JsonValue);
  const backends: { service: string; path: string }[] = [];
  const fallback = record(record(spec['defaultBackend'])['service'])['name'];
  if (typeof fallback === 'string') backends.push({ service: fallback, path: 'spec.defaultBackend.service.name' });
  list(spec['rules']).forEach((rule, r) =>
    list(record(record(rule)['http'])['paths']).forEach((path, p) => {
      const name = record(record(record(path)['backend'])['service'])['name'];
      if (typeof name === 'string') backends.push({ service: name, path: `spec.rules[${r}].http.paths[${p}].backend.service.name` });
    }),
  );
  return backends;
}

/** Services a Gateway API route sends traffic to (`backendRefs` of kind Service, the default). */
function routeBackends(route: KubeObject): { readonly service: string; readonly namespace: string; readonly path: string }[] {
  const own = route.metadata.namespace ?? 'default';
  return list(record(route['spec'] as JsonValue)['rules']).flatMap((rule, r) =>
    list(record(rule)['backendRefs']).flatMap((ref, b) => {
      const backend = record(ref);
      const kind = backend['kind'] ?? 'Service';
      const name = backend['name'];
      if (kind !== 'Service' || typeof name !== 'string') return [];
      return [{ service: name, namespace: typeof backend['namespace'] === 'string' ? backend['namespace'] : own, path: `spec.rules[${r}].backendRefs[${b}].name` }];
    }),
  );
}

function entryPointsOf(index: SnapshotIndex, workload: WorkloadSubject): EntryPoint[] {
  const entries: EntryPoint[] = [];
  const services = index.inNamespace(KINDS.service, workload.namespace).filter((service) => selects(service, workload));
  const serviceNames = new Set(services.map((service) => service.metadata.name));
  for (const service of services) {
    const type = record(service['spec'] as JsonValue)['type'];
    if (type === 'LoadBalancer' || type === 'NodePort') {
      entries.push({ via: refOf(service), evidence: { path: `${describeRef(refOf(service))}:spec.type`, observed: type }, clause: `${describeRef(refOf(service))} (${type})` });
    }
  }
  for (const ingress of index.inNamespace(INGRESS, workload.namespace)) {
    for (const backend of ingressBackends(ingress)) {
      if (!serviceNames.has(backend.service)) continue;
      entries.push({ via: refOf(ingress), evidence: { path: `${describeRef(refOf(ingress))}:${backend.path}`, observed: backend.service }, clause: `${describeRef(refOf(ingress))} → Service ${backend.service}` });
    }
  }
  for (const kind of ROUTE_KINDS) {
    for (const route of index.list(kind)) {
      for (const backend of routeBackends(route)) {
        if (backend.namespace !== workload.namespace || !serviceNames.has(backend.service)) continue;
        entries.push({ via: refOf(route), evidence: { path: `${describeRef(refOf(route))}:${backend.path}`, observed: backend.service }, clause: `${describeRef(refOf(route))} → Service ${backend.service}` });
      }
    }
  }
  if (workload.podSpec['hostNetwork'] === true) {
    entries.push({ via: workload.ref, evidence: { path: `${workload.specPath}.hostNetwork`, observed: true }, clause: 'the host network (every port it listens on is open on the node address)' });
  }
  for (const entry of workload.containers) {
    list(entry.container['ports']).forEach((port, p) => {
      const hostPort = record(port)['hostPort'];
      if (typeof hostPort === 'number' && hostPort > 0) entries.push({ via: workload.ref, evidence: { path: `${entry.path}.ports[${p}].hostPort`, observed: hostPort }, clause: `host port ${hostPort}` });
    });
  }
  return entries;
}

function findingFor(index: SnapshotIndex, workload: WorkloadSubject): FindingDraft {
  const entries = entryPointsOf(index, workload);
  const related = [...workload.pods, ...entries.map((entry) => entry.via).filter((ref) => ref !== workload.ref)];
  if (entries.length > 0) {
    return { resource: workload.ref, status: 'fail', message: `${workload.description} is reachable from outside the cluster through ${entries.map((entry) => entry.clause).join('; ')}.`, evidence: entries.map((entry) => entry.evidence), related };
  }
  const examined = `${index.inNamespace(KINDS.service, workload.namespace).length} Services and ${index.inNamespace(INGRESS, workload.namespace).length} Ingresses in ${workload.namespace}, ${ROUTE_KINDS.reduce((sum, kind) => sum + index.list(kind).length, 0)} Gateway API routes`;
  return { resource: workload.ref, status: 'pass', message: `${workload.description} has no entry point from outside the cluster.`, evidence: [{ path: 'entry points', observed: 0, expected: `examined ${examined}; no host network or host port` }], related };
}

export default defineCheck({
  id: 'network.internet-exposure',
  title: 'Workloads reachable from outside the cluster are known',
  severity: 'info',
  rationale:
    'An entry point from outside the cluster — a LoadBalancer or NodePort Service, an Ingress, a Gateway API route ' +
    '(HTTPRoute, GRPCRoute, TLSRoute), the host network or a host port — is where an external attacker starts. Each ' +
    'workload is joined to the Services that select it and to the Ingresses and routes that send traffic to those ' +
    'Services. A reachable workload fails this informational check so that it is listed; the remediation plan ranks ' +
    'every other finding on an exposed workload higher.',
  remediation: 'Confirm each exposed workload is meant to be public; put it behind TLS, authentication and source ranges, and keep everything else ClusterIP.',
  reads: [...WORKLOAD_KINDS, KINDS.service, INGRESS],
  needs: [KINDS.service, INGRESS, ...ROUTE_KINDS],
  references: { nsa: ['Network separation and hardening'] },
  evaluate: ({ index }) => index.workloads.map((workload) => findingFor(index, workload)),
});
