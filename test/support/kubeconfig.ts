import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

/** One cluster entry; `caPem` becomes `certificate-authority-data` as kubeadm writes it. */
export interface KubeconfigCluster {
  readonly name: string;
  readonly server: string;
  readonly caPem?: string;
  readonly insecureSkipTlsVerify?: boolean;
}

/** A user authenticating by bearer token, client certificate, or exec credential plugin. */
export type KubeconfigUser =
  | { readonly name: string; readonly token: string }
  | { readonly name: string; readonly clientCertPem: string; readonly clientKeyPem: string }
  | { readonly name: string; readonly exec: { readonly command: string; readonly args?: readonly string[] } };

export interface KubeconfigContext {
  readonly name: string;
  readonly cluster: string;
  readonly user: string;
  readonly namespace?: string;
}

export interface Kubeconfig {
  readonly clusters: readonly KubeconfigCluster[];
  readonly users: readonly KubeconfigUser[];
  readonly contexts: readonly KubeconfigContext[];
  readonly currentContext: string;
}

/** Writes a kubeconfig file in the format kubectl reads (v1 Config, base64 `*-data` fields). */
export function writeKubeconfig(path: string, config: Kubeconfig): string {
  const document = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: config.clusters.map((cluster) => ({ name: cluster.name, cluster: clusterFields(cluster) })),
    users: config.users.map((user) => ({ name: user.name, user: userFields(user) })),
    contexts: config.contexts.map(({ name, cluster, user, namespace }) => ({ name, context: { cluster, user, ...(namespace === undefined ? {} : { namespace }) } })),
    'current-context': config.currentContext,
    preferences: {},
  };
  writeFileSync(path, stringify(document), { mode: 0o600 });
  return path;
}

function clusterFields(cluster: KubeconfigCluster): Record<string, unknown> {
  return {
    server: cluster.server,
    ...(cluster.caPem === undefined ? {} : { 'certificate-authority-data': base64(cluster.caPem) }),
    ...(cluster.insecureSkipTlsVerify === true ? { 'insecure-skip-tls-verify': true } : {}),
  };
}

function userFields(user: KubeconfigUser): Record<string, unknown> {
  if ('token' in user) return { token: user.token };
  if ('exec' in user) return { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: user.exec.command, args: [...(user.exec.args ?? [])], interactiveMode: 'Never' } };
  return { 'client-certificate-data': base64(user.clientCertPem), 'client-key-data': base64(user.clientKeyPem) };
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
