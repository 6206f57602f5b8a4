import { createReadStream, createWriteStream, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gzipSync } from 'node:zlib';
import { extract, pack } from 'tar-stream';
import { inputError, verificationError, type KvError } from '../errors.js';
import { listPackFiles, MANIFEST_FILE, MANIFEST_SIGNATURE_FILE, MANIFEST_TIMESTAMP_FILE } from './manifest.js';

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
  const names = [...listPackFiles(dir).map((entry) => entry.path), MANIFEST_FILE, MANIFEST_SIGNATURE_FILE, MANIFEST_TIMESTAMP_FILE].filter((name, index, all) => all.indexOf(name) === index).sort();
  for (const name of names) {
    let body: Buffer;
    try {
      body = readFileSync(join(dir, name));
    } catch {
      continue; // manifest.sig is absent from unsigned packs, manifest.tsr from packs signed without --tsa
    }
    tar.entry({ name, size: body.length, mtime, mode: 0o644, uid: 0, gid: 0, uname: '', gname: '' }, body);
  }
  tar.finalize();
  await finished;
  const temp = `${outFile}.tmp-${process.pid}`;
  writeFileSync(temp, gzipSync(Buffer.concat(chunks), { level: 9 }));
  renameSync(temp, outFile);
}

/** What an archive may expand to before verification refuses it: a pack is a handful of files, not a bomb. */
export interface ArchiveLimits {
  /** Total bytes of the uncompressed tar stream. */
  readonly maxTotalBytes: number;
  /** Uncompressed bytes per compressed byte (plus {@link ARCHIVE_RATIO_ALLOWANCE}): JSON packs compress ~10-30x, zeros 1000x. */
  readonly maxRatio: number;
  readonly maxEntries: number;
  readonly maxEntryBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxTotalBytes: 4 * 1024 ** 3, maxRatio: 100, maxEntries: 10_000, maxEntryBytes: 2 * 1024 ** 3 };
/** Small archives may expand past the ratio by this much (a tar of tiny files is mostly padding). */
const ARCHIVE_RATIO_ALLOWANCE = 16 * 1024 ** 2;

/** An archive that cannot be what `kubevidence report --archive` wrote: corrupt, truncated, hostile or too large. */
function badArchive(archive: string, why: string): KvError {
  return verificationError('pack.archive', `${archive}: not a verifiable pack archive: ${why}`);
}

/**
 * Unpacks an archive into a folder as a stream: memory stays at a few chunks whatever the archive holds, and
 * decompression stops as soon as the uncompressed size, the compression ratio, the entry count or an entry's
 * declared size passes its limit. Entries that would escape the folder, links and devices are refused.
 * Anything wrong with the archive itself is a verification failure (exit 6): the pack cannot be verified.
 */
export async function extractArchive(archive: string, intoDir: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<void> {
  let compressedSize: number;
  try {
    compressedSize = statSync(archive).size;
  } catch (error) {
    throw inputError('pack.archive', `cannot read archive: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { file: archive });
  }
  const maxTotal = Math.min(limits.maxTotalBytes, compressedSize * limits.maxRatio + ARCHIVE_RATIO_ALLOWANCE);
  const source = createReadStream(archive);
  const gunzip = createGunzip();
  const reader = extract();
  let total = 0;
  let entries = 0;
  let refusal: KvError | undefined;
  const stop = new AbortController();
  const refuse = (why: string): void => {
    refusal ??= badArchive(archive, why);
    // Aborting fails the pipeline, which tears down every stream in it: reading stops here.
    stop.abort(refusal);
  };
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      if (total > maxTotal) {
        refuse(`it expands past ${maxTotal} bytes (limit: ${limits.maxRatio}x its size, at most ${limits.maxTotalBytes})`);
        done();
        return;
      }
      done(null, chunk);
    },
  });
  reader.on('entry', (header, stream, next) => {
    entries += 1;
    // The entry stream is torn down with the pipeline when a limit is hit; its error is the refusal's.
    stream.on('error', () => undefined);
    const target = normalize(join(intoDir, header.name));
    if (entries > limits.maxEntries) return refuse(`it holds more than ${limits.maxEntries} entries`);
    if ((header.size ?? 0) > limits.maxEntryBytes) return refuse(`entry ${header.name} declares ${header.size} bytes (limit ${limits.maxEntryBytes})`);
    if ((header.size ?? 0) > maxTotal) return refuse(`entry ${header.name} declares ${header.size} bytes, more than the archive may expand to`);
    if (!target.startsWith(normalize(intoDir) + sep)) return refuse(`entry escapes the pack: ${header.name}`);
    if (header.type === 'directory') {
      mkdirSync(target, { recursive: true });
      stream.resume();
      stream.on('end', () => next());
      return;
    }
    // Links and devices have no place in a pack; keeping them would let an archive point verification elsewhere.
    if (header.type !== 'file') return refuse(`entry ${header.name} is a ${header.type ?? 'special file'}, not a file`);
    mkdirSync(dirname(target), { recursive: true });
    const out = createWriteStream(target, { flags: 'wx' });
    out.on('error', (error) => refuse(`cannot unpack ${header.name}: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
    out.on('finish', () => next());
    stream.pipe(out);
  });
  // A stream torn down mid-entry may still report its own error after the pipeline settled: already handled.
  const ignore = (): void => undefined;
  source.on('error', ignore);
  gunzip.on('error', ignore);
  counter.on('error', ignore);
  reader.on('error', ignore);
  try {
    await pipeline(source, gunzip, counter, reader, { signal: stop.signal });
  } catch (error) {
    if (refusal !== undefined) throw refusal;
    throw badArchive(archive, archiveProblem(error));
  }
  if (refusal !== undefined) throw refusal;
}

/** zlib and tar errors, as one line an auditor understands. */
function archiveProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR' || code === 'ERR_STREAM_PREMATURE_CLOSE') return 'it is truncated';
  if (code === 'Z_DATA_ERROR') return 'it is not gzip data or is corrupted';
  const message = error instanceof Error ? error.message : String(error);
  if (/unexpected end/i.test(message)) return 'it is truncated';
  return message.split('\n')[0] ?? 'unreadable';
}
