import { describe, expect, it } from 'vitest';
import { evaluateChecks } from '../../src/checks/engine.js';
import { SnapshotIndex } from '../../src/checks/snapshot-index.js';
import { applyWaivers, labelsInSnapshot, loadWaivers } from '../../src/checks/waivers.js';
import { loadSnapshotInput } from '../../src/collect/index.js';
import type { Finding } from '../../src/domain/finding.js';
import { EXIT_CODES, KvError } from '../../src/errors.js';
import { DEMO_MANIFESTS, fixture, perWorkload } from '../support/synthetic-checks.js';

const GOOD = fixture('waivers/good.yaml');
const DEMO = loadSnapshotInput(DEMO_MANIFESTS);
const LABELS = labelsInSnapshot(new SnapshotIndex(DEMO));
const FAILING = evaluateChecks(DEMO, [perWorkload('synthetic.fails', 'fail')]);

function statusOf(findings: readonly Finding[], name: string): string | undefined {
  return findings.find((finding) => finding.resource.name === name)?.status;
}

function loadError(file: string, knownChecks?: readonly string[]): KvError {
  try {
    loadWaivers(file, knownChecks);
  } catch (error) {
    if (error instanceof KvError) return error;
    throw error;
  }
  throw new Error(`expected ${file} to be rejected`);
}

describe('loadWaivers', () => {
  it('reads every entry, named after its file and line', () => {
    const waivers = loadWaivers(GOOD, ['synthetic.fails']);
    expect(waivers.map((waiver) => waiver.id)).toEqual([`${GOOD}:2`, `${GOOD}:10`, `${GOOD}:17`, `${GOOD}:24`]);
    expect(waivers[0]).toEqual({
      id: `${GOOD}:2`,
      check: 'synthetic.fails',
      selector: { namespace: 'default', kind: 'Deployment', name: 'frontend' },
      justification: 'Storefront exception, tracked in SEC-101.',
      approver: 'Dana Smith <dana@example.com>',
      expires: '2026-03-01',
    });
  });

  const BAD: readonly (readonly [string, number, string])[] = [
    ['bad.missing-approver.yaml', 7, 'waivers[1].approver: required'],
    ['bad.invalid-date.yaml', 6, "waivers[0].expires: must be a calendar date YYYY-MM-DD (got '2026-02-30')"],
    ['bad.label-number.yaml', 5, 'waivers[0].selector.labels.tier: label values must be strings (quote them)'],
    ['bad.misspelled-expires.yaml', 2, 'waivers[0].expires: required'],
    ['bad.unknown-field.yaml', 7, "waivers[0].ticket: unknown field 'ticket'"],
  ];
  for (const [name, line, message] of BAD) {
    it(`rejects ${name} with one line naming file, line and field`, () => {
      const file = fixture(`waivers/${name}`);
      const error = loadError(file);
      expect(error.toLine()).toBe(`${file}:${line} ${message}`);
      expect(error.exitCode).toBe(EXIT_CODES.badInput);
    });
  }

  it('rejects a YAML syntax error with its line', () => {
    const file = fixture('waivers/bad.yaml-syntax.yaml');
    const error = loadError(file);
    expect(error.toLine()).toBe(`${file}:4: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }`);
    expect(error.exitCode).toBe(EXIT_CODES.badInput);
  });

  it('rejects an unknown check id when the known checks are given, and accepts it otherwise', () => {
    const file = fixture('waivers/bad.unknown-check.yaml');
    expect(loadError(file, ['synthetic.fails']).toLine()).toBe(`${file}:7 waivers[1].check: unknown check 'synthetic.fail'`);
    expect(loadWaivers(file)).toHaveLength(2);
  });

  it('says when the file is missing', () => {
    expect(loadError(fixture('waivers/nope.yaml')).toLine()).toBe(`${fixture('waivers/nope.yaml')}: cannot read file: ENOENT`);
  });
});

