import type { JsonValue } from '../domain/json.js';
import type { ResourceRef } from '../domain/snapshot.js';
import { compress, decompress } from './codec.js';
import { missingRow, type Addressed } from './content.js';
import type { Db } from './db.js';

/** An evidence object ready to store: its address, canonical JSON and the resource it is a version of. */
export interface AddressedObject extends Addressed {
  readonly ref: ResourceRef;
}

/** A stored body: self-contained (`baseId` null) or compressed against the text of version `baseId`. */
export interface EncodedObject {
  readonly body: Buffer;
  readonly baseId: number | null;
}

/** Bodies encoded before the write lock was taken; a body whose base has gone meanwhile is encoded again. */
export type PreEncoded = ReadonlyMap<AddressedObject, EncodedObject>;

interface VersionRow {
  readonly id: number;
  readonly baseId: number | null;
}

interface RefRow {
  readonly sha256: Buffer;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

interface ObjectRow extends RefRow {
  readonly baseId: number | null;
  readonly body: Buffer;
}

const OBJECT_COLUMNS = `o.sha256, r.api_version AS apiVersion, r.kind, r.namespace, r.name, o.base_id AS baseId, o.body
  FROM evidence_objects o JOIN resources r ON r.id = o.resource_id`;

/**
 * Evidence objects: each version stored once by content address, and each new version of a known resource
 * stored as a DEFLATE stream primed with a self-contained earlier version (the resource's latest version, or
 * that version's own base). A 1 KB Deployment whose label changed then costs tens of bytes, not 400.
 */
export class EvidenceObjects {
  private readonly idBySha;
  private readonly byId;
  private readonly refById;
  private readonly bySha;
  private readonly latestVersion;
  private readonly baseBody;
  private readonly resourceId;
  private readonly insertResource;
  private readonly insertObject;

  constructor(db: Db) {
    this.idBySha = db.prepare<[Buffer], { id: number }>('SELECT id FROM evidence_objects WHERE sha256 = ?');
    this.byId = db.prepare<[number], ObjectRow>(`SELECT ${OBJECT_COLUMNS} WHERE o.id = ?`);
    this.refById = db.prepare<[number], RefRow>(
      'SELECT o.sha256, r.api_version AS apiVersion, r.kind, r.namespace, r.name FROM evidence_objects o JOIN resources r ON r.id = o.resource_id WHERE o.id = ?',
    );
    this.bySha = db.prepare<[Buffer], ObjectRow>(`SELECT ${OBJECT_COLUMNS} WHERE o.sha256 = ?`);
    this.latestVersion = db.prepare<[string, string, string, string], VersionRow>(
      `SELECT o.id, o.base_id AS baseId FROM resources r JOIN evidence_objects o ON o.resource_id = r.id
       WHERE r.kind = ? AND r.namespace = ? AND r.name = ? AND r.api_version = ? ORDER BY o.id DESC LIMIT 1`,
    );
    this.baseBody = db.prepare<[number], { body: Buffer }>('SELECT body FROM evidence_objects WHERE id = ? AND base_id IS NULL');
    this.resourceId = db.prepare<[string, string, string, string], { id: number }>(
      'SELECT id FROM resources WHERE kind = ? AND namespace = ? AND name = ? AND api_version = ?',
    );
    this.insertResource = db.prepare<[string, string, string, string]>('INSERT INTO resources (kind, namespace, name, api_version) VALUES (?, ?, ?, ?)');
    this.insertObject = db.prepare<[Buffer, number, number | null, Buffer]>('INSERT INTO evidence_objects (sha256, resource_id, base_id, body) VALUES (?, ?, ?, ?)');
  }

  /** The items not stored yet: the only ones worth encoding before a write. */
  newItems(items: readonly AddressedObject[]): AddressedObject[] {
    return items.filter((item) => this.idBySha.get(item.sha256) === undefined);
  }

  encodeAll(items: readonly AddressedObject[]): PreEncoded {
    return new Map(items.map((item) => [item, this.encode(item)]));
  }

  put(item: AddressedObject, preEncoded: PreEncoded): number {
    const existing = this.idBySha.get(item.sha256);
    if (existing !== undefined) return existing.id;
    const given = preEncoded.get(item);
    const encoded = given !== undefined && (given.baseId === null || this.baseBody.get(given.baseId) !== undefined) ? given : this.encode(item);
    return Number(this.insertObject.run(item.sha256, this.putResource(item.ref), encoded.baseId, encoded.body).lastInsertRowid);
  }

  ref(id: number): { readonly ref: ResourceRef; readonly sha256: Buffer } {
    // Without the body: a pack's evidence index lists 50,000 of these.
    const row = this.refById.get(id);
    if (row === undefined) throw missingRow('evidence object', id);
    return { ref: refOfRow(row), sha256: row.sha256 };
  }

  /** A version's canonical JSON text, and the identity its resource row claims for it. */
  content(id: number): { readonly ref: ResourceRef; readonly sha256: Buffer; readonly text: string } {
    const row = this.row(id);
    return { ref: refOfRow(row), sha256: row.sha256, text: this.textOf(row) };
  }

  bySha256(address: Buffer): JsonValue | null {
    const row = this.bySha.get(address);
    return row === undefined ? null : (JSON.parse(this.textOf(row)) as JsonValue);
  }

  /** The smaller of the self-contained body and the body primed with the resource's base version. */
  private encode(item: AddressedObject): EncodedObject {
    const bytes = Buffer.from(item.text, 'utf8');
    const whole: EncodedObject = { body: compress(bytes), baseId: null };
    const { apiVersion, kind, namespace, name } = item.ref;
    const latest = this.latestVersion.get(kind, namespace ?? '', name, apiVersion);
    if (latest === undefined) return whole;
    const baseId = latest.baseId ?? latest.id;
    const base = this.baseBody.get(baseId);
    if (base === undefined) return whole;
    const primed = compress(bytes, decompress(base.body));
    return primed.length < whole.body.length ? { body: primed, baseId } : whole;
  }

  private textOf(row: ObjectRow): string {
    if (row.baseId === null) return decompress(row.body).toString('utf8');
    const base = this.baseBody.get(row.baseId);
    if (base === undefined) throw missingRow('self-contained evidence object', row.baseId);
    return decompress(row.body, decompress(base.body)).toString('utf8');
  }

  private putResource(ref: ResourceRef): number {
    const key = [ref.kind, ref.namespace ?? '', ref.name, ref.apiVersion] as const;
    const existing = this.resourceId.get(...key);
    return existing !== undefined ? existing.id : Number(this.insertResource.run(...key).lastInsertRowid);
  }

  private row(id: number): ObjectRow {
    const row = this.byId.get(id);
    if (row === undefined) throw missingRow('evidence object', id);
    return row;
  }
}

function refOfRow(row: RefRow): ResourceRef {
  const base = { apiVersion: row.apiVersion, kind: row.kind };
  return row.namespace === '' ? { ...base, name: row.name } : { ...base, namespace: row.namespace, name: row.name };
}
