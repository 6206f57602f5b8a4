import PDFDocument from 'pdfkit';
import {
  blastRadiusText,
  exposureText,
  findingCountsText,
  formatDate,
  formatHistory,
  formatHours,
  formatInstant,
  formatPeriod,
  formatScore,
  plural,
  requirementCountsLine,
  severityLine,
  totalsLine,
} from '../../model/format.js';
import type { FindingRow, FrameworkReport, PackModel, RequirementSection, WaiverRow } from '../../model/model-types.js';
import { drawTrendChart } from './charts.js';
import { registerFonts, type Doc } from './fonts.js';
import { COLORS, Layout, PAGE, STATUS_COLORS, type Column, type TocEntry } from './layout.js';

export interface RenderedPdf {
  readonly bytes: Buffer;
  /**
   * Where the visible signature block sits on the last page, in PDF user space (origin bottom left):
   * [x1, y1, x2, y2]. The signing stage places the signature widget there. null when the model has no signer.
   */
  readonly signatureRect: readonly [number, number, number, number] | null;
  readonly pageCount: number;
}

/** Evidence index rows printed in the PDF; the full index is in report.html and assessment-results.json. */
const PDF_EVIDENCE_INDEX_LIMIT = 5_000;
/**
 * Findings listed in full (message and evidence) under a requirement. The worst come first; the rest of the
 * requirement's findings are counted and left to Appendix C (one line each) and findings.csv. Ten keeps a
 * neglected cluster's requirement to about a page, where the model's limit would be pages of the same check.
 */
export const PDF_FINDINGS_PER_REQUIREMENT = 10;
/** Type size of the one-line appendix lists (findings, evidence index). */
const LIST_FONT_SIZE = 6.5;
/** Lines of the table of contents per page (fixed line height, so the page count is known before the body exists). */
const TOC_LINES_PER_PAGE = 48;
const TOC_LINE_HEIGHT = 13.5;
const SIGNATURE_BLOCK_HEIGHT = 118;

const colored = (value: string): string | undefined => STATUS_COLORS[value];

/**
 * report.pdf from the pack model alone. Deterministic: metadata dates come from the run, the document id from
 * the metadata, and fonts are the ones shipped with the project, so the same model gives the same bytes.
 * Layout: cover, table of contents (with page numbers and links), remediation plan and attack surface, executive
 * summary per framework with its trend chart, one section per requirement, appendices, and, for a signed pack, a
 * visible signature block that ends the last page. Every page but the cover has a running header and a
 * "Page X of Y" footer; the outline (bookmarks) mirrors the sections down to single requirements.
 */
export async function renderPdf(model: PackModel): Promise<RenderedPdf> {
  const doc = createDocument(model);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const layout = new Layout(doc);
  drawCover(layout, model);
  const tocPages = reserveTocPages(layout, contentsLinesOf(model));
  for (const section of PDF_SECTIONS) section.draw(layout, model);
  assertContentsFit(layout, model);
  const signatureRect = model.signer === null ? null : drawSignatureBlock(layout, model);
  fillToc(layout, tocPages);
  const pageCount = layout.doc.bufferedPageRange().count;
  drawRunningHeadersAndFooters(layout, model, pageCount);
  doc.end();
  await finished;
  return { bytes: Buffer.concat(chunks), signatureRect, pageCount };
}

function createDocument(model: PackModel): Doc {
  const doc = new PDFDocument({
    size: PAGE.size,
    margins: PAGE.margin,
    bufferPages: true,
    autoFirstPage: false,
    pdfVersion: '1.7',
    lang: 'en',
    displayTitle: true,
    info: {
      Title: `${model.cover.title}: ${model.cover.clusterName}`,
      Author: 'kubevidence',
      Subject: `Compliance evidence for ${model.cover.frameworks.map((framework) => `${framework.name} ${framework.version}`).join(', ')}; run ${model.cover.runId}`,
      Keywords: ['kubernetes', 'compliance', 'audit', ...model.cover.frameworks.map((framework) => framework.id)].join(', '),
      Creator: `kubevidence ${model.cover.toolVersion}`,
      Producer: 'kubevidence (PDFKit)',
      // Dates from the run, not the clock: the same run renders to the same bytes.
      CreationDate: new Date(model.cover.collectedAt),
      ModDate: new Date(model.cover.generatedAt),
    },
  });
  registerFonts(doc);
  return doc;
}

