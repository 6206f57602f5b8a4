import type { JsonObject } from '../../domain/json.js';
import { describeRef, refOf, type KubeObject } from '../../domain/snapshot.js';
import { isObject } from '../containers.js';
import { at, defineCheck, type FindingDraft } from '../define-check.js';
import { specOf } from './_shared.js';

const INGRESS = 'Ingress.networking.k8s.io';

/** Rules without a host (and a default backend) match any host name; only a TLS entry without hosts covers them. */
const ANY_HOST = '';

export default defineCheck({
  id: 'network.ingress-tls',
  title: 'Every Ingress terminates TLS for every host it serves',
  severity: 'medium',
  rationale:
    'An Ingress host without a TLS entry is served over plain HTTP: credentials, session cookies and data cross the ' +
    'network readable and modifiable by anyone on the path.',
  remediation: 'Add a spec.tls entry (with a certificate Secret) whose hosts cover every host in spec.rules, and a tls entry for host-less rules or remove them.',
  reads: [INGRESS],
  references: { nsa: ['Network separation and hardening: Encryption'] },
  evaluate: ({ index }) => index.list(INGRESS).map(tlsFindingFor),
});

function tlsFindingFor(ingress: KubeObject): FindingDraft {
  const resource = refOf(ingress);
  const spec = specOf(ingress);
  const served = servedHostsOf(spec);
  const covered = tlsHostsOf(spec);
  const uncovered = served.filter((host) => !covered.some((pattern) => covers(pattern, host)));
  const evidence = [at('spec.tls', spec['tls'], 'entries covering every host'), at('spec.rules[*].host', served.map((host) => host || '*'))];
  if (served.length === 0) return { resource, status: 'pass', message: `${describeRef(resource)} routes no traffic.`, evidence };
  return uncovered.length === 0
    ? { resource, status: 'pass', message: `${describeRef(resource)} terminates TLS for every host it serves.`, evidence }
    : { resource, status: 'fail', message: `${describeRef(resource)} serves ${uncovered.map((host) => (host === ANY_HOST ? 'requests for any host (rules without a host)' : host)).join(', ')} without TLS.`, evidence };
}

function servedHostsOf(spec: JsonObject): string[] {
  const rules = Array.isArray(spec['rules']) ? spec['rules'].filter(isObject) : [];
  const hosts = rules.map((rule) => (typeof rule['host'] === 'string' ? rule['host'] : ANY_HOST));
  const hasDefaultBackend = isObject(spec['defaultBackend']) || isObject(spec['backend']);
  return [...new Set([...hosts, ...(hasDefaultBackend ? [ANY_HOST] : [])])];
}

/** Hosts named by TLS entries; an entry without hosts covers the controller's default (any) host. */
function tlsHostsOf(spec: JsonObject): string[] {
  const entries = Array.isArray(spec['tls']) ? spec['tls'].filter(isObject) : [];
  return entries.flatMap((entry) => {
    const hosts = Array.isArray(entry['hosts']) ? entry['hosts'].filter((host): host is string => typeof host === 'string') : [];
    return hosts.length === 0 ? [ANY_HOST] : hosts;
  });
}

/** Exact match, or a `*.example.com` wildcard covering exactly one more label, as TLS certificates do. */
function covers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith('*.') || host === ANY_HOST) return false;
  const suffix = pattern.slice(1);
  return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.');
}
