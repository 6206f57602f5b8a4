import { describe, expect, it } from 'vitest';
import { redactObject } from '../../src/collect/redact.js';
import { REDACTED_CREDENTIAL } from '../../src/domain/secret-patterns.js';
import type { KubeObject } from '../../src/domain/snapshot.js';

const podSpec = (canary: (n: number) => string) => ({
  initContainers: [{ name: 'init', image: 'i:1', env: [{ name: 'PGPASSWORD', value: canary(1) }] }],
  ephemeralContainers: [{ name: 'debug', image: 'd:1', env: [{ name: 'MYSQL_PWD', value: canary(2) }] }],
  containers: [
    {
      name: 'app',
      image: 'a:1',
      command: ['/bin/app', `--password=${canary(3)}`, '--oidc-client-secret', canary(4)],
      args: ['--db', `postgres://user:${canary(5)}@db:5432/app`, 'sh', '-c', `mysql -u root -p${canary(6)} -h db && curl -H "Authorization: Bearer ${canary(7)}" https://x`],
      env: [
        { name: 'REDIS_AUTH', value: canary(8) },
        { name: 'UPSTREAM', value: `https://u:${canary(9)}@api.example.com` },
        { name: 'DB_HOST', value: 'db.example.svc' },
      ],
      readinessProbe: { httpGet: { path: '/', port: 80, httpHeaders: [{ name: 'Authorization', value: `Basic ${canary(10)}` }] } },
    },
  ],
});

const canaryOf = (prefix: string) => (n: number) => `${prefix}Canary${n}X`;

describe('redaction at collection', () => {
  it('cuts credentials out of every container channel of a Pod and of a CronJob template', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n', annotations: { 'example.com/api-token': canaryOf('P')(11), note: `see https://admin:${canaryOf('P')(12)}@host`, 'kubectl.kubernetes.io/last-applied-configuration': canaryOf('P')(13) } }, spec: podSpec(canaryOf('P')) } as unknown as KubeObject;
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c', namespace: 'n' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { metadata: { annotations: { 'vault.example/secret': canaryOf('C')(11) } }, spec: podSpec(canaryOf('C')) } } } },
    } as unknown as KubeObject;
    for (const [object, prefix] of [[pod, 'P'], [cronJob, 'C']] as const) {
      const text = JSON.stringify(redactObject(object));
      expect(text).not.toMatch(new RegExp(`${prefix}Canary\\d+X`));
      expect(text).toContain(REDACTED_CREDENTIAL);
      expect(text).toContain('db.example.svc');
      expect(text).toContain('postgres://user:');
    }
  });

  it('keeps only allow-listed Secret metadata, data key names and the service-account annotation', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/service-account-token',
      metadata: {
        name: 's',
        namespace: 'n',
        uid: 'u1',
        labels: { app: 'x' },
        resourceVersion: '1',
        annotations: {
          'openshift.io/token-secret.value': 'OpenshiftTokenCanary',
          'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"LastAppliedCanary"}}',
          'kubernetes.io/service-account.name': 'builder',
          'example.com/note': 'AnnotationCanary',
        },
      },
      data: { token: 'RGF0YUNhbmFyeQ==' },
      stringData: { extra: 'StringDataCanary' },
    } as unknown as KubeObject;
    const redacted = redactObject(secret);
    const text = JSON.stringify(redacted);
    for (const canary of ['OpenshiftTokenCanary', 'LastAppliedCanary', 'AnnotationCanary', 'RGF0YUNhbmFyeQ==', 'StringDataCanary', 'resourceVersion']) expect(text).not.toContain(canary);
    expect(redacted).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/service-account-token',
      metadata: { name: 's', namespace: 'n', uid: 'u1', labels: { app: 'x' }, annotations: { 'kubernetes.io/service-account.name': 'builder' } },
      dataKeys: ['extra', 'token'],
    });
    expect(redactObject(redacted)).toEqual(redacted);
  });

  it('keeps control-plane flags that only look credential-related (paths, switches)', () => {
    const command = ['kube-apiserver', '--anonymous-auth=false', '--token-auth-file=/etc/k/tokens.csv', '--authorization-mode=Node,RBAC', '--enable-bootstrap-token-auth=true', '--service-account-key-file=/etc/k/sa.pub'];
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'kube-apiserver', namespace: 'kube-system' }, spec: { containers: [{ name: 'a', image: 'k:1', command }] } } as unknown as KubeObject;
    expect((redactObject(pod) as unknown as { spec: { containers: [{ command: string[] }] } }).spec.containers[0].command).toEqual(command);
  });
});
