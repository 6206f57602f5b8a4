import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Document } from 'yaml';
import type { Catalogue, Requirement } from '../domain/catalogue.js';
import { inputError, type KvError } from '../errors.js';
import { PROJECT_ROOT } from '../version.js';
import { errorAt, parseYamlText, singleDocument, validateDocument, type ParsedYaml } from '../yaml-input.js';
import { cachedBuiltInCatalogues } from './built-in-cache.js';
import { catalogueFileSchema, type CatalogueFile, type RequirementEntry } from './schema.js';

/** Error code of every catalogue problem (exit code 3, invalid input file). */
export const CATALOGUE_INVALID = 'catalogue.invalid';

/** The catalogues shipped with kubevidence. */
export const BUILT_IN_CATALOGUE_DIR: string = join(PROJECT_ROOT, 'controls', 'frameworks');

export interface LoadCataloguesOptions {
  /** Extra folders (`--controls DIR`), loaded after the built-in ones and validated the same way. */
  readonly dirs?: readonly string[];
  /** When given, every check a requirement names must be one of these ids (built-in plus custom checks). */
  readonly knownChecks?: readonly string[];
  /** Whether to load controls/frameworks (default true; tests of single folders turn it off). */
  readonly builtIn?: boolean;
}

/** A validated file together with what is needed to point errors at its lines. */
interface LoadedFile {
  readonly catalogue: Catalogue;
  readonly parsed: ParsedYaml;
  readonly document: Document.Parsed;
}

/**
 * Loads and validates catalogues: the built-in ones, then every `*.yaml`/`*.yml` of each extra folder, each folder
 * in file-name order. The first problem stops loading and is thrown as a one-line `file:line field: message` error:
 * schema violations, duplicate requirement ids within a file, a check listed twice, unknown check ids (when
 * `knownChecks` is given) and framework ids defined by two files.
 */
export function loadCatalogues(options: LoadCataloguesOptions = {}): Catalogue[] {
  const cached = options.builtIn === false ? undefined : usableCache(options.knownChecks);
  const folders = [...(options.builtIn === false || cached !== undefined ? [] : [BUILT_IN_CATALOGUE_DIR]), ...(options.dirs ?? [])];
  const files = folders.flatMap(catalogueFilesIn);
  const loaded: { readonly catalogue: Catalogue }[] = (cached ?? []).map((catalogue) => ({ catalogue }));
  for (const file of files) {
    const next = loadFile(file, options.knownChecks);
    rejectDuplicateFramework(next, loaded);
    loaded.push(next);
  }
  return loaded.map(({ catalogue }) => catalogue);
}

/** Loads one catalogue file; `knownChecks` as in {@link loadCatalogues}. */
export function loadCatalogueFile(file: string, knownChecks?: readonly string[]): Catalogue {
  return loadFile(file, knownChecks).catalogue;
}

/** The catalogue files of one folder, sorted, as paths that read well in error messages. */
function catalogueFilesIn(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    throw inputError(CATALOGUE_INVALID, `cannot read catalogue folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: folder });
  }
  const yamlNames = names.filter((name) => /\.ya?ml$/.test(name)).sort();
  if (yamlNames.length === 0) throw inputError(CATALOGUE_INVALID, 'no catalogue files (*.yaml, *.yml) in this folder', { file: folder });
  return yamlNames.map((name) => join(folder, name));
}

function loadFile(file: string, knownChecks: readonly string[] | undefined): LoadedFile {
  const bytes = readBytes(file);
  const shown = displayPath(file);
  const parsed = parseYamlText(shown, bytes.toString('utf8'), CATALOGUE_INVALID);
  const document = singleDocument(parsed, CATALOGUE_INVALID);
  const content = validateDocument(parsed, document, catalogueFileSchema, CATALOGUE_INVALID);
  const problem = firstCrossFieldProblem(content, knownChecks === undefined ? undefined : new Set(knownChecks));
  if (problem !== undefined) throw errorAt(parsed, document, problem.path, problem.message, CATALOGUE_INVALID);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { catalogue: toCatalogue(content, shown, sha256), parsed, document };
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw inputError(CATALOGUE_INVALID, `cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: displayPath(file) });
  }
}

/** Built-in files are named relative to the project (`controls/frameworks/x.yaml`) wherever it is installed. */
function displayPath(file: string): string {
  return file.startsWith(BUILT_IN_CATALOGUE_DIR) ? relative(PROJECT_ROOT, file) : file;
}

interface Problem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Rules the schema cannot express because they look across entries. */
function firstCrossFieldProblem(content: CatalogueFile, knownChecks: ReadonlySet<string> | undefined): Problem | undefined {
  const firstIndexOf = new Map<string, number>();
  for (const [index, requirement] of content.requirements.entries()) {
    const earlier = firstIndexOf.get(requirement.id);
    if (earlier !== undefined) {
      return { path: ['requirements', index, 'id'], message: `duplicate requirement id '${requirement.id}' (also requirements[${earlier}])` };
    }
    firstIndexOf.set(requirement.id, index);
    const checkProblem = firstCheckProblem(requirement, knownChecks);
    if (checkProblem !== undefined) return { path: ['requirements', index, 'checks', checkProblem.index], message: checkProblem.message };
  }
  return undefined;
}

function firstCheckProblem(requirement: RequirementEntry, knownChecks: ReadonlySet<string> | undefined): { index: number; message: string } | undefined {
  const seen = new Set<string>();
  for (const [index, check] of requirement.checks.entries()) {
    if (seen.has(check)) return { index, message: `check '${check}' is listed twice` };
    seen.add(check);
    if (knownChecks !== undefined && !knownChecks.has(check)) return { index, message: `unknown check '${check}'` };
  }
  return undefined;
}

/**
 * The built-in catalogues from the build's cache (src/catalog/built-in-cache.ts: used only while every file is
 * byte-identical), unless a check they name is not among `knownChecks`: then the files are parsed, so the error names
 * the file, line and field.
 */
function usableCache(knownChecks: readonly string[] | undefined): Catalogue[] | undefined {
  const cached = cachedBuiltInCatalogues();
  if (cached === undefined || knownChecks === undefined) return cached;
  const known = new Set(knownChecks);
  return cached.every((catalogue) => catalogue.requirements.every((requirement) => requirement.checks.every((check) => known.has(check)))) ? cached : undefined;
}

function rejectDuplicateFramework(next: LoadedFile, loaded: readonly { readonly catalogue: Catalogue }[]): void {
  const clash = loaded.find(({ catalogue }) => catalogue.id === next.catalogue.id);
  if (clash !== undefined) throw duplicateFramework(next, clash.catalogue.file);
}

function duplicateFramework(next: LoadedFile, otherFile: string): KvError {
  return errorAt(next.parsed, next.document, ['id'], `duplicate framework id '${next.catalogue.id}' (also defined in ${otherFile})`, CATALOGUE_INVALID);
}

function toCatalogue(content: CatalogueFile, file: string, sha256: string): Catalogue {
  return {
    id: content.id,
    name: content.name,
    version: content.version,
    publisher: content.publisher,
    sourceUrl: content.sourceUrl,
    licence: content.licence,
    requirements: content.requirements.map(toRequirement),
    file,
    sha256,
  };
}

function toRequirement(entry: RequirementEntry): Requirement {
  const requirement: Requirement = {
    id: entry.id,
    title: entry.title,
    checks: entry.checks,
    manualEvidence: entry.manualEvidence,
    coverage: entry.coverage,
    source: { type: entry.source.type, ref: entry.source.ref },
  };
  return entry.section === undefined ? requirement : { ...requirement, section: entry.section };
}
