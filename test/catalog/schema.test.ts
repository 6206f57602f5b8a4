import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_CATALOGUE_DIR, catalogueFileSchema, catalogueJsonSchemaText, loadCatalogueFile } from '../../src/catalog/index.js';
import { PROJECT_ROOT } from '../../src/version.js';

const SCHEMA_FILE = join(PROJECT_ROOT, 'controls', 'schema', 'catalogue.schema.json');
const builtInFiles = readdirSync(BUILT_IN_CATALOGUE_DIR).filter((name) => name.endsWith('.yaml')).sort();

describe('catalogue schema', () => {
  it('committed controls/schema/catalogue.schema.json equals the one generated from the zod schema', () => {
    // Regenerate with: npx tsx src/catalog/write-json-schema.ts
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(catalogueJsonSchemaText());
  });

  it('ships the eight framework catalogues', () => {
    expect(builtInFiles).toEqual([
      'cis-kubernetes-1.10.yaml',
      'hipaa-security-rule.yaml',
      'nist-800-190.yaml',
      'nist-800-53-r5.yaml',
      'nsa-cisa-hardening-1.2.yaml',
      'pci-dss-4.0.1.yaml',
      'pod-security-standards.yaml',
      'soc2-tsc-2017.yaml',
    ]);
  });

  it.each(builtInFiles)('%s validates against the zod schema', (name) => {
    expect(catalogueFileSchema.safeParse(parse(readFileSync(join(BUILT_IN_CATALOGUE_DIR, name), 'utf8'))).error).toBeUndefined();
    expect(() => loadCatalogueFile(join(BUILT_IN_CATALOGUE_DIR, name))).not.toThrow();
  });

  it.each(builtInFiles)('%s validates against the committed JSON Schema (what editors use)', (name) => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
    const valid = validate(parse(readFileSync(join(BUILT_IN_CATALOGUE_DIR, name), 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('each built-in file is named after its framework id', () => {
    for (const name of builtInFiles) {
      expect(loadCatalogueFile(join(BUILT_IN_CATALOGUE_DIR, name)).id, name).toBe(name.replace(/\.yaml$/, ''));
    }
  });
});
