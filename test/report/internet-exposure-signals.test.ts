import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/finding.js';
import { buildSignalIndex } from '../../src/report/model/signals.js';

/** network.internet-exposure names the front door on the workload itself: the workload is an entry point. */
function exposureFinding(path: string, observed: string): Finding {
  return {
    check: 'network.internet-exposure',
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'store' },
    status: 'fail',
    message: 'Deployment/default/store is reachable from outside the cluster.',
    evidence: [{ path, observed }],
  };
}

describe('exposure signals from network.internet-exposure', () => {
  it('a Gateway API route to the workload makes it an entry point and its namespace exposed', () => {
    const signals = buildSignalIndex([exposureFinding('HTTPRoute/default/store-route:spec.rules[0].backendRefs[0].name', 'store')]);
    expect([...(signals.byResource.get('Deployment/default/store')?.exposure ?? [])]).toEqual(['gateway-route']);
    expect(signals.exposedNamespaces.has('default')).toBe(true);
  });

  it('an Ingress and a LoadBalancer Service in front of the workload are named as such', () => {
    const signals = buildSignalIndex([
      exposureFinding('Ingress/default/minimal-ingress:spec.rules[0].http.paths[0].backend.service.name', 'store'),
      exposureFinding('Service/default/store-lb:spec.type', 'LoadBalancer'),
    ]);
    expect([...(signals.byResource.get('Deployment/default/store')?.exposure ?? [])].sort()).toEqual(['ingress', 'load-balancer']);
  });

  it('a workload that passed (no entry point) carries no exposure', () => {
    const passed: Finding = { ...exposureFinding('entry points', '0'), status: 'pass' };
    expect(buildSignalIndex([passed]).byResource.get('Deployment/default/store')).toBeUndefined();
  });
});
