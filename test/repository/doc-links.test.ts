import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every relative link in README.md, CONTRIBUTING.md and every Markdown file under docs/ (whoever adds it) points at a
 * file or folder that exists, and a `#fragment` pointing into a Markdown file names one of its headings (GitHub's
 * anchor rules). External links (http:, https:, mailto:) are not fetched.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function markdownFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('.md')).map((path) => join(ROOT, 'docs', path));
  return [join(ROOT, 'README.md'), join(ROOT, 'CONTRIBUTING.md'), ...docs];
}

/** Markdown without fenced code blocks and inline code, where brackets are not links. */
function prose(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

export function linksIn(text: string): string[] {
  const body = prose(text);
  const inline = [...body.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1] ?? '');
  const references = [...body.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((match) => match[1] ?? '');
  return [...inline, ...references];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, duplicates numbered. */
export function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const withoutCode = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const match of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = (match[1] ?? '').replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const base = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

function problemOf(file: string, link: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link)) return undefined;
  const [pathPart = '', fragment] = link.split('#', 2);
  const target = pathPart === '' ? file : join(dirname(file), decodeURIComponent(pathPart));
  if (!existsSync(target)) return `${link}: ${relative(ROOT, target)} does not exist`;
  if (fragment === undefined || fragment === '' || !target.endsWith('.md') || statSync(target).isDirectory()) return undefined;
  return anchorsOf(readFileSync(target, 'utf8')).has(decodeURIComponent(fragment).toLowerCase()) ? undefined : `${link}: no heading #${fragment} in ${relative(ROOT, target)}`;
}

describe('documentation links', () => {
  it('finds the documents to check', () => {
    expect(markdownFiles().map((file) => relative(ROOT, file))).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/README.md']));
  });

  for (const file of markdownFiles()) {
    it(`every relative link and anchor in ${relative(ROOT, file)} resolves`, () => {
      const links = linksIn(readFileSync(file, 'utf8'));
      expect(links.flatMap((link) => problemOf(file, link) ?? [])).toEqual([]);
    });
  }
});

describe('the link checker itself', () => {
  it('finds inline, image and reference links, not code', () => {
    const text = 'See [a](a.md), ![b](img/b.png "t") and `[c](c.md)`.\n\n```\n[d](d.md)\n```\n\n[e]: e.md\n';
    expect(linksIn(text)).toEqual(['a.md', 'img/b.png', 'e.md']);
  });

  it('makes anchors as GitHub does', () => {
    const anchors = anchorsOf('# Custom checks (YAML + CEL)\n## `kubevidence evaluate`\n## Setup\n## Setup\n');
    expect([...anchors]).toEqual(['custom-checks-yaml--cel', 'kubevidence-evaluate', 'setup', 'setup-1']);
  });

  it('reports a missing file and a missing anchor', () => {
    const readme = join(ROOT, 'README.md');
    expect(problemOf(readme, 'docs/no-such-page.md')).toBe('docs/no-such-page.md: docs/no-such-page.md does not exist');
    expect(problemOf(readme, 'docs/commands.md#no-such-heading')).toBe('docs/commands.md#no-such-heading: no heading #no-such-heading in docs/commands.md');
    expect(problemOf(readme, 'https://example.com/x')).toBeUndefined();
  });
});
