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

/** Pinned by content: `@sha256:` followed by the 64 hex digits of the manifest digest (or another registered algorithm). */
export function isPinnedByDigest(image: ImageReference): boolean {
  return image.digest !== undefined && /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/.test(image.digest);
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
