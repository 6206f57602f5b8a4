import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { customCheckJsonSchemaText } from '../../src/checks/cel/custom-check-schema.js';
import { waiversJsonSchemaText } from '../../src/checks/waivers.js';

const CONTROLS = fileURLToPath(new URL('../../controls/', import.meta.url));

const SCHEMAS = [
  { file: 'waivers.schema.json', generate: waiversJsonSchemaText, examples: ['examples/waivers.yaml'] },
  {
    file: 'custom-check.schema.json',
    generate: customCheckJsonSchemaText,
    examples: readdirSync(`${CONTROLS}examples/custom-checks`).map((name) => `examples/custom-checks/${name}`),
  },
] as const;

describe('committed JSON Schemas', () => {
  for (const { file, generate, examples } of SCHEMAS) {
    it(`controls/schema/${file} is exactly what the zod schema generates (regenerate: npx tsx src/checks/write-json-schemas.ts)`, () => {
      expect(readFileSync(`${CONTROLS}schema/${file}`, 'utf8')).toBe(generate());
    });

    it(`the examples validate against controls/schema/${file} with a standard validator`, () => {
      const ajv = new Ajv2020({ allErrors: true, strict: false });
      addFormats.default(ajv);
      const validate = ajv.compile(JSON.parse(readFileSync(`${CONTROLS}schema/${file}`, 'utf8')) as object);
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        expect(validate(parse(readFileSync(`${CONTROLS}${example}`, 'utf8'))), `${example}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    });
  }
});
