import type { JsonObject } from '../../domain/json.js';
import { describeRef, refOf, type KubeObject } from '../../domain/snapshot.js';
import { isObject } from '../containers.js';
import { at, defineCheck, type FindingDraft } from '../define-check.js';
import { STORAGE_CLASS, fieldOf } from './_shared.js';

/**
 * What each known provisioner does about encryption at rest:
 * - `parameter`: volumes are encrypted only when the named parameter is "true";
 * - `platform`: the platform always encrypts (provider-managed keys); the named parameter selects a customer key.
 * Every other provisioner is `unknown`: its encryption is decided outside the StorageClass.
 */
type Encryption = { readonly mode: 'parameter'; readonly parameter: string } | { readonly mode: 'platform'; readonly parameter: string; readonly platform: string };

const PROVISIONERS: Readonly<Record<string, Encryption>> = {
  'ebs.csi.aws.com': { mode: 'parameter', parameter: 'encrypted' },
  'kubernetes.io/aws-ebs': { mode: 'parameter', parameter: 'encrypted' },
  'rbd.csi.ceph.com': { mode: 'parameter', parameter: 'encrypted' },
  'driver.longhorn.io': { mode: 'parameter', parameter: 'encrypted' },
  'pd.csi.storage.gke.io': { mode: 'platform', parameter: 'disk-encryption-kms-key', platform: 'Google Compute Engine encrypts every persistent disk at rest' },
  'kubernetes.io/gce-pd': { mode: 'platform', parameter: 'disk-encryption-kms-key', platform: 'Google Compute Engine encrypts every persistent disk at rest' },
  'disk.csi.azure.com': { mode: 'platform', parameter: 'diskEncryptionSetID', platform: 'Azure encrypts every managed disk at rest (server-side encryption)' },
  'kubernetes.io/azure-disk': { mode: 'platform', parameter: 'diskEncryptionSetID', platform: 'Azure encrypts every managed disk at rest (server-side encryption)' },
  'file.csi.azure.com': { mode: 'platform', parameter: 'diskEncryptionSetID', platform: 'Azure Storage encrypts every file share at rest' },
  'kubernetes.io/azure-file': { mode: 'platform', parameter: 'diskEncryptionSetID', platform: 'Azure Storage encrypts every file share at rest' },
};

export default defineCheck({
  id: 'storage.class-encryption',
  title: 'StorageClasses provision encrypted volumes where the provisioner supports it',
  severity: 'medium',
  rationale:
    'Volumes hold application data, often personal or payment data; unencrypted disks are exposed through snapshots, ' +
    'decommissioned hardware and misconfigured sharing. Some provisioners encrypt only when asked in the StorageClass.',
  remediation: 'Set the provisioner\'s encryption parameter (e.g. encrypted: "true" for ebs.csi.aws.com) in every StorageClass; for other provisioners, document how the backing storage is encrypted.',
  reads: [STORAGE_CLASS],
  references: { nsa: ['Network separation and hardening: Encryption'] },
  evaluate: ({ index }) => index.list(STORAGE_CLASS).map(encryptionFindingFor),
});

function encryptionFindingFor(storageClass: KubeObject): FindingDraft {
  const resource = refOf(storageClass);
  const provisioner = String(fieldOf(storageClass, 'provisioner') ?? '');
  const parameters = isObject(fieldOf(storageClass, 'parameters')) ? (fieldOf(storageClass, 'parameters') as JsonObject) : {};
  const known = PROVISIONERS[provisioner];
  const provisionerEvidence = at('provisioner', provisioner);
  if (known === undefined) {
    return { resource, status: 'unknown', message: `${describeRef(resource)} uses provisioner ${provisioner || '(none)'}, whose encryption at rest cannot be determined from the StorageClass.`, evidence: [provisionerEvidence] };
  }
  const value = parameters[known.parameter];
  const evidence = [provisionerEvidence, at(`parameters.${known.parameter}`, value, known.mode === 'parameter' ? '"true"' : undefined)];
  if (known.mode === 'platform') {
    const keys = value === undefined ? 'with provider-managed keys' : `with the customer-managed key in ${known.parameter}`;
    return { resource, status: 'pass', message: `${describeRef(resource)} provisions ${provisioner} volumes, which are encrypted at rest ${keys}: ${known.platform}.`, evidence };
  }
  return value === 'true' || value === true
    ? { resource, status: 'pass', message: `${describeRef(resource)} provisions encrypted ${provisioner} volumes.`, evidence }
    : { resource, status: 'fail', message: `${describeRef(resource)} provisions ${provisioner} volumes without ${known.parameter}: "true", so they are encrypted only if the account enforces it outside the cluster.`, evidence };
}
