/**
 * How a snapshot's evidence was obtained, recorded with the run: the live API (server, version, the identity the
 * server reported, the kinds read and the read-only requests made) or files (each input file's path relative to
 * the input given, never an absolute local path, with its SHA-256), and who dated the collection.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, relative, sep } from 'node:path';
import type { EvidenceProvenance, FileProvenance, InputFile, LiveProvenance, PermissionUsed } from '../domain/provenance.js';
import type { Snapshot } from '../domain/snapshot.js';
import { COLLECTED_KINDS, keyOfCollectedKind } from './kinds.js';
import { NODE_CONFIG_GAP_KIND } from './node-configs.js';
import { manifestFilesUnder } from './read-manifests.js';

/** Provenance of a snapshot read from `path` (a file or a folder of manifests). */
export function fileProvenanceOf(snapshot: Snapshot, path: string, collectedAtGiven: boolean): FileProvenance {
  const isDirectory = statSync(path).isDirectory();
  const root = path.replace(/[\\/]+$/, '');
  const files = isDirectory ? manifestFilesUnder(root) : [root];
  const inputName = basename(root);
  return {
    type: 'files',
    input: inputName,
    files: files.map((file) => inputFileOf(file, isDirectory ? `${inputName}/${relative(root, file).split(sep).join('/')}` : inputName)),
    kindsCollected: [...snapshot.collectedKinds].sort(),
    collectedAtSource: collectedAtGiven ? 'user' : 'input-file',
  };
}

function inputFileOf(file: string, shownAs: string): InputFile {
  const bytes = readFileSync(file);
  return { path: shownAs, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

/** Provenance of a live collection, from what the snapshot records of it. */
export function liveProvenanceOf(snapshot: Snapshot): LiveProvenance {
  const collected = new Set(snapshot.collectedKinds);
  const crds = new Set(snapshot.resources.filter((object) => object.kind === 'CustomResourceDefinition').map((object) => object.metadata.name));
  const listed = COLLECTED_KINDS.filter((kind) => collected.has(keyOfCollectedKind(kind)) && (kind.optionalCrd === undefined || crds.has(kind.optionalCrd)));
  const permissions: PermissionUsed[] = [
    { verb: 'get', resource: '/version' },
    { verb: 'create', resource: 'selfsubjectreviews.authentication.k8s.io' },
    { verb: 'get', resource: 'namespaces (kube-system)' },
    ...listed.map((kind) => ({ verb: 'list', resource: kind.group === '' ? kind.plural : `${kind.plural}.${kind.group}` })),
    ...(snapshot.nodeConfigs.length > 0 ? [{ verb: 'get', resource: 'nodes/proxy (configz)' }] : []),
  ];
  const context = snapshot.source.type === 'cluster' ? snapshot.source.context : null;
  return {
    type: 'live',
    server: snapshot.cluster.server,
    serverVersion: snapshot.cluster.version,
    context,
    identity: { username: snapshot.collector.username, groups: [...snapshot.collector.groups], source: snapshot.collector.source },
    kindsCollected: [...snapshot.collectedKinds].sort(),
    kindsMissing: [...new Set(snapshot.gaps.filter((gap) => gap.kind !== NODE_CONFIG_GAP_KIND && !collected.has(gap.kind)).map((gap) => gap.kind))].sort(),
    permissionsUsed: permissions,
    collectedAtSource: 'observed',
  };
}

/**
 * The provenance of a snapshot by how this run obtained it: live when this run read a cluster, files otherwise,
 * even when the file is a snapshot another run once collected live (this run did not observe that).
 */
export function provenanceOf(snapshot: Snapshot, obtained: { readonly type: 'cluster' } | { readonly type: 'file'; readonly path: string }, collectedAtGiven: boolean): EvidenceProvenance {
  return obtained.type === 'cluster' ? liveProvenanceOf(snapshot) : fileProvenanceOf(snapshot, obtained.path, collectedAtGiven);
}