// ---------------------------------------------------------------- cover and contents

function drawCover(layout: Layout, model: PackModel): void {
  const { doc } = layout;
  const { cover } = model;
  layout.addPage();
  doc.outline.addItem('Cover');
  doc.rect(0, 0, PAGE.width, 10).fill(COLORS.accent);
  doc.y = 120;
  layout.paragraph('KUBEVIDENCE AUDIT PACK', { size: 10, bold: true, color: COLORS.accent, gap: 8 });
  layout.paragraph(cover.title, { size: 24, bold: true, gap: 6 });
  layout.paragraph(cover.clusterName, { size: 16, gap: 24 });
  layout.fields(
    [
      ['Cluster', cover.clusterName],
      ['Cluster ID', cover.clusterUid ?? 'unknown'],
      ['API server', `${cover.server ?? 'unknown'}${cover.kubernetesVersion === null ? '' : ` · Kubernetes ${cover.kubernetesVersion}`}`],
      ['Period covered', formatPeriod(cover.period)],
      ['Run', `run ${cover.runId}, collected ${formatInstant(cover.collectedAt)}`],
      ['Compared with', cover.comparedTo === null ? 'no earlier run' : `run ${cover.comparedTo.runId}, collected ${formatInstant(cover.comparedTo.collectedAt)}`],
      ['Frameworks', cover.frameworks.map((framework) => `${framework.name} ${framework.version}`).join('; ')],
      ['Generated', `${formatInstant(cover.generatedAt)} by kubevidence ${cover.toolVersion} (run collected with ${cover.runToolVersion})`],
      ['Signed by', cover.signer === null ? 'not signed' : `${cover.signer.name} · ${cover.signer.subject} · SHA-256 ${cover.signer.fingerprint}`],
    ],
    { labelWidth: 110, size: 10 },
  );
  layout.space(10);
  layout.paragraph(totalsLine(model.totals), { size: 10.5, bold: true, gap: 6 });
  layout.paragraph(
    'Every statement in this pack traces to findings, and every finding to the evidence object whose SHA-256 is listed in Appendix E. ' +
      'The machine-readable files beside this report (findings.json, findings.csv, assessment-results.json) carry the same numbers.',
    { size: 8.5, color: COLORS.muted },
  );
}

/**
 * The body of the PDF, in order. The contents pages are reserved before the body is drawn, so each section
 * states how many contents lines (headings drawn with `toc: true`) it adds; a new section is one row here.
 */
interface PdfSection {
  readonly contentsLines: (model: PackModel) => number;
  readonly draw: (layout: Layout, model: PackModel) => void;
}

const PDF_SECTIONS: readonly PdfSection[] = [
  // The plan and its attack-surface subsection.
  { contentsLines: () => 2, draw: drawRemediation },
  { contentsLines: () => 1, draw: drawExecutiveSummary },
  // Per framework: its requirements chapter and one line per requirement.
  { contentsLines: (model) => model.frameworks.reduce((sum, framework) => sum + 1 + framework.requirements.length, 0), draw: drawFrameworks },
  { contentsLines: () => 1, draw: drawMethodology },
  { contentsLines: () => 1, draw: drawCheckCatalogue },
  { contentsLines: () => 1, draw: drawFindingsAppendix },
  { contentsLines: () => 1, draw: drawWaiversAppendix },
  { contentsLines: () => 1, draw: drawEvidenceIndex },
];

function contentsLinesOf(model: PackModel): number {
  return PDF_SECTIONS.reduce((sum, section) => sum + section.contentsLines(model), 0);
}

/** A section that adds contents lines it did not declare would overflow the reserved pages: fail, do not misprint. */
function assertContentsFit(layout: Layout, model: PackModel): void {
  const declared = contentsLinesOf(model);
  if (layout.toc.length !== declared) {
    throw new Error(`PDF sections declared ${declared} contents lines but drew ${layout.toc.length}: update contentsLines in PDF_SECTIONS`);
  }
}

