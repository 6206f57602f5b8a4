import { at } from '../define-check.js';
import { containersOf, type ContainerEntry } from '../containers.js';
import type { WorkloadSubject } from '../workload-subjects.js';
import type { Evidence } from '../../domain/finding.js';

/**
 * An image reference split the way the container runtimes resolve it (the distribution reference grammar):
 * `[registry/]repository[:tag][@digest]`, where the first path component is a registry only when it contains a dot or a
 * colon or is `localhost`, and a bare Docker Hub name gets the `library/` namespace.
 */
export interface ImageReference {
  /** As written in the spec. */
  readonly raw: string;
  /** Registry host (with port), `docker.io` when the reference names none. */
  readonly registry: string;
  /** Repository path inside the registry: `library/nginx`, `google-samples/microservices-demo/frontend`. */
  readonly repository: string;
  readonly tag: string | undefined;
  /** `sha256:<hex>` when the reference is pinned by digest. */
  readonly digest: string | undefined;
}

const DOCKER_HUB = 'docker.io';

export function parseImage(raw: string): ImageReference {
  const digestAt = raw.indexOf('@');
  const named = digestAt < 0 ? raw : raw.slice(0, digestAt);
  const digest = digestAt < 0 ? undefined : raw.slice(digestAt + 1);
  const slash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const tag = colon > slash ? named.slice(colon + 1) : undefined;
  const name = colon > slash ? named.slice(0, colon) : named;
  const [first, ...rest] = name.split('/');
  const hasRegistry = rest.length > 0 && first !== undefined && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : DOCKER_HUB;
  const path = hasRegistry ? rest.join('/') : name;
  const repository = registry === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path;
  return { raw, registry: registry === 'index.docker.io' ? DOCKER_HUB : registry, repository, tag: tag === '' ? undefined : tag, digest: digest === '' ? undefined : digest };
}

/**
 * Encodings of the algorithms the OCI image spec registers (descriptor.md, "Registered algorithms"): lower-case hex of
 * the exact length. Upper-case hex or a short value is not a digest of these algorithms, whatever a registry accepts.
 */
const REGISTERED_DIGESTS: Readonly<Record<string, RegExp>> = {
  sha256: /^[a-f0-9]{64}$/,
  sha512: /^[a-f0-9]{128}$/,
  blake3: /^[a-f0-9]{64}$/,
};

/** `algorithm ::= component (separator component)*`, `component ::= [a-z0-9]+`, `separator ::= [+._-]`. */
const ALGORITHM = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*$/;
/** `encoded ::= [a-zA-Z0-9=_-]+`. */
const ENCODED = /^[a-zA-Z0-9=_-]+$/;

/** Why a digest is not a valid OCI digest, or undefined when it is one. */
export function digestProblemOf(digest: string): string | undefined {
  const colon = digest.indexOf(':');
  if (colon < 0) return 'has no algorithm prefix (expected <algorithm>:<encoded>)';
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  const registered = REGISTERED_DIGESTS[algorithm];
  if (registered !== undefined) return registered.test(encoded) ? undefined : `is not a ${algorithm} digest (${registered === REGISTERED_DIGESTS['sha512'] ? 128 : 64} lower-case hex digits)`;
  if (!ALGORITHM.test(algorithm)) return `names an invalid algorithm '${algorithm}'`;
  return ENCODED.test(encoded) ? undefined : `has an invalid encoded part for algorithm '${algorithm}'`;
}

/** Pinned by content: `@<algorithm>:<encoded>` valid under the OCI descriptor rules (registered algorithms checked exactly). */
export function isPinnedByDigest(image: ImageReference): boolean {
  return image.digest !== undefined && digestProblemOf(image.digest) === undefined;
}

/** A tag that moves with every release: `latest`, or no tag at all (which the runtime reads as `latest`). */
export function hasMutableDefaultTag(image: ImageReference): boolean {
  return image.tag === undefined || image.tag === 'latest';
}

/** One container and its image. */
export interface ContainerImage {
  readonly entry: ContainerEntry;
  readonly image: ImageReference;
  readonly evidence: Evidence;
}

/** Every container's image, init and ephemeral containers included; a container without an image is skipped. */
export function containerImagesOf(workload: WorkloadSubject, expected: string): ContainerImage[] {
  return containersOf(workload).flatMap((entry) => {
    const image = entry.container['image'];
    if (typeof image !== 'string' || image === '') return [];
    return [{ entry, image: parseImage(image), evidence: at(`${entry.path}.image`, image, expected) }];
  });
}
