import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluationJsonSchema, type EvaluationJson } from '../../src/contracts/evaluation-report.js';
import { severityRank, type Severity } from '../../src/domain/status.js';

/** The CLI as users run it: `node bin/kubevidence.js evaluate ...` in a child process, from the project root. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEMO = 'test/fixtures/microservices-demo/kubernetes-manifests.yaml';
const EXAMPLE_CHECKS = 'controls/examples/custom-checks';
const WAIVERS = 'test/cli/fixtures/waivers.yaml';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function kubevidence(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/kubevidence.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, KUBEVIDENCE_DEBUG: '' } }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

/** Every invocation the tests look at, run in beforeAll two at a time (each is a cold start of the CLI). */
const INVOCATIONS = {
  json: ['evaluate', '--from-file', DEMO, '--format', 'json', '--checks', EXAMPLE_CHECKS, '--waivers', WAIVERS],
  ownedPods: ['evaluate', '--from-file', 'test/engine/fixtures/owned-pods.yaml', '--format', 'json'],
  table: ['evaluate', '--from-file', DEMO, '--checks', EXAMPLE_CHECKS, '--waivers', WAIVERS, '--max-rows', '0'],
  failOnMedium: ['evaluate', '--from-file', DEMO, '--format', 'json', '--checks', EXAMPLE_CHECKS, '--fail-on', 'medium'],
  failOnCritical: ['evaluate', '--from-file', DEMO, '--format', 'json', '--checks', EXAMPLE_CHECKS, '--waivers', WAIVERS, '--fail-on', 'critical'],
  badWaivers: ['evaluate', '--from-file', DEMO, '--checks', EXAMPLE_CHECKS, '--waivers', 'test/cli/fixtures/bad-waivers.yaml'],
  unknownCheckWaiver: ['evaluate', '--from-file', DEMO, '--waivers', WAIVERS],
  badCheck: ['evaluate', '--from-file', DEMO, '--checks', 'test/cli/fixtures/bad-check.yaml'],
  missingInput: ['evaluate', '--from-file', 'test/cli/fixtures/nope.yaml'],
  fileAndContext: ['evaluate', '--from-file', DEMO, '--context', 'prod'],
} as const satisfies Record<string, readonly string[]>;

const runs = {} as Record<keyof typeof INVOCATIONS, Run>;

beforeAll(async () => {
  const pending = Object.entries(INVOCATIONS) as [keyof typeof INVOCATIONS, readonly string[]][];
  const worker = async (): Promise<void> => {
    for (let next = pending.shift(); next !== undefined; next = pending.shift()) runs[next[0]] = await kubevidence(next[1]);
  };
  await Promise.all([worker(), worker()]);
}, 600_000); // generous: on a loaded machine ten cold starts of the CLI can take minutes

function reportOf(run: Run): EvaluationJson {
  return evaluationJsonSchema.parse(JSON.parse(run.stdout)); // strict: an unknown or missing field fails here
}

function unwaivedFailuresAtOrAbove(report: EvaluationJson, threshold: Severity): number {
  const severityOf = new Map(report.checks.map((check) => [check.id, check.severity]));
  return report.findings.filter((finding) => finding.status === 'fail' && severityRank(severityOf.get(finding.check) ?? 'info') >= severityRank(threshold)).length;
}

