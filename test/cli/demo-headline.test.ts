import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { pdfText, squash } from '../support/pack-tools.js';

/**
 * The demo as an auditor reads it: every framework leads with "fully evidenced X of N", each score is printed with
 * its numerator and denominator, and no partial-coverage requirement shows a bare pass.
 */
let dir: string;
let stdout = '';
let packDir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kv-demo-headline-'));
  const result = await cli('demo', '--out', dir);
  expect(result.code).toBe(0);
  stdout = result.stdout;
  const cluster = join(dir, 'acme-prod');
  packDir = join(cluster, readdirSync(cluster).sort().at(-1) ?? '');
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface RequirementJson { framework: string; requirement: string; status: string; verdict: string; statusLabel: string; coverage: string | null }
interface HeadlineJson { framework: string; requirements: number; fullyEvidenced: number; automatedPassing: number; automatedScored: number; score: number | null }

describe('demo: honest headline and scores', () => {
  it('prints fully evidenced X of N first and every score with its denominator', () => {
    const header = stdout.split('\n').find((line) => line.startsWith('FRAMEWORK')) ?? '';
    expect(header).toMatch(/^FRAMEWORK\s+FULLY EVIDENCED \(\d{4}-\d{2}-\d{2}\)\s+SCORE /);
    for (const framework of ['pci-dss-4.0.1', 'hipaa-security-rule', 'soc2-tsc-2017', 'nist-800-53-r5']) {
      const row = stdout.split('\n').find((line) => line.startsWith(`${framework} `)) ?? '';
      expect(row, framework).toMatch(new RegExp(`^${framework.replace(/\./g, '\\.')}\\s+\\d+ of \\d+\\s+\\d+\\.\\d % \\(\\d+ of \\d+ pass\\)`));
    }
    expect(stdout).toMatch(/\d+ findings fixed, \d+ newly failing, \d+ now unknown \(evidence missing\)/);
  });

  it('findings.json: headline numbers agree with the requirement verdicts, and partial-coverage passes are labelled', () => {
    const json = JSON.parse(readFileSync(join(packDir, 'findings.json'), 'utf8')) as { requirements: RequirementJson[]; headlines: HeadlineJson[] };
    for (const headline of json.headlines) {
      const own = json.requirements.filter((requirement) => requirement.framework === headline.framework);
      expect(headline.requirements).toBe(own.length);
      expect(headline.fullyEvidenced).toBe(own.filter((requirement) => requirement.verdict === 'fully-evidenced').length);
      expect(headline.score).toBe(Math.round((headline.automatedPassing / headline.automatedScored) * 1000) / 10);
    }
    const partialPasses = json.requirements.filter((requirement) => requirement.status === 'pass' && requirement.coverage === 'partial' && requirement.verdict !== 'fully-evidenced');
    expect(partialPasses.length).toBeGreaterThan(0);
    for (const requirement of partialPasses) expect(requirement.statusLabel).toBe('automated checks pass — manual evidence still required');
    // The catalogue review: 11.5.2 no longer passes on read-only root file systems, activity review has no pass badge.
    expect(json.requirements.find((r) => r.framework === 'pci-dss-4.0.1' && r.requirement === '11.5.2')?.status).toBe('manual');
    expect(json.requirements.find((r) => r.framework === 'hipaa-security-rule' && r.requirement === '164.308(a)(1)(ii)(D)')?.statusLabel).not.toBe('pass');
  });

  it('the PDF executive summary leads with the headline and prints the score denominator', () => {
    const json = JSON.parse(readFileSync(join(packDir, 'findings.json'), 'utf8')) as { headlines: HeadlineJson[] };
    const pdf = squash(pdfText(join(packDir, 'report.pdf')));
    for (const headline of json.headlines) {
      expect(pdf).toContain(`Fully evidenced ${headline.fullyEvidenced} of ${headline.requirements} requirements`);
      expect(pdf).toContain(`score: ${headline.automatedPassing} of ${headline.automatedScored} automated requirements pass`);
    }
    expect(pdf).not.toMatch(/score · \d+ requirements/);
  });
});
