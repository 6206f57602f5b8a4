import { createHash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { storeError, type KvError } from '../errors.js';
import type { PackModel } from './model/model-types.js';
import { releaseMemory } from '../release-memory.js';
import { PACK_FILES, PACK_FORMATS, type RenderedPdf } from './writers/index.js';
import { renderInChunks, type TextSink } from './writers/io/text-sink.js';

export { PACK_FILES };

export interface WritePackOptions {
  /** Attached files of the model's attestations, by SHA-256 (the store's readAttachment). */
  readonly attachments?: ReadonlyMap<string, Buffer>;
  /**
   * Runs on the complete temporary folder just before it is moved into place: the signing stage signs
   * report.pdf and writes manifest.json there, so a pack is never visible unsigned when signing was asked for.
   */
  readonly beforeCommit?: (tempDir: string, pdf: Omit<RenderedPdf, 'bytes'>) => Promise<void> | void;
}

export interface WrittenPack {
  /** The pack folder: `<outDir>/<cluster>/<date>-run-<id>`. */
  readonly dir: string;
  /** Files of the pack relative to `dir`, `/`-separated, sorted. */
  readonly files: readonly string[];
  readonly pdf: Omit<RenderedPdf, 'bytes'>;
}

/**
 * Writes a pack: every file is rendered into a temporary folder beside the destination, flushed to disk, and
 * the folder is renamed into place only when all of it is there. A renderer that throws, a missing attachment
 * or a crash leaves no pack folder (and no temporary one, except after a crash, when it is a hidden
 * `.<name>.tmp-*` folder that the next run of the same pack does not mistake for a pack).
 * An existing pack of the same run is replaced: it is moved aside first, so at every moment one complete pack
 * is under a known name.
 */
export async function writePack(model: PackModel, outDir: string, options: WritePackOptions = {}): Promise<WrittenPack> {
  const destination = join(outDir, model.location.clusterDir, model.location.runDir);
  const parent = dirname(destination);
  mkdirSync(parent, { recursive: true });
  const temp = mkdtempSync(join(parent, `.${model.location.runDir}.tmp-`));
  // mkdtemp creates 0700; a finished pack is read by auditors and web servers like any other folder.
  chmodSync(temp, 0o755);
  try {
    const pdf = await renderPackInto(temp, model, options.attachments ?? new Map());
    await options.beforeCommit?.(temp, pdf);
    fsyncDirectory(temp);
    commit(temp, destination);
    return { dir: destination, files: listFiles(destination), pdf };
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

async function renderPackInto(dir: string, model: PackModel, attachments: ReadonlyMap<string, Buffer>): Promise<Omit<RenderedPdf, 'bytes'>> {
  // Attachments first: a missing or altered file should fail before seconds of rendering.
  writeAttachments(dir, model, attachments);
  let pdf: Omit<RenderedPdf, 'bytes'> | null = null;
  for (const [index, format] of PACK_FORMATS.entries()) {
    // Each format's garbage is released before the next one starts (see releaseMemory).
    if (index > 0) releaseMemory();
    const path = join(dir, format.file);
    if (format.writer.kind === 'pdf') {
      const { bytes, ...rendered } = await format.writer.render(model);
      writeDurably(path, bytes);
      pdf = rendered;
    } else {
      const { write } = format.writer;
      // Text formats grow with the cluster (hundreds of MB at 50,000 objects): written as they are made.
      writeTextDurably(path, (sink) => write(model, sink));
    }
  }
  if (pdf === null) throw new Error('PACK_FORMATS has no PDF row: a pack is signed through its report.pdf');
  return pdf;
}

function writeAttachments(dir: string, model: PackModel, attachments: ReadonlyMap<string, Buffer>): void {
  if (model.attachments.length === 0) return;
  mkdirSync(join(dir, PACK_FILES.attachments));
  for (const file of model.attachments) {
    const bytes = attachments.get(file.sha256);
    if (bytes === undefined) throw packError('report.attachment-missing', `attachment ${file.name} (SHA-256 ${file.sha256}) of attestation ${file.attestation} was not provided`);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== file.sha256) throw packError('report.attachment-altered', `attachment ${file.name} of attestation ${file.attestation} has SHA-256 ${actual}, expected ${file.sha256}`);
    writeDurably(join(dir, file.path), bytes);
  }
  fsyncDirectory(join(dir, PACK_FILES.attachments));
}

function commit(temp: string, destination: string): void {
  if (!existsSync(destination)) {
    renameSync(temp, destination);
    fsyncDirectory(dirname(destination));
    return;
  }
  const previous = `${temp}.previous`;
  renameSync(destination, previous);
  renameSync(temp, destination);
  fsyncDirectory(dirname(destination));
  rmSync(previous, { recursive: true, force: true });
}

function writeDurably(path: string, bytes: Buffer): void {
  writeChunksDurably(path, (write) => write(bytes));
}

/** A file written as its renderer makes it, ~1 MB at a time, then flushed to disk; `wx`: never over another file. */
export function writeTextDurably(path: string, render: (sink: TextSink) => void): void {
  writeChunksDurably(path, (write) => renderInChunks(render, write));
}

function writeChunksDurably(path: string, produce: (write: (chunk: Buffer) => void) => void): void {
  const fd = openSync(path, 'wx');
  try {
    produce((chunk) => {
      let offset = 0;
      while (offset < chunk.length) offset += writeSync(fd, chunk, offset, chunk.length - offset);
    });
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function listFiles(dir: string): string[] {
  const walk = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(folder, entry.name)) : [join(folder, entry.name)]));
  return walk(dir)
    .map((path) => relative(dir, path).split(sep).join('/'))
    .sort();
}

/** Attachments come from the store: a missing or altered one means the store no longer holds what was attested. */
function packError(code: string, message: string): KvError {
  return storeError(code, message);
}