/** Blank pages for the contents, drawn once the body has its page numbers. */
function reserveTocPages(layout: Layout, lines: number): number[] {
  // Two lines more for the title.
  const count = Math.max(1, Math.ceil((lines + 2) / TOC_LINES_PER_PAGE));
  const pages: number[] = [];
  for (let page = 0; page < count; page += 1) {
    layout.addPage();
    if (page === 0) layout.doc.outline.addItem('Contents');
    pages.push(layout.pageIndex);
  }
  return pages;
}

function fillToc(layout: Layout, pages: readonly number[]): void {
  const { doc } = layout;
  const lines: (TocEntry | 'title' | 'gap')[] = ['title', 'gap', ...layout.toc];
  lines.forEach((line, index) => {
    const row = index % TOC_LINES_PER_PAGE;
    if (row === 0) doc.switchToPage(pages[Math.floor(index / TOC_LINES_PER_PAGE)] ?? pages[pages.length - 1] ?? 1);
    const y = PAGE.margin.top + row * TOC_LINE_HEIGHT;
    if (line === 'gap') return;
    if (line === 'title') {
      layout.drawText('Contents', layout.left, PAGE.margin.top, { width: layout.width, size: 17, color: COLORS.accent, bold: true });
      return;
    }
    const indent = line.level === 1 ? 0 : 14;
    const pageLabel = String(line.page + 1);
    const size = line.level === 1 ? 9.5 : 8.5;
    const numberWidth = 36;
    const titleWidth = layout.width - indent - numberWidth;
    layout.line(line.title, layout.left + indent, y, { width: titleWidth - 6, size, color: COLORS.ink, bold: line.level === 1, goTo: line.destination });
    layout.line(pageLabel, layout.left + layout.width - numberWidth, y, { width: numberWidth, size, color: COLORS.ink, align: 'right', goTo: line.destination });
  });
}

// ---------------------------------------------------------------- remediation and attack surface

function drawRemediation(layout: Layout, model: PackModel): void {
  const { remediation } = model;
  const root = layout.doc.outline;
  layout.heading('Prioritised remediation plan', { level: 1, destination: 'remediation', outline: root, toc: true, newPage: true });
  layout.paragraph(
    `The fixes that reduce the most risk first, ranked by severity, exposure from outside the cluster, blast radius and the framework requirements each would close (Appendix A states the rules; findings.json lists all ${plural(remediation.items.length, 'fix', 'fixes')}).`,
  );
  layout.paragraph(remediation.formula, { size: 8.5, color: COLORS.muted });
  for (const group of remediation.groups) {
    layout.heading(group.title, { level: 3 });
    layout.paragraph(group.description, { size: 8.5, color: COLORS.muted });
    if (group.items.length === 0) {
      layout.paragraph('No failing finding calls for a fix under this threat model.', { size: 8.5 });
      continue;
    }
    layout.table(
      [
        { header: '#', width: 0.04, align: 'right' },
        { header: 'Priority', width: 0.075, align: 'right' },
        { header: 'Fix', width: 0.29, firstLineBold: true },
        { header: 'Where', width: 0.17 },
        { header: 'Severity', width: 0.085, colorOf: colored },
        { header: 'Exposure', width: 0.12 },
        { header: 'Blast radius', width: 0.11 },
        { header: 'Closes', width: 0.11 },
      ],
      group.items.map((item) => [
        String(item.rank),
        String(item.priority),
        `${item.checkTitle}\n${item.check}\n${item.remediation}`,
        `${item.group}: ${plural(item.resourceCount, 'resource')}\n${item.resources.slice(0, 3).join('\n')}${item.resourceCount > 3 ? '\n…' : ''}`,
        item.severity,
        exposureText(item),
        blastRadiusText(item.blastRadius),
        `${item.requirementsToPass.length === 0 ? 'none alone' : item.requirementsToPass.join('; ')}${item.requirementsHelped > 0 ? `\nhelps ${plural(item.requirementsHelped, 'more requirement')}` : ''}`,
      ]),
      { fontSize: 7.2 },
    );
    if (group.omitted > 0) layout.paragraph(`+${group.omitted} more fixes for this threat model in findings.json.`, { size: 8, color: COLORS.muted });
  }
  drawAttackSurface(layout, model);
}

