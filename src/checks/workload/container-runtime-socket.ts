import { posix } from 'node:path';
import { at, defineCheck } from '../define-check.js';
import { WORKLOAD_KINDS, type WorkloadSubject } from '../workload-subjects.js';
import { verdictOf, violated, volumesOf, type Observation } from '../pss/_shared.js';
import { isObject } from '../containers.js';

/**
 * Sockets of the container runtimes and their shims, and the runtime state folders that hold them: whoever can write to
 * one controls every container on the node. Each is listed in its /var/run and its /run form, since /var/run is a link
 * to /run on current distributions and manifests use both. `/var/run/docker` is dockerd's state folder (it holds the
 * socket of the containerd dockerd starts).
 */
export const RUNTIME_SOCKETS: readonly string[] = [
  'docker.sock',
  'docker',
  'docker/containerd/containerd.sock',
  'docker/containerd/docker-containerd.sock',
  'cri-dockerd.sock',
  'containerd/containerd.sock',
  'k3s/containerd/containerd.sock',
  'crio/crio.sock',
  'podman/podman.sock',
].flatMap((relative) => [`/var/run/${relative}`, `/run/${relative}`]);

/** `/var/run/`, `/var/run//docker.sock`, `/var/run/./x/../docker.sock` and `/var/run/docker.sock` name the same place. */
function normalised(path: string): string {
  const collapsed = posix.normalize(path);
  return collapsed.length > 1 && collapsed.endsWith('/') ? collapsed.slice(0, -1) : collapsed;
}

/** The socket itself, or a folder that contains it (`/var/run`, `/run/containerd`, `/var`, `/`), exposes it. */
export function exposedSocketOf(hostPath: string): string | undefined {
  const path = normalised(hostPath);
  const prefix = path === '/' ? '/' : `${path}/`;
  return RUNTIME_SOCKETS.find((socket) => socket === path || socket.startsWith(prefix));
}

function observationsOf(workload: WorkloadSubject): Observation[] {
  return volumesOf(workload).flatMap(({ volume, name, path }): Observation[] => {
    const hostPath = volume['hostPath'];
    const target = isObject(hostPath) ? hostPath['path'] : undefined;
    if (typeof target !== 'string') return [];
    const socket = exposedSocketOf(target);
    if (socket === undefined) return [];
    const reason = normalised(target) === socket ? `volume '${name}' mounts the runtime socket ${socket}` : `volume '${name}' mounts ${target}, which contains the runtime socket ${socket}`;
    return [violated(at(`${path}.hostPath.path`, target, 'no container runtime socket or a directory holding one'), reason)];
  });
}

/** The fields this control reads, named in the evidence of a pass that found none set. */
const EXAMINED: readonly string[] = ['volume:hostPath.path'];

export default defineCheck({
  id: 'workload.container-runtime-socket',
  title: 'Pods do not mount a container runtime socket',
  severity: 'critical',
  rationale:
    'The Docker, containerd, CRI-O and Podman sockets accept commands to start privileged containers, read any container ' +
    "and exec into it: a pod that can reach one owns the node. Mounting the socket (or a host directory that holds it, such as " +
    '/var/run or /run/containerd) through a hostPath volume bypasses every Pod Security control.',
  remediation: 'Remove the hostPath volume; build images with a daemonless builder (BuildKit rootless, kaniko, buildah) and read container metadata through the Kubernetes API instead of the runtime.',
  reads: WORKLOAD_KINDS,
  references: {
    nsa: ['Kubernetes Pod security'],
    other: ['CIS Docker Benchmark 5.31: Ensure that the Docker socket is not mounted inside any containers'],
  },
  evaluate: ({ index }) =>
    index.workloads.map((workload) =>
      verdictOf(workload, observationsOf(workload), { examined: EXAMINED, pass: 'mounts no container runtime socket', fail: 'mounts a container runtime socket' }),
    ),
});
