import { admissionPluginActive } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

export default defineFlagCheck({
  id: 'apiserver.admission-always-pull-images',
  title: 'The API server forces image pulls with AlwaysPullImages',
  severity: 'medium',
  rationale:
    'On a multi-tenant node, a pod can run any image already pulled there, including private images pulled ' +
    'with another tenant\'s credentials. AlwaysPullImages makes every pod prove it can pull the image.',
  remediation: 'Add AlwaysPullImages to --enable-admission-plugins on kube-apiserver (mind the registry dependency it creates).',
  references: { cis: ['1.2.11'], nsa: ['Upgrading and application security practices'] },
  component: 'kube-apiserver',
  rule: admissionPluginActive({ plugin: 'AlwaysPullImages', enabledByDefault: false }),
});
