/** How a run's evidence was obtained, recorded with the run. Types only. */

/** Where the collection time came from. */
export type CollectionTimeSource =
  /** The tool's clock when it read a live cluster. */
  | 'observed'
  /** Recorded in the input file (a snapshot written by `kubevidence collect`, or the user's own). */
  | 'input-file'
  /** Given by the user with --collected-at. */
  | 'user';

/** One permission the live collection actually used: `list pods`, `create selfsubjectreviews`... */
export interface PermissionUsed {
  readonly verb: string;
  /** `pods`, `networkpolicies.networking.k8s.io`, `nodes/proxy`, `/version` (a non-resource URL). */
  readonly resource: string;
}

export interface LiveProvenance {
  readonly type: 'live';
  readonly server: string | null;
  readonly serverVersion: string | null;
  readonly context: string | null;
  /** The identity the API server reported (SelfSubjectReview), or what the kubeconfig named when that was refused. */
  readonly identity: { readonly username: string; readonly groups: readonly string[]; readonly source: string };
  /** Kind keys whose complete list was read. */
  readonly kindsCollected: readonly string[];
  /** Kind keys the collector asked for and could not read (see the gaps). */
  readonly kindsMissing: readonly string[];
  /** Read-only requests the collection made, each once. */
  readonly permissionsUsed: readonly PermissionUsed[];
  readonly collectedAtSource: 'observed';
}

export interface InputFile {
  /** Path relative to the input given (its base name for a single file); never an absolute local path. */
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

export interface FileProvenance {
  readonly type: 'files';
  /** Base name of the file or folder given with --from-file / fromFile. */
  readonly input: string;
  readonly files: readonly InputFile[];
  /** Kind keys the input contained completely. */
  readonly kindsCollected: readonly string[];
  readonly collectedAtSource: Exclude<CollectionTimeSource, 'observed'>;
}

export type EvidenceProvenance = LiveProvenance | FileProvenance;