describe('kubevidence evaluate --format json (the versioned contract)', () => {
  it('exits 0 and prints only JSON valid against the contract schema', () => {
    expect(runs.json.stderr).toBe('');
    expect(runs.json.status).toBe(0);
    expect(reportOf(runs.json).schemaVersion).toBe(1);
  });

  it('lists every check with its metadata, built-in and custom', () => {
    const report = reportOf(runs.json);
    expect(report.checks.find((check) => check.id === 'pss.baseline.privileged-containers')).toMatchObject({
      title: 'Containers do not run privileged',
      severity: 'critical',
      origin: 'built-in',
      references: { cis: ['5.2.2'], pss: { level: 'baseline', control: 'Privileged Containers' } },
    });
    expect(report.checks.filter((check) => check.origin === 'custom').map((check) => check.id)).toEqual([
      'custom.network.load-balancer-source-ranges',
      'custom.images.no-latest-tag',
    ]);
  });

  it('reports findings with subject, status, message and evidence, and waived ones with their waiver', () => {
    const external = reportOf(runs.json).findings.find((finding) => finding.check === 'custom.network.load-balancer-source-ranges' && finding.resource.name === 'frontend-external');
    expect(external).toEqual({
      check: 'custom.network.load-balancer-source-ranges',
      resource: { apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'frontend-external' },
      status: 'waived',
      message: 'Service/default/frontend-external: A LoadBalancer Service must list its allowed clients in spec.loadBalancerSourceRanges.',
      evidence: [{ path: "cel: size(object.spec.?loadBalancerSourceRanges.orValue([])) > 0", observed: false, expected: 'true' }],
      waiver: { id: `${WAIVERS}:2`, justification: 'Public storefront behind a CDN.', approver: 'Dana Smith <dana@example.com>', expires: '2099-12-31' },
    });
  });

  it('lists pods folded into their controller as related objects', () => {
    const web = reportOf(runs.ownedPods).findings.find((finding) => finding.check === 'pss.baseline.privileged-containers' && finding.resource.name === 'web');
    expect(web?.resource).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' });
    expect(web?.related).toEqual([
      { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web-7f9c-a1k2z' },
      { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web-7f9c-b2x4q' },
    ]);
  });

  it('reports applied and expired waivers', () => {
    const report = reportOf(runs.json);
    expect(report.waivers.applied.map(({ id, findings }) => [id, findings])).toEqual([[`${WAIVERS}:2`, 1]]);
    expect(report.waivers.expired.map(({ id, expires }) => [id, expires])).toEqual([[`${WAIVERS}:9`, '2020-01-31']]);
    expect(report.gaps).toEqual([]);
  });

  it('is the same JSON whatever else was asked (table, gate): one evaluation, several views', () => {
    const gated = reportOf(runs.failOnCritical);
    expect(gated.findings).toEqual(reportOf(runs.json).findings);
  });
});

describe('kubevidence evaluate (table)', () => {
  it('prints a table with a summary of statuses, gaps and expired waivers at the bottom', () => {
    const run = runs.table;
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^STATUS\s+SEVERITY\s+CHECK\s+RESOURCE\s+MESSAGE$/);
    expect(run.stdout).toMatch(/^waived\s+medium\s+custom\.network\.load-balancer-source-ranges\s+Service\/default\/frontend-external\s+/m);
    expect(lines.at(-2)).toMatch(/^\d+ findings from \d+ checks: \d+ fail, \d+ unknown, 1 waived, \d+ pass, \d+ not-applicable$/);
    expect(lines.at(-1)).toBe(`expired waiver ${WAIVERS}:9 for custom.images.no-latest-tag (expired 2020-01-31, approver Lee Chen <lee@example.com>): no longer applied`);
  });
});

describe('kubevidence evaluate --fail-on', () => {
  it('exits 10 after printing when an unwaived failure reaches the threshold', () => {
    const run = runs.failOnMedium;
    const report = reportOf(run);
    const gated = unwaivedFailuresAtOrAbove(report, 'medium');
    expect(gated).toBeGreaterThan(0); // at least the unwaived LoadBalancer without source ranges
    expect(run.status).toBe(10);
    expect(run.stderr).toBe(`kubevidence: ${gated} unwaived failing finding(s) at severity medium or above (--fail-on medium)\n`);
  });

  it('gates exactly on unwaived failures at or above the threshold', () => {
    const run = runs.failOnCritical;
    const report = reportOf(run);
    expect(run.status).toBe(unwaivedFailuresAtOrAbove(report, 'critical') > 0 ? 10 : 0);
  });
});

describe('kubevidence evaluate: bad input', () => {
  it('a bad waivers file is one line with file:line and exit 3', () => {
    const run = runs.badWaivers;
    expect(run.status).toBe(3);
    expect(run.stderr).toBe('kubevidence: test/cli/fixtures/bad-waivers.yaml:2 waivers[0].approver: required\n');
    expect(run.stdout).toBe('');
  });

  it('a waiver for a check that does not exist is rejected', () => {
    const run = runs.unknownCheckWaiver;
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(`kubevidence: ${WAIVERS}:2 waivers[0].check: unknown check 'custom.network.load-balancer-source-ranges'\n`);
  });

  it('a custom check that does not compile is one line with file:line, the field and the expression, and exit 3', () => {
    const run = runs.badCheck;
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(
      "kubevidence: test/cli/fixtures/bad-check.yaml:12 validations[0].expression: syntax error: Expected RPAREN, got EOF in 'podSpec.containers.all(c, !c.image.endsWith(':latest')'\n",
    );
  });

  it('missing input is exit 3', () => {
    const run = runs.missingInput;
    expect(run.status).toBe(3);
    expect(run.stderr).toBe('kubevidence: test/cli/fixtures/nope.yaml: no such file or directory\n');
  });

  it('contradictory flags are a usage error (exit 2)', () => {
    expect(runs.fileAndContext.status).toBe(2);
    expect(runs.fileAndContext.stderr).toBe('kubevidence: --from-file reads offline input; it cannot be combined with --context or --kubeconfig\n');
  });
});
