import type { Command } from 'commander';
import { loadCatalogues, selectCatalogues } from '../../catalog/index.js';
import { BUILT_IN_CHECKS } from '../../checks/registry.js';
import type { Catalogue, Requirement } from '../../domain/catalogue.js';
import type { CheckMetadata } from '../../domain/check.js';
import { usageError } from '../../errors.js';
import { chooseOption, printJson } from '../output.js';
import { collectFolder } from '../shared/collect-folder.js';
import { findRequirement } from '../shared/find-requirement.js';

const FORMATS = ['text', 'json'] as const;
type ControlsFormat = (typeof FORMATS)[number];

export interface ShowRequirementOptions {
  readonly framework: string;
  readonly requirement: string;
  readonly controls: readonly string[];
  readonly format: ControlsFormat;
}

/** A requirement with its checks resolved to titles where the check is known. */
export interface RequirementView {
  readonly framework: { readonly id: string; readonly name: string; readonly version: string };
  readonly requirement: Requirement;
  readonly checks: readonly { readonly id: string; readonly title: string | null; readonly severity: string | null }[];
}

export function viewRequirement(catalogue: Catalogue, requirement: Requirement, checks: readonly CheckMetadata[]): RequirementView {
  const byId = new Map(checks.map((check) => [check.id, check]));
  return {
    framework: { id: catalogue.id, name: catalogue.name, version: catalogue.version },
    requirement,
    checks: requirement.checks.map((id) => ({ id, title: byId.get(id)?.title ?? null, severity: byId.get(id)?.severity ?? null })),
  };
}

export function formatRequirementView(view: RequirementView): string {
  const { requirement } = view;
  const lines = [
    `${view.framework.id} ${requirement.id}: ${requirement.title}`,
    `Framework:  ${view.framework.name} (${view.framework.version})`,
    ...(requirement.section === undefined ? [] : [`Section:    ${requirement.section}`]),
    `Coverage:   ${requirement.coverage}`,
    `Source:     ${requirement.source.type}: ${requirement.source.ref}`,
    '',
    'Automated checks:',
    ...(view.checks.length === 0 ? ['  (none: only manual evidence can support this requirement)'] : describeChecks(view.checks)),
    '',
    'Manual evidence an auditor will ask for:',
    ...(requirement.manualEvidence.length === 0 ? ['  (none)'] : requirement.manualEvidence.map((item) => `  - ${item}`)),
  ];
  return `${lines.join('\n')}\n`;
}

/** One line per check, titles aligned in a column. */
function describeChecks(checks: RequirementView['checks']): string[] {
  const width = Math.max(...checks.map(({ id }) => id.length));
  return checks.map(({ id, title, severity }) => `  ${id.padEnd(width)}  ${title === null ? '(not a built-in check)' : `${title} [${severity ?? '?'}]`}`);
}

function showRequirement(options: ShowRequirementOptions): void {
  const { catalogue, requirement } = findRequirement(loadCatalogues({ dirs: options.controls }), options.framework, options.requirement);
  const view = viewRequirement(catalogue, requirement, BUILT_IN_CHECKS);
  if (options.format === 'json') printJson(view);
  else process.stdout.write(formatRequirementView(view));
}

export function register(program: Command): void {
  const controls = program.command('controls').description('Inspect the requirements of the control catalogues.');
  controls
    .command('show <framework> <requirement>')
    .description('Show a requirement: its title, the checks that evidence it and the manual evidence still needed.')
    .option('--controls <dir>', 'also load catalogue files (*.yaml) from this folder; repeatable', collectFolder, [])
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'text')
    .action((framework: string, requirement: string, flags: { controls: string[]; format: string }) => {
      showRequirement({ framework, requirement, controls: flags.controls, format: chooseOption('--format', flags.format, FORMATS) });
    });
}
