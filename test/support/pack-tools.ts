import { execFileSync, spawnSync } from 'node:child_process';

/**
 * Reading a pack as others do: the PDF through standard tools (poppler's pdftotext and pdfinfo, qpdf), which is
 * what an auditor's viewer and a validator see, and the CSV through a plain RFC 4180 reader.
 */
export function qpdfCheck(file: string): { status: number; output: string } {
  const result = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

export function pdfText(file: string, pages?: { first: number; last: number }, layout = false): string {
  const range = pages === undefined ? [] : ['-f', String(pages.first), '-l', String(pages.last)];
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', ...range, file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** Text inside a rectangle given in PDF user space (origin bottom left), on one page. */
export function pdfTextInRect(file: string, page: number, rect: readonly [number, number, number, number], pageHeight: number): string {
  const [x1, y1, x2, y2] = rect;
  const crop = ['-x', String(Math.floor(x1)), '-y', String(Math.floor(pageHeight - y2)), '-W', String(Math.ceil(x2 - x1)), '-H', String(Math.ceil(y2 - y1)), '-r', '72'];
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(page), '-l', String(page), ...crop, file, '-'], { encoding: 'utf8' });
}

export function pdfPageCount(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? NaN);
}

export function pdfInfo(file: string): Record<string, string> {
  const info = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' });
  return Object.fromEntries(info.split('\n').flatMap((line) => {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    return match === null ? [] : [[match[1] ?? '', match[2] ?? '']];
  }));
}

export interface OutlineEntry {
  readonly title: string;
  /** 1-based page the bookmark opens. */
  readonly page: number | null;
  readonly kids: readonly OutlineEntry[];
}

/** The document outline (bookmarks) as qpdf reports it. */
export function pdfOutline(file: string): OutlineEntry[] {
  const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as { outlines: RawOutline[] };
  const convert = (entry: RawOutline): OutlineEntry => ({ title: entry.title, page: entry.destpageposfrom1 ?? null, kids: (entry.kids ?? []).map(convert) });
  return json.outlines.map(convert);
}

interface RawOutline {
  readonly title: string;
  readonly destpageposfrom1?: number;
  readonly kids?: readonly RawOutline[];
}

/** Whitespace collapsed, so text that pdftotext wraps over lines still matches a sentence. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 1;
    } else field += char;
  }
  return rows;
}