describe('applyWaivers', () => {
  const waivers = loadWaivers(GOOD);
  const lastDay = new Date('2026-03-01T23:59:59.999Z');
  const dayAfter = new Date('2026-03-02T00:00:00.000Z');

  it('waives matching failures by namespace/kind/name and by labels of the real objects', () => {
    const { findings } = applyWaivers(FAILING, waivers, lastDay, LABELS);
    expect(statusOf(findings, 'frontend')).toBe('waived');
    expect(statusOf(findings, 'redis-cart')).toBe('waived');
    expect(findings.filter((finding) => finding.status === 'waived')).toHaveLength(2);
    expect(findings.filter((finding) => finding.status === 'fail')).toHaveLength(FAILING.length - 2);
  });

  it('keeps the message and evidence and attaches the waiver', () => {
    const original = FAILING.find((finding) => finding.resource.name === 'frontend');
    const waived = applyWaivers(FAILING, waivers, lastDay, LABELS).findings.find((finding) => finding.resource.name === 'frontend');
    expect(waived).toEqual({
      ...original,
      status: 'waived',
      waiver: { id: `${GOOD}:2`, justification: 'Storefront exception, tracked in SEC-101.', approver: 'Dana Smith <dana@example.com>', expires: '2026-03-01' },
    });
  });

  it('applies a waiver through the last second of its expiry day (UTC) and not a moment later', () => {
    expect(statusOf(applyWaivers(FAILING, waivers, lastDay, LABELS).findings, 'frontend')).toBe('waived');
    const after = applyWaivers(FAILING, waivers, dayAfter, LABELS);
    expect(statusOf(after.findings, 'frontend')).toBe('fail');
    expect(after.outcome.expired.map((waiver) => waiver.id)).toEqual([`${GOOD}:2`, `${GOOD}:24`]);
  });

  it('lists expired waivers and counts what each unexpired one waived', () => {
    const { findings, outcome } = applyWaivers(FAILING, waivers, lastDay, LABELS);
    expect(statusOf(findings, 'cartservice')).toBe('fail');
    expect(outcome.expired.map((waiver) => waiver.id)).toEqual([`${GOOD}:24`]);
    expect(outcome.applied.map(({ waiver, findings: count }) => [waiver.id, count])).toEqual([
      [`${GOOD}:2`, 1],
      [`${GOOD}:10`, 1],
      [`${GOOD}:17`, 0],
    ]);
  });

  it('never changes pass, unknown or not-applicable findings, even when a waiver matches their subject', () => {
    const frontend = FAILING.find((finding) => finding.resource.name === 'frontend');
    if (frontend === undefined) throw new Error('fixture lost frontend');
    const others = (['pass', 'unknown', 'not-applicable'] as const).map((status) => ({ ...frontend, status }));
    expect(applyWaivers(others, waivers, lastDay, LABELS).findings).toEqual(others);
  });

  it('does not match a label selector on a subject whose object is unknown (a node, the cluster)', () => {
    const clusterFinding: Finding = { check: 'synthetic.fails', resource: { apiVersion: 'kubevidence.io/v1', kind: 'Cluster', name: 'demo' }, status: 'fail', message: 'x', evidence: [] };
    const labelOnly = waivers.filter((waiver) => waiver.selector.labels !== undefined);
    expect(applyWaivers([clusterFinding], labelOnly, lastDay, LABELS).findings[0]?.status).toBe('fail');
    expect(applyWaivers([clusterFinding], labelOnly, lastDay, () => ({ app: 'redis-cart' })).findings[0]?.status).toBe('waived');
  });

  it('is pure: the input findings are left as they were', () => {
    const before = JSON.stringify(FAILING);
    applyWaivers(FAILING, waivers, lastDay, LABELS);
    expect(JSON.stringify(FAILING)).toBe(before);
  });

  it('only waives the check it names', () => {
    const other = FAILING.map((finding) => ({ ...finding, check: 'synthetic.other' }));
    expect(applyWaivers(other, waivers, lastDay, LABELS).findings.every((finding) => finding.status === 'fail')).toBe(true);
  });
});
