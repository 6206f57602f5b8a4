import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { FINDING_STATUSES, SEVERITIES } from '../../../domain/status.js';
import { PROJECT_ROOT } from '../../../version.js';
import { svgPathOf, trendGeometry, type TrendGeometry } from '../../model/chart.js';
import type { EvidenceIndexRow, FindingRow, FrameworkReport, PackModel } from '../../model/model-types.js';
import { renderToBuffer, type TextSink } from '../io/text-sink.js';
import { findingListingOf, type FindingGroupRow, type FindingListing } from './finding-listing.js';
import { HELPERS } from './helpers.js';

export const HTML_TEMPLATE_DIR: string = join(PROJECT_ROOT, 'templates', 'html');

/** The trend chart's box in CSS pixels (the SVG scales with its container). */
const CHART_BOX = { width: 520, height: 180, left: 40, bottom: 28 } as const;

/**
 * The long tables (every finding, every evidence object) are not part of the page template: the page holds a
 * marker in their <tbody>, and each row is rendered and written on its own. A large pack's page as one template
 * string held the whole text, and the string pieces it was concatenated from, at once.
 * Markers cannot come from the cluster: every value is escaped, so no value can write `<!--`.
 */
const ROW_MARKER = /<!--kv:rows (finding-rows|evidence-rows)-->/g;
type RowTable = 'finding-rows' | 'evidence-rows';

interface CompiledPack {
  readonly render: Handlebars.TemplateDelegate<HtmlView>;
  readonly findingRow: Handlebars.TemplateDelegate<FindingRow>;
  readonly findingGroupRow: Handlebars.TemplateDelegate<FindingGroupRow>;
  readonly evidenceRow: Handlebars.TemplateDelegate<EvidenceIndexRow>;
  /** base64 SHA-256 of the inline script, for the Content-Security-Policy that allows only it to run. */
  readonly scriptHash: string;
}

let compiled: CompiledPack | undefined;

/**
 * report.html: one self-contained file (inline CSS, inline SVG, one small inline script for filtering), no
 * external requests, readable offline and printable. Every value from the model is printed with `{{ }}`, so
 * cluster-supplied text (names, annotations, messages) is always escaped; on top of that, a
 * Content-Security-Policy allows no network access and only the pack's own script (by hash) to run.
 */
export function writeHtml(model: PackModel, sink: TextSink): void {
  const pack = compiledPack();
  const view = htmlViewOf(model, pack.scriptHash);
  const page = pack.render(view);
  let written = 0;
  for (const marker of page.matchAll(ROW_MARKER)) {
    sink(page.slice(written, marker.index));
    writeRows(marker[1] as RowTable, view, pack, sink);
    written = marker.index + marker[0].length;
  }
  sink(page.slice(written));
}

function writeRows(table: RowTable, view: HtmlView, pack: CompiledPack, sink: TextSink): void {
  if (table === 'evidence-rows') {
    for (const entry of view.model.evidenceIndex) sink(pack.evidenceRow(entry));
    return;
  }
  for (const row of view.listing.rows) sink(pack.findingRow(row));
  for (const group of view.listing.groups) sink(pack.findingGroupRow(group));
}

export function renderHtml(model: PackModel): Buffer {
  return renderToBuffer((sink) => writeHtml(model, sink));
}

/** Templates are read and compiled once per process: they are part of the installation, not of the input. */
function compiledPack(): CompiledPack {
  if (compiled !== undefined) return compiled;
  const handlebars = Handlebars.create();
  for (const [name, helper] of Object.entries(HELPERS)) handlebars.registerHelper(name, helper as Handlebars.HelperDelegate);
  const partialDir = join(HTML_TEMPLATE_DIR, 'partials');
  for (const file of readdirSync(partialDir).filter((name) => name.endsWith('.hbs')).sort()) {
    handlebars.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(join(partialDir, file), 'utf8'));
  }
  // CSS and script are static files inlined verbatim: as partials they are template text without
  // expressions, so nothing from the model can reach them (a test checks they contain no `{{`).
  const css = readFileSync(join(HTML_TEMPLATE_DIR, 'pack.css'), 'utf8');
  const script = readFileSync(join(HTML_TEMPLATE_DIR, 'pack.js'), 'utf8');
  handlebars.registerPartial('pack-css', css);
  handlebars.registerPartial('pack-js', script);
  const compile = <T>(file: string): Handlebars.TemplateDelegate<T> => handlebars.compile<T>(readFileSync(join(HTML_TEMPLATE_DIR, file), 'utf8'), { strict: true, noEscape: false });
  compiled = {
    render: compile<HtmlView>('pack.hbs'),
    findingRow: compile<FindingRow>('rows/finding-row.hbs'),
    findingGroupRow: compile<FindingGroupRow>('rows/finding-group-row.hbs'),
    evidenceRow: compile<EvidenceIndexRow>('rows/evidence-row.hbs'),
    scriptHash: createHash('sha256').update(script).digest('base64'),
  };
  return compiled;
}

interface FrameworkView extends FrameworkReport {
  readonly chart: { readonly geometry: TrendGeometry; readonly path: string } | null;
}

interface HtmlView {
  readonly model: PackModel;
  readonly frameworks: readonly FrameworkView[];
  readonly csp: string;
  readonly listing: FindingListing;
  readonly filters: {
    readonly frameworks: readonly { readonly id: string; readonly name: string }[];
    readonly statuses: readonly string[];
    readonly severities: readonly string[];
    readonly namespaces: readonly string[];
  };
}

function htmlViewOf(model: PackModel, scriptHash: string): HtmlView {
  return {
    model,
    frameworks: model.frameworks.map((framework) => ({ ...framework, chart: chartOf(framework) })),
    listing: findingListingOf(model.findings, model.limits.htmlFindingRows),
    csp: `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${scriptHash}'; base-uri 'none'; form-action 'none'`,
    filters: {
      frameworks: model.frameworks.map(({ id, name }) => ({ id, name })),
      statuses: [...FINDING_STATUSES],
      severities: [...SEVERITIES],
      namespaces: [...new Set(model.findings.map((row) => row.namespace ?? '(cluster)'))].sort(),
    },
  };
}

function chartOf(framework: FrameworkReport): FrameworkView['chart'] {
  if (framework.trend.length === 0) return null;
  const geometry = trendGeometry(
    framework.trend.map((point) => ({ label: point.collectedAt.slice(0, 10), value: point.score })),
    CHART_BOX,
  );
  return { geometry, path: svgPathOf(geometry) };
}