function drawAttackSurface(layout: Layout, model: PackModel): void {
  const surface = model.attackSurface;
  layout.heading('Attack surface', { level: 2, destination: 'attack-surface', outline: layout.doc.outline, toc: true });
  const runs = surface.trend.slice(-6);
  const share = 0.5 / runs.length;
  layout.table(
    [{ header: 'Measure', width: 0.5 }, ...runs.map((point) => ({ header: `run ${point.runId}\n${formatDate(point.collectedAt)}`, width: share, align: 'right' as const }))],
    [
      ['Exposed endpoints', ...runs.map((point) => String(point.counts.exposedEndpoints))],
      ['Privileged workloads', ...runs.map((point) => String(point.counts.privilegedWorkloads))],
      ['hostPath workloads', ...runs.map((point) => String(point.counts.hostPathWorkloads))],
      ['Identities with cluster-wide power', ...runs.map((point) => String(point.counts.clusterWideIdentities))],
      ['Roles and bindings with secrets access', ...runs.map((point) => String(point.counts.secretsAccess))],
    ],
    { fontSize: 8.5 },
  );
  const list = (names: readonly string[]): string => (names.length === 0 ? 'none observed' : names.join(', '));
  layout.fields(
    [
      ['Exposed endpoints', list(surface.exposedEndpoints)],
      ['Privileged workloads', list(surface.privilegedWorkloads)],
      ['Cluster-wide identities', list(surface.clusterWideIdentities)],
    ],
    { size: 8.5 },
  );
}

// ---------------------------------------------------------------- executive summary

function drawExecutiveSummary(layout: Layout, model: PackModel): void {
  const outline = layout.heading('Executive summary', { level: 1, destination: 'summary', outline: layout.doc.outline, toc: true, newPage: true });
  for (const framework of model.frameworks) drawFrameworkSummary(layout, framework, outline);
}

function drawFrameworkSummary(layout: Layout, framework: FrameworkReport, outline: PDFKit.PDFOutline | null): void {
  const { doc } = layout;
  layout.ensure(250);
  layout.heading(`${framework.name} ${framework.version}`, { level: 2, destination: `${framework.anchor}-summary`, outline });
  const top = doc.y;
  layout.drawText(formatScore(framework.score), layout.left, top, { width: 150, size: 28, color: COLORS.accent, bold: true });
  layout.drawText(`score · ${plural(framework.requirementCount, 'requirement')}`, layout.left, top + 36, { width: 160, size: 8.5, color: COLORS.muted });
  layout.drawText(requirementCountsLine(framework.counts), layout.left, top + 54, { width: 170, size: 8.5, color: COLORS.ink });
  layout.drawText(severityLine(framework.failingBySeverity), layout.left, top + 100, { width: 170, size: 8.5, color: COLORS.ink });
  if (framework.trend.length > 0) {
    drawTrendChart(doc, framework.trend.map((point) => ({ label: formatDate(point.collectedAt), value: point.score })), { x: layout.left + 190, y: top, width: layout.width - 190, height: 150 });
  } else {
    layout.drawText('No score trend: this is the only stored run.', layout.left + 190, top, { width: layout.width - 190, size: 8.5, color: COLORS.muted });
  }
  doc.x = layout.left;
  doc.y = top + 160;
  drawChanges(layout, framework);
  layout.space(6);
}

function drawChanges(layout: Layout, framework: FrameworkReport): void {
  const changes = framework.changes;
  if (changes === null) return;
  layout.paragraph(`Since run ${changes.comparedTo.runId} (${formatDate(changes.comparedTo.collectedAt)}): ${plural(changes.findingsNewlyFailing, 'finding')} newly failing or unknown, ${plural(changes.findingsFixed, 'finding')} fixed.`, { size: 9, bold: true });
  for (const change of changes.newlyFailing) layout.paragraph(`Newly failing: ${change.id} ${change.title}`, { size: 8.5, color: COLORS.fail, indent: 10, gap: 1 });
  for (const change of changes.fixed) layout.paragraph(`${change.label}: ${change.id} ${change.title} (now ${change.after ?? 'gone'})`, { size: 8.5, color: change.label === 'Fixed' ? COLORS.pass : COLORS.ink, indent: 10, gap: 1 });
  if (changes.newlyFailing.length === 0 && changes.fixed.length === 0) layout.paragraph('No requirement changed between failing and not failing.', { size: 8.5, indent: 10 });
}

