import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { extract, pack } from 'tar-stream';
import { inputError } from '../errors.js';
import { listPackFiles, MANIFEST_FILE, MANIFEST_SIGNATURE_FILE } from './manifest.js';

/**
 * Writes a pack folder as one .tar.gz, deterministically: entries sorted, fixed mtime (the run's time),
 * uid/gid 0, mode 0644, and a gzip header without a timestamp — the same pack always gives the same bytes.
 */
export async function writeArchive(dir: string, outFile: string, mtime: Date): Promise<void> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (chunk: unknown) => { chunks.push(chunk as Buffer); });
  const finished = new Promise<void>((resolve, reject) => {
    tar.on('end', resolve);
    tar.on('error', reject);
  });
  const names = [...listPackFiles(dir).map((entry) => entry.path), MANIFEST_FILE, MANIFEST_SIGNATURE_FILE].filter((name, index, all) => all.indexOf(name) === index).sort();
  for (const name of names) {
    let body: Buffer;
    try {
      body = readFileSync(join(dir, name));
    } catch {
      continue; // manifest.sig is absent from unsigned packs
    }
    tar.entry({ name, size: body.length, mtime, mode: 0o644, uid: 0, gid: 0, uname: '', gname: '' }, body);
  }
  tar.finalize();
  await finished;
  const temp = `${outFile}.tmp-${process.pid}`;
  writeFileSync(temp, gzipSync(Buffer.concat(chunks), { level: 9 }));
  renameSync(temp, outFile);
}

/** Unpacks an archive into a folder, refusing entries that would escape it. */
export async function extractArchive(archive: string, intoDir: string): Promise<void> {
  let tarBytes: Buffer;
  try {
    tarBytes = gunzipSync(readFileSync(archive));
  } catch (error) {
    throw inputError('pack.archive', `cannot read archive: ${error instanceof Error ? error.message : String(error)}`, { file: archive });
  }
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('finish', resolve);
    reader.on('error', reject);
  });
  reader.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: unknown) => { chunks.push(chunk as Buffer); });
    stream.on('end', () => {
      const target = normalize(join(intoDir, header.name));
      if (!target.startsWith(normalize(intoDir) + sep)) {
        next(inputError('pack.archive', `archive entry escapes the pack: ${header.name}`, { file: archive }));
        return;
      }
      if (header.type === 'file') {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, Buffer.concat(chunks));
      }
      next();
    });
    stream.resume();
  });
  reader.end(tarBytes);
  await done;
}
