import { readFileSync } from 'node:fs';

/** The tool version recorded in every run and pack, read from package.json once. */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Project root, for bundled data (controls/, templates/, fonts). */
export const PROJECT_ROOT: string = new URL('..', import.meta.url).pathname;