// ---------------------------------------------------------------- requirements

function drawFrameworks(layout: Layout, model: PackModel): void {
  for (const framework of model.frameworks) drawFramework(layout, framework);
}

function drawFramework(layout: Layout, framework: FrameworkReport): void {
  const outline = layout.heading(`${framework.name} ${framework.version}: requirements`, { level: 1, destination: framework.anchor, outline: layout.doc.outline, toc: true, newPage: true });
  for (const section of framework.requirements) drawRequirement(layout, section, outline);
}

function drawRequirement(layout: Layout, section: RequirementSection, outline: PDFKit.PDFOutline | null): void {
  layout.ensure(120);
  layout.heading(`${section.id}  ${section.title}`.trim(), { level: 2, destination: section.anchor, outline, toc: true });
  layout.fields(requirementFields(section), { size: 8.5, labelWidth: 95 });
  if (section.checks.length > 0) {
    layout.table(
      [
        { header: 'Check', width: 0.36, firstLineBold: true },
        { header: 'Severity', width: 0.1, colorOf: colored },
        { header: 'Findings', width: 0.2 },
        { header: 'Remediation', width: 0.34 },
      ],
      section.checks.map((check) => [`${check.title}\n${check.id}`, check.severity, findingCountsText(check.counts), check.remediation]),
    );
  }
  if (section.findings.length > 0) drawRequirementFindings(layout, section);
  drawRequirementExtras(layout, section);
  layout.space(6);
}

/** The requirement's worst findings in full, and, when there are more, how many are shown and where the rest are. */
function drawRequirementFindings(layout: Layout, section: RequirementSection): void {
  const shown = section.findings.slice(0, PDF_FINDINGS_PER_REQUIREMENT);
  layout.paragraph(`Failing, unknown and waived resources (${section.findingsTotal})`, { size: 9, bold: true, gap: 2 });
  layout.table(FINDING_COLUMNS, shown.map(findingCells));
  const rest = section.findingsTotal - shown.length;
  if (rest > 0) layout.paragraph(requirementFindingsSummary(shown.length, section.findingsTotal), { size: 8.5, color: COLORS.muted });
}

/** Exported for the tests, which look for this sentence in the PDF's text. */
export function requirementFindingsSummary(shown: number, total: number): string {
  return `Showing ${shown} of ${total}, worst first: the other ${total - shown} are listed in Appendix C and in findings.csv.`;
}

function requirementFields(section: RequirementSection): [string, string][] {
  const fields: [string, string][] = [['Status', section.statusLabel]];
  if (section.section !== null) fields.push(['Section', section.section]);
  fields.push(['Result', section.summary]);
  fields.push(['Basis', `${section.basis}${section.coverage === null ? '' : ` · checks cover it ${section.coverage}`} · ${section.fullyEvidenced ? 'fully evidenced' : 'not fully evidenced'}`]);
  if (section.history !== null) {
    const mttr = section.history.meanTimeToRemediateHours;
    fields.push(['Over the period', `${formatHistory(section.history)}${mttr === null ? '' : ` · mean time to remediate ${formatHours(mttr)}`}`]);
  }
  if (section.mappingSource !== null) fields.push(['Mapping', `${section.mappingSource.type}: ${section.mappingSource.ref}`]);
  return fields;
}

function drawRequirementExtras(layout: Layout, section: RequirementSection): void {
  if (section.waivers.length > 0) {
    layout.paragraph('Waivers', { size: 9, bold: true, gap: 2 });
    layout.table(WAIVER_COLUMNS, section.waivers.map(waiverCells));
  }
  if (section.attestations.length > 0) {
    layout.paragraph('Attestations', { size: 9, bold: true, gap: 2 });
    for (const attestation of section.attestations) {
      const files = attestation.files.map((file) => `${file.path} (SHA-256 ${file.sha256})`).join('; ');
      layout.paragraph(`${attestation.by}, ${formatDate(attestation.createdAt)}${attestation.expiresAt === null ? '' : ` (expires ${attestation.expiresAt})`}: ${attestation.note}${files === '' ? '' : ` Files: ${files}`}`, { size: 8.5, indent: 10 });
    }
  }
  if (section.outstandingManualEvidence.length > 0) {
    layout.paragraph('Manual evidence still required', { size: 9, bold: true, gap: 2 });
    for (const item of section.outstandingManualEvidence) layout.paragraph(`• ${item}`, { size: 8.5, indent: 10, gap: 1 });
    layout.space(3);
  }
}

