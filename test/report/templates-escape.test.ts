import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HTML_TEMPLATE_DIR } from '../../src/report/writers/html/render-html.js';

/** Every template file under templates/html, recursively. */
function templateFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? templateFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}

describe('HTML templates', () => {
  const files = templateFiles(HTML_TEMPLATE_DIR);

  it('print every value escaped: no {{{ }}} and no {{& }}', () => {
    const offenders = files.filter((file) => file.endsWith('.hbs')).filter((file) => /\{\{\{|\{\{~?\s*&/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('inline CSS and script verbatim: neither holds a template expression', () => {
    for (const name of ['pack.css', 'pack.js']) expect(readFileSync(join(HTML_TEMPLATE_DIR, name), 'utf8')).not.toContain('{{');
  });

  it('never let the inline script end early or load anything', () => {
    const script = readFileSync(join(HTML_TEMPLATE_DIR, 'pack.js'), 'utf8');
    expect(script).not.toMatch(/<\/script|innerHTML|outerHTML|insertAdjacentHTML|document\.write|fetch\(|XMLHttpRequest|import\(/i);
  });
});
