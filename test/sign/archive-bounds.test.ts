import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES, KvError } from '../../src/errors.js';
import { extractArchive, verifyPack, writeArchive } from '../../src/sign/index.js';
import { cli } from '../support/cli.js';

let root: string;
let goodArchive: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kubevidence-archive-'));
  const dir = join(root, 'pack');
  mkdirSync(dir);
  // Incompressible content, so that cutting the archive cuts a file, not only padding.
  writeFileSync(join(dir, 'findings.json'), Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251)));
  writeFileSync(join(dir, 'findings.csv'), 'id,check\r\n');
  writeFileSync(join(dir, 'manifest.json'), '{"manifestVersion":1,"files":[]}\n');
  goodArchive = join(root, 'good.tar.gz');
  await writeArchive(dir, goodArchive, new Date('2026-11-01T00:00:00Z'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function refusal(archive: string): Promise<KvError> {
  const into = mkdtempSync(join(root, 'into-'));
  try {
    await extractArchive(archive, into);
  } catch (error) {
    if (error instanceof KvError) return error;
    throw error;
  }
  throw new Error('the archive was accepted');
}

/** The .tar.gz of entries made by `add`. */
async function tarGz(add: (tar: ReturnType<typeof pack>) => void): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (chunk: unknown) => void chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve) => tar.on('end', () => resolve()));
  add(tar);
  tar.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

/** A ustar header for one regular file, declaring `size` bytes. */
function tarHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string): void => void header.write(value, offset, length, 'latin1');
  field(0, 100, name);
  field(100, 8, '0000644\0');
  field(108, 8, '0000000\0');
  field(116, 8, '0000000\0');
  field(124, 12, `${size.toString(8).padStart(11, '0')}\0`);
  field(136, 12, '00000000000\0');
  field(148, 8, '        ');
  field(156, 1, '0');
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

describe('archive reading', () => {
  it('unpacks what report --archive writes', async () => {
    const into = mkdtempSync(join(root, 'ok-'));
    await extractArchive(goodArchive, into);
    expect(readdirSync(into).sort()).toEqual(['findings.csv', 'findings.json', 'manifest.json']);
  });

  it('a truncated archive is a verification failure (exit 6), not an input error', async () => {
    const bytes = readFileSync(goodArchive);
    const truncated = join(root, 'truncated.tar.gz');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await refusal(truncated);
    expect(error.exitCode).toBe(EXIT_CODES.verification);
    expect(error.message).toBe(`${truncated}: not a verifiable pack archive: it is truncated`);
  });

  it('a corrupted archive is a verification failure (exit 6)', async () => {
    const bytes = Buffer.from(readFileSync(goodArchive));
    for (let at = 100; at < 400; at += 1) bytes[at] = (bytes[at] ?? 0) ^ 0x5a;
    const corrupted = join(root, 'corrupted.tar.gz');
    writeFileSync(corrupted, bytes);
    const error = await refusal(corrupted);
    expect(error.exitCode).toBe(EXIT_CODES.verification);
    expect(error.message).toMatch(/: not a verifiable pack archive: /);
  });

  it('something that is not gzip at all is a verification failure (exit 6)', async () => {
    const bogus = join(root, 'bogus.tar.gz');
    writeFileSync(bogus, 'id,check\r\n');
    expect((await refusal(bogus)).message).toBe(`${bogus}: not a verifiable pack archive: it is not gzip data or is corrupted`);
  });

  it('`verify` of a truncated archive exits 6 with one line', async () => {
    const bytes = readFileSync(goodArchive);
    const truncated = join(root, 'cli-truncated.tar.gz');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 200));
    const result = await cli('verify', truncated);
    expect(result.code).toBe(EXIT_CODES.verification);
    expect(result.stderr).toBe(`kubevidence: ${truncated}: not a verifiable pack archive: it is truncated\n`);
  });

  it('refuses a 6 MB gzip bomb (6 GB of zeros) with bounded memory', async () => {
    const member = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
    const bomb = join(root, 'bomb.tar.gz');
    // Concatenated gzip members are one valid gzip stream: 6,000 MiB of zeros in about 6 MB.
    writeFileSync(bomb, Buffer.concat(Array.from({ length: 6000 }, () => member)));
    expect(readFileSync(bomb).length).toBeLessThan(7 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const error = await refusal(bomb);
    expect(error.exitCode).toBe(EXIT_CODES.verification);
    expect(error.message).toMatch(/not a verifiable pack archive: it expands past \d+ bytes \(limit: 100x its size/);
    // Streaming: memory grows by chunks, never by the 600 MB it inflated before refusing.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses an entry that declares more bytes than the archive may expand to, before reading it', async () => {
    const huge = join(root, 'huge-entry.tar.gz');
    writeFileSync(huge, gzipSync(Buffer.concat([tarHeader('findings.json', 5 * 1024 ** 3), Buffer.alloc(4096)])));
    expect((await refusal(huge)).message).toMatch(/entry findings\.json declares 5368709120 bytes/);
  });

  it('refuses an archive of more entries than a pack can hold', async () => {
    const many = join(root, 'many.tar.gz');
    writeFileSync(many, await tarGz((tar) => {
      for (let i = 0; i < 10_001; i += 1) tar.entry({ name: `f${i}`, size: 0 }, Buffer.alloc(0));
    }));
    expect((await refusal(many)).message).toMatch(/it holds more than 10000 entries/);
  });

  it('refuses links and entries that escape the folder', async () => {
    for (const [name, entry] of [
      ['link', { name: 'report.pdf', type: 'symlink' as const, linkname: '/etc/passwd' }],
      ['escape', { name: '../outside.txt', size: 2 }],
    ] as const) {
      const archive = join(root, `${name}.tar.gz`);
      writeFileSync(archive, await tarGz((tar) => {
        if ('size' in entry) tar.entry(entry, 'ok');
        else tar.entry(entry);
      }));
      const error = await refusal(archive);
      expect(error.exitCode).toBe(EXIT_CODES.verification);
      expect(error.message).toMatch(name === 'link' ? /entry report\.pdf is a symlink, not a file/ : /entry escapes the pack: \.\.\/outside\.txt/);
    }
    await expect(verifyPack(join(root, 'escape.tar.gz'))).rejects.toThrow(/escapes the pack/);
  });
});