const FINDING_COLUMNS: readonly Column[] = [
  { header: 'Status', width: 0.1, colorOf: colored, bold: true },
  { header: 'Severity', width: 0.095, colorOf: colored },
  { header: 'Resource', width: 0.2 },
  { header: 'Finding', width: 0.285 },
  { header: 'Evidence (path = observed)', width: 0.32 },
];

function findingCells(row: FindingRow): string[] {
  const waiver = row.waiver === null ? '' : `\nwaived by ${row.waiver.approver} until ${row.waiver.expires}: ${row.waiver.justification}`;
  return [row.status, row.severity, row.subject, `${row.message}${waiver}`, row.evidence.slice(0, 6).join('\n') + (row.evidence.length > 6 ? `\n+${row.evidence.length - 6} more` : '')];
}

const WAIVER_COLUMNS: readonly Column[] = [
  { header: 'Waiver', width: 0.14 },
  { header: 'Check / selector', width: 0.24 },
  { header: 'Approver', width: 0.18 },
  { header: 'Expires', width: 0.1 },
  { header: 'Applied', width: 0.1 },
  { header: 'Justification', width: 0.24 },
];

function waiverCells(waiver: WaiverRow): string[] {
  const applied = waiver.findings === null ? 'expired, not applied' : plural(waiver.findings, 'finding');
  return [waiver.id, `${waiver.check}\n${waiver.selector}`, waiver.approver, waiver.expires, applied, waiver.justification];
}

// ---------------------------------------------------------------- appendices

function drawMethodology(layout: Layout, model: PackModel): void {
  const { methodology } = model;
  const outline = layout.heading('Appendix A: Methodology', { level: 1, destination: 'methodology', outline: layout.doc.outline, toc: true, newPage: true });
  for (const section of methodology.sections) {
    layout.heading(section.heading, { level: 3, outline });
    for (const paragraph of section.paragraphs) layout.paragraph(paragraph, { size: 8.8 });
  }
  layout.heading('Catalogues applied', { level: 3, outline });
  layout.table(
    [
      { header: 'Framework', width: 0.3 },
      { header: 'Version', width: 0.12 },
      { header: 'SHA-256 of the catalogue file', width: 0.58, mono: true },
    ],
    methodology.catalogues.map((catalogue) => [`${catalogue.name}\n${catalogue.id}`, catalogue.version, catalogue.sha256]),
  );
  layout.paragraph(`Catalogue digest: ${methodology.catalogueDigest}`, { size: 8.5 });
  for (const note of methodology.catalogueNotes) layout.paragraph(note, { size: 8.5, color: COLORS.fail });
  layout.heading('Collection', { level: 3, outline });
  const collector = methodology.collector;
  layout.fields(
    [
      ['Collector identity', `${collector.username} (${collector.source})${collector.groups.length === 0 ? '' : `, groups ${collector.groups.join(', ')}`}`],
      ['Permissions', 'Read-only: get, list and watch. Secrets are read as metadata only; no secret value reaches the store or this pack.'],
      ['Run', `started ${formatInstant(methodology.startedAt)}, finished ${formatInstant(methodology.finishedAt)}`],
      ['Snapshot digest', model.provenance.snapshotDigest],
      ['Run hash', model.provenance.runHash],
      ['Previous run hash', model.provenance.previousHash ?? 'none (first run of the chain)'],
    ],
    { size: 8.5, labelWidth: 110 },
  );
  layout.heading('Gaps: what could not be examined', { level: 3, outline });
  if (model.gaps.length === 0) {
    layout.paragraph('None: every kind the checks read was collected.', { size: 8.5 });
    return;
  }
  layout.table(
    [
      { header: 'Kind', width: 0.2 },
      { header: 'Scope', width: 0.12 },
      { header: 'Reason', width: 0.12 },
      { header: 'Detail', width: 0.3 },
      { header: 'Checks affected', width: 0.26 },
    ],
    model.gaps.map((gap) => [gap.kind, gap.scope, gap.reason, gap.detail, gap.checksAffected.join(', ')]),
  );
}

