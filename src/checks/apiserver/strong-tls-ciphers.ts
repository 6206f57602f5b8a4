import { cipherSuitesWithin } from '../control-plane/_rules.js';
import { defineFlagCheck } from '../control-plane/_shared.js';

/** The cipher suites CIS Kubernetes Benchmark v1.10 (1.2.29) accepts for kube-apiserver. */
const CIS_API_SERVER_CIPHER_SUITES = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
];

export default defineFlagCheck({
  id: 'apiserver.strong-tls-ciphers',
  title: 'The API server offers only strong TLS cipher suites',
  severity: 'high',
  rationale: 'Go\'s default TLS 1.2 suites include RSA key exchange and 3DES/CBC suites; limiting the list removes the weakest ones from every API connection.',
  remediation: `Set --tls-cipher-suites on kube-apiserver to a subset of: ${CIS_API_SERVER_CIPHER_SUITES.join(',')}.`,
  references: { cis: ['1.2.29'], nsa: ['Network separation and hardening: Encryption'] },
  component: 'kube-apiserver',
  rule: cipherSuitesWithin({ allowed: CIS_API_SERVER_CIPHER_SUITES }),
});
