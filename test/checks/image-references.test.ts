import { describe, expect, it } from 'vitest';
import { hasMutableDefaultTag, isPinnedByDigest, parseImage } from '../../src/checks/images/_shared.js';
import { isAllowedBy } from '../../src/checks/images/registry-allow-list.js';
import { exposedSocketOf } from '../../src/checks/workload/container-runtime-socket.js';

/** The reference parsing the image checks rest on, on references seen in the fixtures and in real manifests. */
describe('image references', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', undefined, undefined],
    ['nginx:1.27.2', 'docker.io', 'library/nginx', '1.27.2', undefined],
    ['bitnami/redis:7.2', 'docker.io', 'bitnami/redis', '7.2', undefined],
    ['docker.io/nginx', 'docker.io', 'library/nginx', undefined, undefined],
    ['index.docker.io/library/nginx:latest', 'docker.io', 'library/nginx', 'latest', undefined],
    ['localhost:5000/team/app:dev', 'localhost:5000', 'team/app', 'dev', undefined],
    ['localhost/app', 'localhost', 'app', undefined, undefined],
    ['registry.k8s.io/kube-proxy:v1.31.2', 'registry.k8s.io', 'kube-proxy', 'v1.31.2', undefined],
    [
      'busybox:1.38.0@sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d',
      'docker.io',
      'library/busybox',
      '1.38.0',
      'sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d',
    ],
    ['us-central1-docker.pkg.dev/google-samples/microservices-demo/frontend:v0.10.3', 'us-central1-docker.pkg.dev', 'google-samples/microservices-demo/frontend', 'v0.10.3', undefined],
  ])('%s', (raw, registry, repository, tag, digest) => {
    expect(parseImage(raw)).toEqual({ raw, registry, repository, tag, digest });
  });

  it('counts only a real content digest as pinned', () => {
    expect(isPinnedByDigest(parseImage('nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31'))).toBe(true);
    expect(isPinnedByDigest(parseImage('gcr.io/google_containers/kubernetes-kafka:1.0-10.2.1@sha256:123456'))).toBe(false);
    expect(isPinnedByDigest(parseImage('nginx:1.27'))).toBe(false);
  });

  it('treats latest and no tag as the mutable default tag', () => {
    expect(hasMutableDefaultTag(parseImage('nginx'))).toBe(true);
    expect(hasMutableDefaultTag(parseImage('nginx:latest'))).toBe(true);
    expect(hasMutableDefaultTag(parseImage('nginx:1.27'))).toBe(false);
  });

  it('matches allow-list entries by registry host or by path prefix at a path boundary', () => {
    expect(isAllowedBy(['ghcr.io/acme'], parseImage('ghcr.io/acme/api:1.0'))).toBe(true);
    expect(isAllowedBy(['ghcr.io/acme/'], parseImage('ghcr.io/acme/api:1.0'))).toBe(true);
    expect(isAllowedBy(['ghcr.io/acme/*'], parseImage('ghcr.io/acme/api:1.0'))).toBe(true);
    expect(isAllowedBy(['ghcr.io/acme'], parseImage('ghcr.io/acme-evil/api:1.0'))).toBe(false);
    expect(isAllowedBy(['eu.foo.io'], parseImage('eu.foo.io/busybox'))).toBe(true);
    expect(isAllowedBy(['eu.foo.io'], parseImage('eu.foo.io.evil.com/busybox'))).toBe(false);
    expect(isAllowedBy(['docker.io/library'], parseImage('nginx'))).toBe(true);
    expect(isAllowedBy(['index.docker.io'], parseImage('nginx'))).toBe(true);
  });
});

describe('container runtime sockets', () => {
  it.each([
    ['/var/run/docker.sock', '/var/run/docker.sock'],
    ['/var/run//docker.sock', '/var/run/docker.sock'],
    ['/run/containerd/containerd.sock', '/run/containerd/containerd.sock'],
    ['/run/containerd/', '/run/containerd/containerd.sock'],
    ['/var/run', '/var/run/docker.sock'],
    ['/', '/var/run/docker.sock'],
    ['/var/run/crio/crio.sock', '/var/run/crio/crio.sock'],
  ])('%s exposes %s', (hostPath, socket) => {
    expect(exposedSocketOf(hostPath)).toBe(socket);
  });

  it.each(['/data', '/var/lib/docker/containers', '/var/log', '/etc/udev', '/var/run-other'])('%s exposes none', (hostPath) => {
    expect(exposedSocketOf(hostPath)).toBeUndefined();
  });
});