function drawCheckCatalogue(layout: Layout, model: PackModel): void {
  layout.heading('Appendix B: Check catalogue', { level: 1, destination: 'check-catalogue', outline: layout.doc.outline, toc: true, newPage: true });
  layout.table(
    [
      { header: 'Check', width: 0.26, firstLineBold: true },
      { header: 'Severity', width: 0.09, colorOf: colored },
      { header: 'References', width: 0.15 },
      { header: 'Findings', width: 0.14 },
      { header: 'Rationale and remediation', width: 0.36 },
    ],
    model.checks.map((check) => [
      `${check.title}\n${check.id}${check.origin === 'custom' ? ' (custom)' : ''}`,
      check.severity,
      check.references,
      findingCountsText(check.counts),
      `${check.rationale}\nRemediation: ${check.remediation}`,
    ]),
    { fontSize: 7.4 },
  );
}

function drawFindingsAppendix(layout: Layout, model: PackModel): void {
  layout.heading('Appendix C: Failing, unknown and waived findings', { level: 1, destination: 'appendix-findings', outline: layout.doc.outline, toc: true, newPage: true });
  const total = model.appendixFindings.length + model.appendixFindingsOmitted;
  layout.paragraph(
    `${plural(total, 'finding')} that did not pass, worst first, one line each: the index of every finding a requirement section counts but does not list. ` +
      'Each check is described in Appendix B; findings.csv and findings.json carry every finding (passing ones included) with its message and evidence.',
    { size: 8.5 },
  );
  layout.table(
    [
      // Wide enough for `F-` + 12 hex digits (plus a `-2` suffix) on one line in the mono font.
      { header: 'ID', width: 0.14, mono: true },
      { header: 'Status', width: 0.08, colorOf: colored, bold: true },
      { header: 'Severity', width: 0.08, colorOf: colored },
      { header: 'Check', width: 0.32 },
      { header: 'Resource', width: 0.38 },
    ],
    model.appendixFindings.map((row) => [row.id, row.status, row.severity, row.check, row.subject]),
    { fontSize: LIST_FONT_SIZE, oneLine: true },
  );
  if (model.appendixFindingsOmitted > 0) layout.paragraph(appendixFindingsSummary(model.appendixFindings.length, total), { size: 8.5 });
}

/** Exported for the tests, which look for this sentence in the PDF's text. */
export function appendixFindingsSummary(shown: number, total: number): string {
  return `Showing ${shown} of ${total}: the other ${total - shown} are in findings.csv and findings.json.`;
}

function drawWaiversAppendix(layout: Layout, model: PackModel): void {
  const outline = layout.heading('Appendix D: Waivers and attestations', { level: 1, destination: 'waivers', outline: layout.doc.outline, toc: true, newPage: true });
  layout.heading('Waivers', { level: 3, outline });
  const waivers = [...model.waivers.applied, ...model.waivers.expired];
  if (waivers.length === 0) layout.paragraph('None.', { size: 8.5 });
  else layout.table(WAIVER_COLUMNS, waivers.map(waiverCells));
  layout.heading('Attestations and attached files', { level: 3, outline });
  if (model.attestations.length === 0) {
    layout.paragraph('None.', { size: 8.5 });
    return;
  }
  layout.table(
    [
      { header: 'Requirement', width: 0.16 },
      { header: 'By', width: 0.18 },
      { header: 'Date / expires', width: 0.14 },
      { header: 'Note', width: 0.22 },
      { header: 'Files (path in pack, SHA-256)', width: 0.3 },
    ],
    model.attestations.map((attestation) => [
      `${attestation.framework}\n${attestation.requirement}`,
      attestation.by,
      `${formatDate(attestation.createdAt)}\n${attestation.expiresAt ?? 'never'}`,
      attestation.note,
      attestation.files.map((file) => `${file.path}\n${file.sha256}`).join('\n'),
    ]),
  );
}

