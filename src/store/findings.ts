import { sha256 } from './canonical.js';
import { compress, decompress } from './codec.js';
import { missingRow } from './content.js';
import type { Db } from './db.js';

/** Findings per pack, and the factor in `finding id = pack id x 512 + line`: fixed by the stored data. */
const PACK_SIZE = 512;
const ADDRESS_BYTES = 32;

/** Finding ids by content address (latin1 of the 32 bytes): what a run may reuse instead of storing again. */
export type KnownFindings = ReadonlyMap<string, number>;

/** A run's findings as canonical JSON texts, each made when asked for (see FindingPacks.hashAndPack). */
export interface FindingTexts {
  readonly count: number;
  textAt(index: number): string;
}

/** The same findings with their content addresses, in run order. */
export interface AddressedFindings extends FindingTexts {
  readonly addresses: readonly Buffer[];
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

  /**
   * Addresses every finding and packs those not in `known`, in one pass: each canonical text is made once and
   * kept only until its pack is compressed. Held all at once, a run's finding texts are the biggest thing it
   * allocates.
   */
  hashAndPack(findings: FindingTexts, known: KnownFindings): { readonly findings: AddressedFindings; readonly packed: PackedFindings } {
    const addresses: Buffer[] = [];
    const packer = new Packer(known);
    for (let index = 0; index < findings.count; index += 1) {
      const text = findings.textAt(index);
      const address = sha256(text);
      addresses.push(address);
      packer.offer(address, () => text);
    }
    return { findings: { ...findings, addresses }, packed: packer.finish() };
  }

  /** The findings of a run not in `known` (each once, in run order), packed; texts are made again for those only. */
  pack(findings: AddressedFindings, known: KnownFindings): PackedFindings {
    const packer = new Packer(known);
    findings.addresses.forEach((address, index) => packer.offer(address, () => findings.textAt(index)));
    return packer.finish();
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

/** Collects the findings a run adds into packs of PACK_SIZE, compressing each pack as soon as it is full. */
class Packer {
  private readonly seen = new Set<string>();
  private readonly members: Buffer[] = [];
  private readonly packs: { body: Buffer; addresses: Buffer }[] = [];
  private texts: string[] = [];
  private addresses: Buffer[] = [];

  constructor(private readonly known: KnownFindings) {}

  offer(address: Buffer, text: () => string): void {
    const key = keyOf(address);
    if (this.known.has(key) || this.seen.has(key)) return;
    this.seen.add(key);
    this.members.push(address);
    this.texts.push(text());
    this.addresses.push(address);
    if (this.texts.length === PACK_SIZE) this.flush();
  }

  finish(): PackedFindings {
    if (this.texts.length > 0) this.flush();
    return { members: this.members, packs: this.packs };
  }

  private flush(): void {
    this.packs.push({ body: compress(Buffer.from(this.texts.join('\n'), 'utf8')), addresses: Buffer.concat(this.addresses) });
    this.texts = [];
    this.addresses = [];
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
