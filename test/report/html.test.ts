import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/writers/html/render-html.js';
import { buildPackModel, type PackModel } from '../../src/report/model/model.js';
import { reportPackInput, SCRIPT_ANNOTATION } from '../support/report-fixtures.js';

/**
 * report.html as a reader sees it: opened from disk in headless Chromium (Debian's), with every request and
 * console message recorded.
 */
const CHROMIUM = '/usr/bin/chromium';

describe('report.html in Chromium', () => {
  let dir: string;
  let browser: BrowserContext;
  let page: Page;
  let model: PackModel;
  let fileUrl: string;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kv-html-'));
    model = buildPackModel(reportPackInput());
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(model));
    fileUrl = pathToFileURL(file).href;
    // A fresh profile per run, so nothing cached or installed in a user profile can take part.
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      viewport: { width: 1280, height: 1600 },
    });
    page = await browser.newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(fileUrl, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no console error and no request but the file itself', async () => {
    await page.screenshot({ path: join(dir, 'report.png'), fullPage: false });
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([fileUrl]);
  });

  it('shows the <script> annotation as text and never runs it', async () => {
    const text = await page.evaluate<string>('document.body.innerText');
    expect(text).toContain(SCRIPT_ANNOTATION);
    expect(await page.evaluate<unknown>('window.__pwned')).toBeUndefined();
    // Only the pack's own script element exists.
    expect(await page.locator('script').count()).toBe(1);
  });

  it('shows the cover fields and the non-Latin-1 cluster name', async () => {
    expect(await page.locator('[data-field="cluster-name"]').innerText()).toBe(model.cover.clusterName);
    expect(await page.locator('[data-field="period"]').innerText()).toBe('2026-Q3 (2026-07-01 to 2026-09-30)');
    expect(await page.locator('[data-field="signer"]').innerText()).toContain('Compliance Team');
  });

  it('draws the score trend as inline SVG', async () => {
    expect(await page.locator('figure.trend svg path.line').count()).toBe(model.frameworks.length);
    expect(await page.locator('figure.trend svg circle.point').count()).toBe(model.frameworks.reduce((sum, framework) => sum + framework.trend.filter((point) => point.score !== null).length, 0));
  });

  it('filters findings by framework, status, severity and namespace', async () => {
    const rows = page.locator('#all-findings tbody tr.finding');
    const visible = (): Promise<number> => rows.evaluateAll((elements) => elements.filter((element) => !(element as unknown as { hidden: boolean }).hidden).length);
    expect(await visible()).toBe(model.findings.length);

    await page.selectOption('#filter-framework', 'hipaa-security-rule');
    expect(await visible()).toBe(model.findings.filter((row) => row.frameworks.includes('hipaa-security-rule')).length);

    await page.selectOption('#filter-status', 'fail');
    expect(await visible()).toBe(model.findings.filter((row) => row.frameworks.includes('hipaa-security-rule') && row.status === 'fail').length);

    await page.selectOption('#filter-framework', '');
    await page.selectOption('#filter-severity', 'critical');
    await page.selectOption('#filter-namespace', 'payments');
    const expected = model.findings.filter((row) => row.status === 'fail' && row.severity === 'critical' && row.namespace === 'payments').length;
    expect(expected).toBeGreaterThan(0);
    expect(await visible()).toBe(expected);
    expect(await page.locator('#filter-count').innerText()).toBe(`${expected} shown`);
    await page.screenshot({ path: join(dir, 'report-filtered.png') });

    for (const id of ['#filter-status', '#filter-severity', '#filter-namespace']) await page.selectOption(id, '');
    expect(await visible()).toBe(model.findings.length);
  });

  it('counts the passing findings of a very large run per check, namespace and status, and its filters still count every finding', async () => {
    const large = buildPackModel({ ...reportPackInput(), limits: { htmlFindingRows: 5 } });
    const settled = large.findings.filter((row) => row.status === 'pass' || row.status === 'not-applicable');
    expect(large.findings.length).toBeGreaterThan(5);
    expect(settled.length).toBeGreaterThan(0);
    const file = join(dir, 'report-large.html');
    writeFileSync(file, renderHtml(large));
    const second = await browser.newPage();
    try {
      await second.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      expect(await second.locator('#all-findings tbody tr.finding:not(.finding-group)').count()).toBe(large.findings.length - settled.length);
      const groupKeys = new Set(settled.map((row) => `${row.check} ${row.namespace ?? ''} ${row.status}`));
      const groups = second.locator('#all-findings tbody tr.finding-group');
      expect(await groups.count()).toBe(groupKeys.size);
      const counted = await groups.evaluateAll((elements) => elements.reduce((sum, element) => sum + Number(element.getAttribute('data-count')), 0));
      expect(counted).toBe(settled.length);
      expect(await second.locator('[data-field="findings-listing"]').innerText()).toContain(`the ${settled.length} passing or not-applicable findings are counted per check, namespace and status`);
      expect(await second.locator('#filter-count').innerText()).toBe(`${large.findings.length} shown`);

      await second.selectOption('#filter-status', 'pass');
      expect(await second.locator('#filter-count').innerText()).toBe(`${large.findings.filter((row) => row.status === 'pass').length} shown`);
      await second.selectOption('#filter-namespace', 'payments');
      const passingInPayments = large.findings.filter((row) => row.status === 'pass' && row.namespace === 'payments').length;
      expect(passingInPayments).toBeGreaterThan(0);
      expect(await second.locator('#filter-count').innerText()).toBe(`${passingInPayments} shown`);
    } finally {
      await second.close();
    }
  });

  it('writes every row of the long tables in place, and no row marker', async () => {
    expect(await page.locator('table.evidence-index tbody tr').count()).toBe(model.evidenceIndex.length);
    expect(await page.locator('#all-findings tbody tr').count()).toBe(model.findings.length);
    expect(renderHtml(model).toString('utf8')).not.toContain('kv:rows');
  });

  it('has a print stylesheet that hides the filters', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#filters').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  });
});
