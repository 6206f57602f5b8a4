import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { evaluationJsonSchema } from '../../src/contracts/evaluation-report.js';
import { CSV_COLUMNS, csvField, renderFindingsCsv } from '../../src/report/writers/csv.js';
import { findingsJsonOf, renderFindingsJson } from '../../src/report/writers/json.js';
import { buildPackModel, type PackModel } from '../../src/report/model/model.js';
import { controlIdOf, oscalOf, renderOscal } from '../../src/report/writers/oscal.js';
import { reportPackInput } from '../support/report-fixtures.js';
import { OSCAL_ASSESSMENT_RESULTS_SCHEMA } from '../support/repo-fixtures.js';
import { parseCsv } from '../support/pack-tools.js';

const OSCAL_SCHEMA = OSCAL_ASSESSMENT_RESULTS_SCHEMA;

describe('findings.json', () => {
  const model = buildPackModel(reportPackInput());
  const json = JSON.parse(renderFindingsJson(model).toString('utf8')) as ReturnType<typeof findingsJsonOf>;

  it('is the evaluate contract, plus the pack additions', () => {
    const { checks, findings, gaps, waivers, schemaVersion } = json;
    expect(() => evaluationJsonSchema.parse({ schemaVersion, checks, findings, gaps, waivers })).not.toThrow();
    expect(json.findings).toHaveLength(model.findings.length);
    expect(json.findingIds).toEqual(model.findings.map((row) => row.id));
  });

  it('carries requirement results, scores and the whole ranked remediation plan', () => {
    expect(json.requirements).toHaveLength(model.frameworks.reduce((sum, framework) => sum + framework.requirements.length, 0));
    expect(json.scores.map((score) => score.framework)).toEqual(model.frameworks.map((framework) => framework.id));
    expect(json.remediation.items.map((item) => item.rank)).toEqual(model.remediation.items.map((_, index) => index + 1));
    expect(json.pack.provenance.runHash).toBe(model.provenance.runHash);
  });
});

describe('findings.csv', () => {
  const model = buildPackModel(reportPackInput());
  const bytes = renderFindingsCsv(model);

  it('has one RFC 4180 row per finding after the header, behind a UTF-8 byte order mark', () => {
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(model.findings.length + 1);
    expect(rows.every((row) => row.length === CSV_COLUMNS.length)).toBe(true);
    const idColumn = CSV_COLUMNS.indexOf('id');
    expect(rows.slice(1).map((row) => row[idColumn])).toEqual(model.findings.map((row) => row.id));
    expect(text).toContain('платёж');
  });

  it('keeps quotes, commas and line breaks inside fields and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"\nbye')).toBe('"say ""hi""\nbye"');
    for (const formula of ['=HYPERLINK("http://evil")', '+1+1', '-2', '@SUM(A1)', '\tcmd']) expect(csvField(formula).replace(/^"/, '').startsWith("'")).toBe(true);
    const first = model.findings[0];
    if (first === undefined) throw new Error('fixture has findings');
    const hostile: PackModel = { ...model, findings: [{ ...first, message: '=cmd|" /C calc"!A0' }] };
    const [, row] = parseCsv(renderFindingsCsv(hostile).toString('utf8').slice(1));
    expect(row?.[CSV_COLUMNS.indexOf('message')]).toBe('\'=cmd|" /C calc"!A0');
  });
});

