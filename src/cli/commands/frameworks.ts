import type { Command } from 'commander';
import { cachedBuiltInCatalogues } from '../../catalog/built-in-cache.js';
import type { Catalogue } from '../../domain/catalogue.js';
import { chooseOption, formatTable, printJson } from '../output.js';
import { collectFolder } from '../shared/collect-folder.js';

const FORMATS = ['table', 'json'] as const;
type FrameworksFormat = (typeof FORMATS)[number];

export interface FrameworksOptions {
  /** Extra catalogue folders (`--controls DIR`, repeatable). */
  readonly controls: readonly string[];
  readonly format: FrameworksFormat;
}

/** One line of `kubevidence frameworks`. */
export interface FrameworkSummary {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly publisher: string;
  readonly requirements: number;
  /** Requirements with at least one check. */
  readonly automated: number;
  /** Requirements that only manual evidence can satisfy (`checks: []`). */
  readonly manual: number;
  readonly file: string;
  readonly sha256: string;
}

export function summariseCatalogue(catalogue: Catalogue): FrameworkSummary {
  const automated = catalogue.requirements.filter((requirement) => requirement.checks.length > 0).length;
  return {
    id: catalogue.id,
    name: catalogue.name,
    version: catalogue.version,
    publisher: catalogue.publisher,
    requirements: catalogue.requirements.length,
    automated,
    manual: catalogue.requirements.length - automated,
    file: catalogue.file,
    sha256: catalogue.sha256,
  };
}

export function formatFrameworksTable(summaries: readonly FrameworkSummary[]): string {
  return formatTable(
    ['FRAMEWORK', 'NAME', 'VERSION', 'REQUIREMENTS', 'AUTOMATED', 'MANUAL'],
    summaries.map((s) => [s.id, s.name, s.version, String(s.requirements), String(s.automated), String(s.manual)]),
  );
}

/** Built-in catalogues alone come from the build's cache when it is fresh; the YAML loader (yaml, zod) loads on demand. */
async function cataloguesFor(options: FrameworksOptions): Promise<Catalogue[]> {
  const cached = options.controls.length === 0 ? cachedBuiltInCatalogues() : undefined;
  if (cached !== undefined) return cached;
  const { loadCatalogues } = await import('../../catalog/load-catalogues.js');
  return loadCatalogues({ dirs: options.controls });
}

export async function listFrameworks(options: FrameworksOptions): Promise<void> {
  const summaries = (await cataloguesFor(options)).map(summariseCatalogue);
  if (options.format === 'json') printJson(summaries);
  else process.stdout.write(formatFrameworksTable(summaries));
}

export function register(program: Command): void {
  program
    .command('frameworks')
    .description('List the control catalogues (built-in and --controls folders) with versions and requirement counts.')
    .option('--controls <dir>', 'also load catalogue files (*.yaml) from this folder; repeatable', collectFolder, [])
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
    .action(async (flags: { controls: string[]; format: string }) => {
      await listFrameworks({ controls: flags.controls, format: chooseOption('--format', flags.format, FORMATS) });
    });
}
