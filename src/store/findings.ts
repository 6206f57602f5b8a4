import { compress, decompress } from './codec.js';
import { missingRow } from './content.js';
import type { Db } from './db.js';

/** Findings per pack, and the factor in `finding id = pack id x 512 + line`: fixed by the stored data. */
const PACK_SIZE = 512;
const ADDRESS_BYTES = 32;

/** Finding ids by content address (latin1 of the 32 bytes): what a run may reuse instead of storing again. */
export type KnownFindings = ReadonlyMap<string, number>;

/**
 * A run's findings by content address. Their canonical text is made again, pack by pack, when the new ones are
 * compressed: held all at once it is the biggest thing a run allocates (about 100 MB at 50,000 objects).
 */
export interface AddressedFindings {
  readonly addresses: readonly Buffer[];
  textAt(index: number): string;
}

/** The findings a run adds, grouped and compressed into packs before the write lock is taken. */
export interface PackedFindings {
  /** Addresses of the findings the packs hold, in pack order. */
  readonly members: readonly Buffer[];
  readonly packs: readonly { readonly body: Buffer; readonly addresses: Buffer }[];
}

interface Pack {
  readonly lines: readonly string[];
  readonly addresses: Buffer;
}

/**
 * Findings, stored in packs of up to 512 (see migration 001): one zlib call and one row per pack rather than
 * per finding, neighbouring findings compressed against each other, and each finding's address kept beside it.
 * A run reuses the ids of findings its cluster's previous run already had, so unchanged findings cost nothing.
 */
export class FindingPacks {
  private readonly packById;
  private readonly addressesById;
  private readonly insertPack;
  /** The most recently read packs, split into lines: runs read findings in pack order. */
  private readonly recent = new Map<number, Pack>();

  constructor(db: Db) {
    this.packById = db.prepare<[number], { body: Buffer; addresses: Buffer }>('SELECT body, addresses FROM finding_packs WHERE id = ?');
    this.addressesById = db.prepare<[number], Buffer>('SELECT addresses FROM finding_packs WHERE id = ?').pluck();
    this.insertPack = db.prepare<[Buffer, Buffer]>('INSERT INTO finding_packs (body, addresses) VALUES (?, ?)');
  }

  /** The ids a run holds, by address: read from its packs' address columns, no finding decompressed. */
  known(ids: readonly number[]): KnownFindings {
    const known = new Map<string, number>();
    let packId = -1;
    let addresses: Buffer | undefined;
    for (const id of ids) {
      if (Math.floor(id / PACK_SIZE) !== packId) {
        packId = Math.floor(id / PACK_SIZE);
        addresses = this.addressesById.get(packId);
      }
      const line = id % PACK_SIZE;
      if (addresses !== undefined) known.set(addresses.toString('latin1', line * ADDRESS_BYTES, (line + 1) * ADDRESS_BYTES), id);
    }
    return known;
  }

  /** The findings of a run not in `known` (each once, in run order), packed. */
  pack(findings: AddressedFindings, known: KnownFindings): PackedFindings {
    const seen = new Set<string>();
    const indexes: number[] = [];
    findings.addresses.forEach((address, index) => {
      const key = keyOf(address);
      if (known.has(key) || seen.has(key)) return;
      seen.add(key);
      indexes.push(index);
    });
    const packs = chunks(indexes).map((chunk) => ({
      body: compress(Buffer.from(chunk.map((index) => findings.textAt(index)).join('\n'), 'utf8')),
      addresses: Buffer.concat(chunk.map((index) => findings.addresses[index] as Buffer)),
    }));
    return { members: indexes.map((index) => findings.addresses[index] as Buffer), packs };
  }

  /** Stores the packs and returns the id of every finding of the run. Must run inside the write transaction. */
  put(addresses: readonly Buffer[], packed: PackedFindings, known: KnownFindings): number[] {
    const added = new Map<string, number>();
    chunks(packed.members).forEach((chunk, index) => {
      const pack = packed.packs[index] as PackedFindings['packs'][number];
      const packId = Number(this.insertPack.run(pack.body, pack.addresses).lastInsertRowid);
      chunk.forEach((address, line) => added.set(keyOf(address), packId * PACK_SIZE + line));
    });
    return addresses.map((address) => known.get(keyOf(address)) ?? (added.get(keyOf(address)) as number));
  }

  /** A finding's canonical JSON text and the address stored beside it. */
  content(id: number): { readonly sha256: Buffer; readonly text: string } {
    const pack = this.packAt(Math.floor(id / PACK_SIZE));
    const line = id % PACK_SIZE;
    const text = pack.lines[line];
    if (text === undefined || pack.addresses.length < (line + 1) * ADDRESS_BYTES) throw missingRow('finding', id);
    return { sha256: pack.addresses.subarray(line * ADDRESS_BYTES, (line + 1) * ADDRESS_BYTES), text };
  }

  text(id: number): string {
    return this.content(id).text;
  }

  private packAt(packId: number): Pack {
    const cached = this.recent.get(packId);
    if (cached !== undefined) return cached;
    const row = this.packById.get(packId);
    if (row === undefined) throw missingRow('finding pack', packId);
    const pack = { lines: decompress(row.body).toString('utf8').split('\n'), addresses: row.addresses };
    if (this.recent.size >= 8) this.recent.delete(this.recent.keys().next().value as number);
    this.recent.set(packId, pack);
    return pack;
  }
}

/** The pack a finding id lives in. */
export function packOf(findingId: number): number {
  return Math.floor(findingId / PACK_SIZE);
}

function keyOf(address: Buffer): string {
  return address.toString('latin1');
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += PACK_SIZE) out.push(items.slice(start, start + PACK_SIZE));
  return out;
}