function drawEvidenceIndex(layout: Layout, model: PackModel): void {
  layout.heading('Appendix E: Evidence index', { level: 1, destination: 'evidence-index', outline: layout.doc.outline, toc: true, newPage: true });
  const shown = model.evidenceIndex.slice(0, PDF_EVIDENCE_INDEX_LIMIT);
  layout.paragraph(`Each object the findings rest on, with the SHA-256 of its canonical JSON as stored with the run (${plural(model.evidenceIndex.length, 'object')}).`, { size: 8.5 });
  layout.table(
    [
      // Object names are identifiers, set like the hashes: they line up, and the mono font needs no shaping.
      { header: 'Object', width: 0.42, mono: true },
      { header: 'SHA-256', width: 0.58, mono: true },
    ],
    shown.map((entry) => [entry.subject, entry.sha256]),
    { fontSize: LIST_FONT_SIZE, oneLine: true },
  );
  const omitted = model.evidenceIndex.length - shown.length;
  if (omitted > 0) layout.paragraph(`Showing ${shown.length} of ${plural(model.evidenceIndex.length, 'object')}: the other ${omitted} are listed in report.html and assessment-results.json.`, { size: 8.5 });
}

// ---------------------------------------------------------------- signature, headers, footers

/** The visible signature block ends the last page; its rectangle is where the signing stage puts the widget. */
function drawSignatureBlock(layout: Layout, model: PackModel): [number, number, number, number] {
  const { doc } = layout;
  const signer = model.signer;
  layout.ensure(SIGNATURE_BLOCK_HEIGHT + 30);
  const top = layout.bottom - SIGNATURE_BLOCK_HEIGHT;
  doc.addNamedDestination('signature', 'XYZ', layout.left, top, null);
  doc.outline.addItem('Digital signature');
  doc.rect(layout.left, top, layout.width, SIGNATURE_BLOCK_HEIGHT).lineWidth(1.2).strokeColor(COLORS.accent).stroke();
  layout.drawText('Digital signature', layout.left + 12, top + 10, { width: layout.width - 24, size: 12, color: COLORS.accent, bold: true });
  layout.drawText(`Signed by ${signer?.name ?? ''}`, layout.left + 12, top + 30, { width: layout.width - 24, size: 9.5, color: COLORS.ink, bold: true });
  layout.drawText(`Subject: ${signer?.subject ?? ''}`, layout.left + 12, top + 46, { width: layout.width - 24, size: 8.5, color: COLORS.ink });
  layout.drawText(`Certificate SHA-256: ${signer?.fingerprint ?? ''}`, layout.left + 12, top + 60, { width: layout.width - 24, size: 8.5, color: COLORS.ink });
  layout.drawText(
    'This file carries an embedded PKCS#7 signature over its bytes; manifest.json lists every file of the pack with its SHA-256 and is signed in manifest.sig. Verify with pdfsig, openssl or kubevidence verify.',
    layout.left + 12,
    top + 76,
    { width: layout.width - 24, size: 7.8, color: COLORS.muted },
  );
  doc.y = top + SIGNATURE_BLOCK_HEIGHT;
  return [round(layout.left), round(PAGE.height - (top + SIGNATURE_BLOCK_HEIGHT)), round(layout.left + layout.width), round(PAGE.height - top)];
}

function drawRunningHeadersAndFooters(layout: Layout, model: PackModel, pageCount: number): void {
  const { doc } = layout;
  const header = `${model.cover.title} · ${model.cover.clusterName} · ${model.cover.period?.label ?? `run ${model.cover.runId}`}`;
  const footerLeft = `run ${model.provenance.runId} · generated ${formatInstant(model.cover.generatedAt)} · kubevidence ${model.cover.toolVersion}`;
  for (let index = 1; index < pageCount; index += 1) {
    doc.switchToPage(index);
    // Header and footer sit in the margins; with the bottom margin at 0, writing there cannot add a page.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    layout.line(header, layout.left, 28, { width: layout.width, size: 7.5, color: COLORS.muted });
    doc.moveTo(layout.left, 42).lineTo(layout.left + layout.width, 42).lineWidth(0.4).strokeColor(COLORS.line).stroke();
    layout.line(footerLeft, layout.left, PAGE.height - 38, { width: layout.width - 90, size: 7, color: COLORS.muted });
    layout.line(`Page ${index + 1} of ${pageCount}`, layout.left + layout.width - 90, PAGE.height - 38, { width: 90, size: 7.5, color: COLORS.ink, align: 'right' });
    doc.page.margins = margins;
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
