import { describe, expect, it } from 'vitest';
import { toEvaluationJson } from '../../src/contracts/evaluation-report.js';
import { DEFAULT_MAX_ROWS, renderTable, runEvaluation } from '../../src/cli/commands/evaluate.js';
import type { Evaluation } from '../../src/pipeline.js';
import { cli } from '../support/cli.js';
import { DEMO_MANIFESTS } from '../support/repo-fixtures.js';

const DEMO_AT = ['evaluate', '--from-file', DEMO_MANIFESTS, '--collected-at', '2026-01-01T00:00:00Z'];

function demo(): Promise<Evaluation> {
  return runEvaluation({ source: { type: 'file', path: DEMO_MANIFESTS, collectedAt: '2026-01-01T00:00:00Z' }, format: 'table' }, new Date('2026-01-01T00:00:00Z'));
}

function bodyRows(table: string): string[] {
  const lines = table.split('\n');
  const end = lines.findIndex((line, index) => index > 1 && !/^(fail|unknown|waived|pass|not-applicable)\s/.test(line));
  return lines.slice(2, end);
}

describe('evaluate --format json', () => {
  it('prints the contract compact by default, and indented with --pretty, the same content either way', async () => {
    const compact = await cli(...DEMO_AT, '--format', 'json');
    const pretty = await cli(...DEMO_AT, '--format', 'json', '--pretty');
    expect(compact.code).toBe(0);
    expect(compact.stdout.trimEnd()).not.toContain('\n');
    const parsed = JSON.parse(compact.stdout) as unknown;
    expect(pretty.stdout).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
    const evaluation = await demo();
    const expected = toEvaluationJson({ ...evaluation, gaps: evaluation.snapshot.gaps });
    expect({ ...(parsed as object), generatedAt: null }).toEqual(JSON.parse(JSON.stringify({ ...expected, generatedAt: null })));
  });

  it('rejects the table-only flags and --pretty on the table, each in one line with exit 2', async () => {
    const cases: [string[], string][] = [
      [['--format', 'json', '--status', 'fail'], 'kubevidence: --status and --max-rows shape the table; --format json prints every finding (filter it with jq)\n'],
      [['--format', 'json', '--max-rows', '5'], 'kubevidence: --status and --max-rows shape the table; --format json prints every finding (filter it with jq)\n'],
      [['--format', 'json', '--max-rows', '100'], 'kubevidence: --status and --max-rows shape the table; --format json prints every finding (filter it with jq)\n'],
      [['--pretty'], 'kubevidence: --pretty indents --format json; the table has no JSON to indent\n'],
      [['--status', 'failed'], "kubevidence: --status must be one of fail, unknown, waived, pass, not-applicable (got 'failed')\n"],
      [['--max-rows', '-3'], "kubevidence: --max-rows must be a whole number, 0 for all rows (got '-3')\n"],
      [['--max-rows', 'ten'], "kubevidence: --max-rows must be a whole number, 0 for all rows (got 'ten')\n"],
    ];
    for (const [flags, message] of cases) {
      const run = await cli(...DEMO_AT, ...flags);
      expect({ flags, code: run.code, stderr: run.stderr, stdout: run.stdout }).toEqual({ flags, code: 2, stderr: message, stdout: '' });
    }
  });
});

describe('evaluate table', () => {
  it('lists failing findings first, the most severe first, then unknown, waived, pass and not-applicable', async () => {
    const rows = bodyRows(renderTable(await demo(), { maxRows: 0 }));
    const statuses = rows.map((row) => row.split(/\s+/)[0] ?? '');
    const order = ['fail', 'unknown', 'waived', 'pass', 'not-applicable'];
    expect(statuses.map((status) => order.indexOf(status))).toEqual([...statuses.map((status) => order.indexOf(status))].sort((a, b) => a - b));
    const failing = rows.filter((row) => row.startsWith('fail')).map((row) => row.split(/\s+/)[1] ?? '');
    const severities = ['critical', 'high', 'medium', 'low', 'info'];
    expect(failing.map((severity) => severities.indexOf(severity))).toEqual([...failing.map((severity) => severities.indexOf(severity))].sort((a, b) => a - b));
    expect(statuses).toContain('fail');
    expect(statuses).toContain('pass');
  });

  it('caps the rows, says how many more and how to see them, and still summarises every finding', async () => {
    const evaluation = await demo();
    const text = renderTable(evaluation, { maxRows: 5 });
    expect(bodyRows(text)).toHaveLength(5);
    expect(text).toContain(`${evaluation.findings.length - 5} more rows; use --max-rows 0 to list them all, or --format json\n`);
    // The summary closes the table (gap lines, when the input lacked kinds, follow it).
    expect(text.split('\n').some((line) => new RegExp(`^${evaluation.findings.length} findings from \\d+ checks: `).test(line))).toBe(true);
    expect(renderTable(evaluation, { maxRows: 0 })).not.toContain('more rows');
  });

  it('filters by --status and says how many of all findings are shown', async () => {
    const run = await cli(...DEMO_AT, '--status', 'fail,unknown', '--max-rows', '0');
    expect(run.code).toBe(0);
    const evaluation = await demo();
    const wanted = evaluation.findings.filter((finding) => finding.status === 'fail' || finding.status === 'unknown');
    expect(bodyRows(run.stdout)).toHaveLength(wanted.length);
    expect(bodyRows(run.stdout).every((row) => /^(fail|unknown)\s/.test(row))).toBe(true);
    expect(run.stdout).toContain(`${wanted.length} of ${evaluation.findings.length} findings have status fail or unknown\n`);
  });

  it(`shows ${DEFAULT_MAX_ROWS} rows unless told otherwise`, async () => {
    const evaluation = await demo();
    expect(evaluation.findings.length).toBeGreaterThan(DEFAULT_MAX_ROWS);
    const run = await cli(...DEMO_AT);
    expect(bodyRows(run.stdout)).toHaveLength(DEFAULT_MAX_ROWS);
  });

  it('says so when no finding has the statuses asked for', async () => {
    const run = await cli(...DEMO_AT, '--status', 'waived');
    expect(run.stdout.startsWith('no findings to show\n0 of ')).toBe(true);
  });
});
