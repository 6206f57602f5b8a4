import { describe, expect, it } from 'vitest';
import { RBAC_KINDS } from '../../src/checks/rbac/_shared.js';
import { cli } from '../support/cli.js';

/**
 * Absent is not empty: manifests that hold no RBAC objects say nothing about RBAC. The kinds they lack are gaps
 * (`not-in-input`) and every RBAC check is unknown, until the user declares the manifests complete for those kinds.
 */
const BOUTIQUE = new URL('../../demo/manifests/common/10-boutique.yaml', import.meta.url).pathname;

interface EvaluationJson {
  readonly findings: readonly { readonly check: string; readonly status: string }[];
  readonly gaps: readonly { readonly kind: string; readonly reason: string }[];
}

async function evaluate(...flags: string[]): Promise<EvaluationJson> {
  const result = await cli('evaluate', '--from-file', BOUTIQUE, '--format', 'json', ...flags);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as EvaluationJson;
}

function rbacStatuses(report: EvaluationJson): Set<string> {
  return new Set(report.findings.filter((finding) => finding.check.startsWith('rbac.')).map((finding) => finding.status));
}

describe('offline manifests without RBAC objects', () => {
  it('lists the RBAC kinds as not-in-input gaps and reports every RBAC check unknown, never pass', async () => {
    const report = await evaluate();
    for (const kind of RBAC_KINDS) expect(report.gaps).toContainEqual(expect.objectContaining({ kind, reason: 'not-in-input' }));
    expect(report.gaps).toContainEqual(expect.objectContaining({ kind: 'Node', reason: 'not-in-input' }));
    expect(rbacStatuses(report)).toEqual(new Set(['unknown']));
    expect(report.findings.filter((finding) => finding.check.startsWith('kubelet.') && finding.status === 'pass')).toEqual([]);
  });

  it('judges RBAC once the manifests are declared complete for the RBAC kinds (--complete-kinds)', async () => {
    const report = await evaluate('--complete-kinds', 'Role,ClusterRole', '--complete-kinds', 'RoleBinding,ClusterRoleBinding');
    expect(report.gaps.map((gap) => gap.kind)).not.toContain('ClusterRole.rbac.authorization.k8s.io');
    expect(rbacStatuses(report).has('unknown')).toBe(false);
    expect(report.gaps).toContainEqual(expect.objectContaining({ kind: 'Node', reason: 'not-in-input' }));
  });

  it('takes --complete-inventory as every kind declared complete', async () => {
    expect((await evaluate('--complete-inventory')).gaps).toEqual([]);
  });

  it('refuses an unknown kind and the flags on a live collection, with one-line usage errors', async () => {
    const unknown = await cli('evaluate', '--from-file', BOUTIQUE, '--complete-kinds', 'Widget');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^kubevidence: --complete-kinds: unknown kind 'Widget' \(known: Namespace, Node, Pod, .*\)\n$/);
    const live = await cli('evaluate', '--context', 'nowhere', '--complete-inventory');
    expect(live.code).toBe(2);
    expect(live.stderr).toBe('kubevidence: --complete-kinds and --complete-inventory describe offline manifests; a live collection records its own gaps\n');
  });
});
