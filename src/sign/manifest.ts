import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ChainHead } from '../domain/chain-head.js';
import { sha256File } from './hash.js';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_SIGNATURE_FILE = 'manifest.sig';
export const SIGNER_CERT_FILE = 'signer.pem';
/** RFC 3161 time-stamp response over manifest.sig, when the pack was signed with --tsa. */
export const MANIFEST_TIMESTAMP_FILE = 'manifest.tsr';
/** Files that describe the pack rather than belong to it: not listed in the manifest. */
export const PACK_META_FILES: readonly string[] = [MANIFEST_FILE, MANIFEST_SIGNATURE_FILE, MANIFEST_TIMESTAMP_FILE];

export interface ManifestEntry {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

/** What the pack is evidence of: the stored run it was rendered from. */
export interface PackProvenance {
  readonly runId: number;
  readonly runHash: string;
  readonly clusterUid: string;
  readonly clusterName: string;
  readonly frameworks: readonly string[];
  readonly catalogueDigest: string;
  readonly toolVersion: string;
  readonly generatedAt: string;
  /** The cluster's chain as the store held it when the pack was made (absent in packs made before 0.2). */
  readonly chainHead?: ChainHead;
}

export interface Manifest extends PackProvenance {
  readonly manifestVersion: 1;
  readonly signer: { readonly subject: string; readonly fingerprint: string } | null;
  readonly files: readonly ManifestEntry[];
}

/** Every file of the pack (recursively, `/`-separated, sorted) with its SHA-256 and size. */
export function listPackFiles(dir: string): ManifestEntry[] {
  return walk(dir)
    .map((path) => relative(dir, path).split(sep).join('/'))
    .filter((path) => !PACK_META_FILES.includes(path))
    .sort()
    .map((path) => ({ path, sha256: sha256File(join(dir, path)), size: statSync(join(dir, path)).size }));
}

export function buildManifest(dir: string, provenance: PackProvenance, signer: Manifest['signer']): Manifest {
  return { manifestVersion: 1, ...provenance, signer, files: listPackFiles(dir) };
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}
