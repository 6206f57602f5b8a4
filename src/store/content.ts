import { storeError } from '../errors.js';
import { sha256 } from './canonical.js';
import { compress, decodeIdList, decompress, encodeIdList, encodeIdPatch, patchBaseOf } from './codec.js';
import type { Db } from './db.js';
import type { EvidenceObjects } from './evidence.js';
import type { FindingPacks } from './findings.js';

/** The content tables a run is made of, shared by the parts of the store that read or write runs. */
export interface ContentStores {
  readonly content: ContentTables;
  readonly objects: EvidenceObjects;
  readonly findings: FindingPacks;
}

/** A piece of content ready to store: its canonical text and the SHA-256 it is addressed by. */
export interface Addressed {
  readonly sha256: Buffer;
  readonly text: string;
}

export function addressed(text: string): Addressed {
  return { sha256: sha256(text), text };
}

/**
 * Longest chain of id-list patches: reading a list applies at most this many, and a run whose list would
 * go deeper stores it whole (which later runs then patch against).
 */
const MAX_PATCH_DEPTH = 64;

interface DecodedList {
  readonly ids: readonly number[];
  readonly address: Buffer;
  readonly depth: number;
}

interface BodyRow {
  readonly sha256: Buffer;
  readonly body: Buffer;
}

/**
 * The small content-addressed tables (blobs and result details), with their statements prepared once.
 * Every put is "find by address, insert if new": unchanged content costs a lookup.
 */
export class ContentTables {
  private readonly blobId;
  private readonly insertBlob;
  private readonly blobById;
  private readonly blobBySha;
  private readonly detailId;
  private readonly insertDetail;
  private readonly detailById;
  /** Lists recently decoded, by blob id (blob ids are never reused): runs are read one after the other. */
  private readonly recentLists = new Map<number, DecodedList>();

  constructor(db: Db) {
    this.blobId = db.prepare<[Buffer], { id: number }>('SELECT id FROM blobs WHERE sha256 = ?');
    this.insertBlob = db.prepare<[Buffer, number, Buffer]>('INSERT INTO blobs (sha256, size, body) VALUES (?, ?, ?)');
    this.blobById = db.prepare<[number], BodyRow>('SELECT sha256, body FROM blobs WHERE id = ?');
    this.blobBySha = db.prepare<[Buffer], BodyRow>('SELECT sha256, body FROM blobs WHERE sha256 = ?');
    this.detailId = db.prepare<[Buffer], { id: number }>('SELECT id FROM result_details WHERE sha256 = ?');
    this.insertDetail = db.prepare<[Buffer, string]>('INSERT INTO result_details (sha256, body) VALUES (?, ?)');
    this.detailById = db.prepare<[number], string>('SELECT body FROM result_details WHERE id = ?').pluck();
  }

  /** Stores bytes under their SHA-256 unless already there; returns the blob id either way. */
  putBytes(bytes: Buffer): number {
    const address = sha256(bytes);
    const existing = this.blobId.get(address);
    if (existing !== undefined) return existing.id;
    return Number(this.insertBlob.run(address, bytes.length, compress(bytes)).lastInsertRowid);
  }

  putText(text: string): number {
    return this.putBytes(Buffer.from(text, 'utf8'));
  }

  /**
   * A run's id list, as a patch against `baseBlobId` (the same list of the cluster's previous run) when that
   * is small enough, else whole. An unchanged list is the base blob itself.
   */
  putIdList(ids: readonly number[], baseBlobId?: number): number {
    if (baseBlobId === undefined) return this.putBytes(encodeIdList(ids));
    const base = this.decodedList(baseBlobId);
    if (base.ids.length === ids.length && base.ids.every((id, index) => id === ids[index])) return baseBlobId;
    const patch = base.depth < MAX_PATCH_DEPTH ? encodeIdPatch(base, ids) : null;
    return this.putBytes(patch ?? encodeIdList(ids));
  }

  /** The blob a patch list is applied to, or null for a whole list: what prune must keep along with it. */
  idListBase(blobId: number): number | null {
    const base = patchBaseOf(this.blobBytes(blobId));
    return base === null ? null : this.blobIdByAddress(base.address);
  }

  putDetail(item: Addressed): number {
    const existing = this.detailId.get(item.sha256);
    if (existing !== undefined) return existing.id;
    return Number(this.insertDetail.run(item.sha256, item.text).lastInsertRowid);
  }

  detailText(id: number): string {
    const text = this.detailById.get(id);
    if (text === undefined) throw missingRow('result detail', id);
    return text;
  }

  /** Decompressed bytes of a blob. Integrity is the verifier's job; readers trust the address. */
  blobBytes(id: number): Buffer {
    return decompress(this.blobRow(id).body);
  }

  blobText(id: number): string {
    return this.blobBytes(id).toString('utf8');
  }

  blobJson<T>(id: number): T {
    return JSON.parse(this.blobText(id)) as T;
  }

  idList(blobId: number): readonly number[] {
    return this.decodedList(blobId).ids;
  }

  private decodedList(blobId: number): DecodedList {
    const cached = this.recentLists.get(blobId);
    if (cached !== undefined) return cached;
    const { sha256: address, bytes } = this.blobContent(blobId);
    const patchBase = patchBaseOf(bytes);
    const decoded =
      patchBase === null
        ? { ids: decodeIdList(bytes), address, depth: 0 }
        : { ids: decodeIdList(bytes, this.decodedList(this.blobIdByAddress(patchBase.address)).ids), address, depth: patchBase.depth };
    if (this.recentLists.size >= 4) this.recentLists.delete(this.recentLists.keys().next().value as number);
    this.recentLists.set(blobId, decoded);
    return decoded;
  }

  private blobIdByAddress(address: Buffer): number {
    const row = this.blobId.get(address);
    if (row === undefined) throw storeError('store.dangling-reference', `an id list is a patch of list ${address.toString('hex')}, which is not in the database`);
    return row.id;
  }

  blobBySha256(address: Buffer): Buffer | null {
    const row = this.blobBySha.get(address);
    return row === undefined ? null : decompress(row.body);
  }

  /** A blob's bytes and the address it is stored under. */
  blobContent(id: number): { readonly sha256: Buffer; readonly bytes: Buffer } {
    const row = this.blobRow(id);
    return { sha256: row.sha256, bytes: decompress(row.body) };
  }

  private blobRow(id: number): BodyRow {
    const row = this.blobById.get(id);
    if (row === undefined) throw missingRow('blob', id);
    return row;
  }
}

export function missingRow(what: string, id: number): Error {
  return storeError('store.dangling-reference', `a run references ${what} #${id}, which is not in the database; run 'kubevidence db check'`);
}
