import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../version.js';
import { customCheckJsonSchemaText } from './cel/custom-check-schema.js';
import { waiversJsonSchemaText } from './waivers.js';

/**
 * Regenerates controls/schema/{waivers,custom-check}.schema.json from the zod schemas the loaders use.
 * Run after changing either schema: `npx tsx src/checks/write-json-schemas.ts` (a test fails until you do).
 */
const files = { 'waivers.schema.json': waiversJsonSchemaText(), 'custom-check.schema.json': customCheckJsonSchemaText() };
for (const [name, text] of Object.entries(files)) {
  const target = join(PROJECT_ROOT, 'controls', 'schema', name);
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