describe('assessment-results.json (OSCAL)', () => {
  const model = buildPackModel(reportPackInput());
  const bytes = renderOscal(model);
  const document = JSON.parse(bytes.toString('utf8')) as OscalDocument;

  it('is valid against the official NIST OSCAL 1.2.1 Assessment Results schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(OSCAL_SCHEMA, 'utf8')) as object);
    const valid = validate(document);
    expect(validate.errors?.slice(0, 5) ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has a finding per requirement, satisfied only for a pass, and observations for every finding and attestation', () => {
    const result = document['assessment-results'].results[0];
    const sections = model.frameworks.flatMap((framework) => framework.requirements);
    expect(result?.findings).toHaveLength(sections.length);
    sections.forEach((section, index) => {
      const finding = result?.findings[index];
      expect(finding?.target['target-id']).toBe(`${controlIdOf(section.framework, section.id)}_obj`);
      expect(finding?.target.status.state).toBe(section.status === 'pass' || section.status === 'not-applicable' ? 'satisfied' : 'not-satisfied');
    });
    const observations = result?.observations ?? [];
    const settled = (status: string): boolean => status === 'pass' || status === 'not-applicable';
    const shared = new Set(model.findings.filter((row) => settled(row.status)).map((row) => `${row.check} ${row.status}`));
    const own = model.findings.filter((row) => !settled(row.status));
    expect(own.length).toBeGreaterThan(0);
    expect(shared.size).toBeGreaterThan(0);
    expect(observations).toHaveLength(own.length + shared.size + model.attestations.length);

    // Every finding id is in exactly one observation: its own, or as a subject of its check's shared one.
    const propOf = (props: readonly OscalProp[] | undefined, name: string): string | undefined => props?.find((prop) => prop.name === name)?.value;
    const ids = observations.flatMap((observation) => {
      const ownId = propOf(observation.props, 'finding-id');
      if (ownId !== undefined) return [ownId];
      return (observation.subjects ?? []).map((subject) => propOf(subject.props, 'finding-id'));
    });
    expect(ids.filter((id) => id !== undefined).sort()).toEqual(model.findings.map((row) => row.id).sort());
    for (const observation of observations.filter((candidate) => propOf(candidate.props, 'findings') !== undefined)) {
      const rows = model.findings.filter((row) => row.check === propOf(observation.props, 'check') && row.status === propOf(observation.props, 'status'));
      expect(observation.subjects?.map((subject) => subject.title)).toEqual(rows.map((row) => row.subject));
      expect(propOf(observation.props, 'findings')).toBe(String(rows.length));
    }

    // A requirement relates to the observations of its checks (and attestations), and to nothing else.
    const uuids = new Set(observations.map((observation) => observation.uuid));
    sections.forEach((section, index) => {
      const related = (result?.findings[index]?.['related-observations'] ?? []).map((entry) => entry['observation-uuid']);
      for (const uuid of related) expect(uuids.has(uuid)).toBe(true);
      const checks = new Set(section.checks.map((check) => check.id));
      const expected = own.filter((row) => checks.has(row.check)).length + [...shared].filter((key) => checks.has(key.split(' ')[0] ?? '')).length + section.attestations.length;
      expect(related).toHaveLength(expected);
    });
  });

  it('uses deterministic version-5 UUIDs, so the same run gives the same ids', () => {
    expect(renderOscal(buildPackModel(reportPackInput())).equals(bytes)).toBe(true);
    expect(document['assessment-results'].uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.stringify(oscalOf(model))).toBe(JSON.stringify(document));
  });

  it('turns framework numbering into OSCAL tokens', () => {
    expect(controlIdOf('nist-800-53-r5', 'AC-6(9)')).toBe('ac-6.9');
    expect(controlIdOf('hipaa-security-rule', '164.312(a)(1)')).toBe('hipaa-security-rule_164.312.a.1');
    expect(controlIdOf('pci-dss-4.0', '1.2.5')).toBe('pci-dss-4.0_1.2.5');
  });
});

interface OscalDocument {
  readonly 'assessment-results': {
    readonly uuid: string;
    readonly results: readonly {
      readonly findings: readonly {
        readonly target: { readonly 'target-id': string; readonly status: { readonly state: string } };
        readonly 'related-observations'?: readonly { readonly 'observation-uuid': string }[];
      }[];
      readonly observations: readonly {
        readonly uuid: string;
        readonly props?: readonly OscalProp[];
        readonly subjects?: readonly { readonly title: string; readonly props?: readonly OscalProp[] }[];
      }[];
    }[];
  };
}

interface OscalProp {
  readonly name: string;
  readonly value: string;
}
