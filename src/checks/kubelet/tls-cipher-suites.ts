import { defineKubeletCheck, kubeletVerdict } from './_shared.js';

/** The cipher suites CIS Kubernetes Benchmark v1.10 (4.2.12) accepts for the kubelet. */
const CIS_KUBELET_CIPHER_SUITES = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
];

export default defineKubeletCheck({
  id: 'kubelet.tls-cipher-suites',
  title: 'Kubelets offer only strong TLS cipher suites',
  severity: 'high',
  rationale: 'Without tlsCipherSuites the kubelet offers Go\'s default TLS 1.2 suites, which include CBC-mode suites outside the benchmark\'s list.',
  remediation: `Set tlsCipherSuites in the kubelet configuration file to a subset of: ${CIS_KUBELET_CIPHER_SUITES.join(',')}; restart the kubelet.`,
  references: { cis: ['4.2.12'], nsa: ['Network separation and hardening: Encryption'] },
  // omitempty list: absent means the Go defaults. tlsMinVersion VersionTLS13 leaves only strong TLS 1.3 suites.
  rule: (config) => {
    const suites = config.value('tlsCipherSuites');
    const evidence = [config.evidence('tlsCipherSuites', 'only strong cipher suites'), config.evidence('tlsMinVersion')];
    if (!Array.isArray(suites) || suites.length === 0) {
      if (config.value('tlsMinVersion') === 'VersionTLS13') return kubeletVerdict('pass', 'accepts TLS 1.3 only, whose cipher suites are all strong', evidence);
      return kubeletVerdict('fail', 'does not set tlsCipherSuites, so it offers Go\'s default cipher suites, which include weak ones', evidence);
    }
    const weak = suites.filter((suite) => typeof suite !== 'string' || !CIS_KUBELET_CIPHER_SUITES.includes(suite));
    if (weak.length === 0) return kubeletVerdict('pass', `allows only strong cipher suites (${suites.length} listed)`, evidence);
    return kubeletVerdict('fail', `allows cipher suites outside the strong list: ${weak.map(String).join(', ')}`, evidence);
  },
});
