import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../version.js';
import { catalogueJsonSchemaText } from './schema.js';

/**
 * Regenerates controls/schema/catalogue.schema.json from the zod schema.
 * Run after changing src/catalog/schema.ts: `npx tsx src/catalog/write-json-schema.ts`.
 */
const target = join(PROJECT_ROOT, 'controls', 'schema', 'catalogue.schema.json');
writeFileSync(target, catalogueJsonSchemaText());
process.stdout.write(`wrote ${target}\n`);
