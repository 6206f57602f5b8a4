import { describe, expect, it } from 'vitest';
import { isCredentialKey, isCredentialLiteral, looksLikeSecretAssignment, redactCredentialSpans, REDACTED_CREDENTIAL } from '../../src/domain/secret-patterns.js';

/** Real-world credential variables (names seen in official images, SDKs and CI systems) with value shapes. */
const CREDENTIALS: ReadonlyArray<readonly [string, string]> = [
  ['DB_PASSWORD', 'hunter2'],
  ['PGPASSWORD', 'pg'],
  ['POSTGRES_PASSWORD', 'postgres'],
  ['POSTGRESQL_PASSWORD', 'Zq9!x'],
  ['MYSQL_PWD', 'root'],
  ['MYSQL_ROOT_PASSWORD', 'password'],
  ['MYSQL_PASSWORD', 'a'],
  ['MARIADB_ROOT_PASSWORD', 'toor'],
  ['MONGO_INITDB_ROOT_PASSWORD', 'm0ng0'],
  ['REDIS_AUTH', 'r3d1s'],
  ['REDIS_PASSWORD', 'redispass'],
  ['RABBITMQ_DEFAULT_PASS', 'guest2'],
  ['RABBITMQ_ERLANG_COOKIE', 'SWQOKODSQALRPCLNMEQG'],
  ['ELASTIC_PASSWORD', 'changeme2'],
  ['KEYCLOAK_ADMIN_PASSWORD', 'admin'],
  ['GF_SECURITY_ADMIN_PASSWORD', 'grafana'],
  ['MINIO_ROOT_PASSWORD', 'minio123'],
  ['MINIO_SECRET_KEY', 'minio123'],
  ['AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ['AWS_SESSION_TOKEN', 'FwoGZXIvYXdzEBYaDH'],
  ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE'],
  ['AZURE_CLIENT_SECRET', 'x~8Q~abc'],
  ['AZURE_STORAGE_ACCOUNT_KEY', 'abc=='],
  ['AZURE_STORAGE_CONNECTION_STRING', 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc123==;EndpointSuffix=core.windows.net'],
  ['GOOGLE_API_KEY', 'AIzaSyA-1234567890abcdefghijklmnopqrstu'],
  ['GITHUB_TOKEN', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
  ['GH_TOKEN', 'gho_x'],
  ['GITLAB_TOKEN', 'glpat-xxxxxxxxxxxxxxxxxxxx'],
  ['NPM_TOKEN', 'npm_abc'],
  ['SLACK_BOT_TOKEN', 'xoxb-123-456'],
  ['SLACK_WEBHOOK', 'https://hooks.slack.com/services/T000/B000/XXXXXXXX'],
  ['STRIPE_SECRET_KEY', 'sk_live_abcdefghijklmnop1234'],
  ['OPENAI_API_KEY', 'sk-abc'],
  ['API_KEY', '12345'],
  ['APIKEY', 'k'],
  ['apiKey', 'abc'],
  ['X_API_KEY', 'xyz'],
  ['SENDGRID_API_KEY', 'SG.abc'],
  ['DATADOG_API_KEY', 'dd'],
  ['DD_APP_KEY', 'dd-app'],
  ['NEW_RELIC_LICENSE_KEY', 'nr'],
  ['SECRET_KEY', 'django-insecure'],
  ['DJANGO_SECRET_KEY', 's3'],
  ['SECRET_KEY_BASE', 'rails'],
  ['JWT_SECRET', 'jwt'],
  ['SESSION_SECRET', 'keyboard cat'],
  ['COOKIE_SECRET', 'c'],
  ['ENCRYPTION_KEY', 'e'],
  ['OIDC_CLIENT_SECRET', 'oidc'],
  ['CLIENT_SECRET', 'cs'],
  ['VAULT_TOKEN', 's.abcdef'],
  ['CONSUL_HTTP_TOKEN', 'consul'],
  ['DOCKER_PASSWORD', 'dockerhub'],
  ['REGISTRY_PASSWORD', 'reg'],
  ['SMTP_PASSWORD', 'mail'],
  ['SMTP_PASS', 'mail'],
  ['LDAP_BIND_PASSWORD', 'ldap'],
  ['ADMIN_PWD', 'adm'],
  ['DB_PW', 'pw1'],
  ['KAFKA_SASL_PASSWORD', 'k'],
  ['PRIVATE_KEY', '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----'],
  ['SSH_PRIVATE_KEY', 'abc'],
  ['SIGNING_KEY', 'sig'],
  ['WEBHOOK_SECRET', 'wh'],
  ['AUTH_TOKEN', 'at'],
  ['BASIC_AUTH', 'dXNlcjpwYXNz'],
  ['HTTP_AUTH', 'user:pass'],
  ['MEMCACHED_AUTH', 'm'],
  ['CREDENTIALS', 'c'],
  ['SERVICE_CREDENTIALS', 'c'],
  ['PASSPHRASE', 'correct horse'],
  ['GPG_PASSPHRASE', 'gpg'],
  ['db.password', 'x'],
  ['spring.datasource.password', 'spring'],
  ['dbPassword', 'camel'],
  ['ROOT_PASS', 'r'],
  // Value shapes that are credentials whatever the key.
  ['DATABASE_URL', 'postgres://app:s3cr3t@db:5432/app'],
  ['AMQP_URL', 'amqp://guest:guest@rabbit'],
  ['UPSTREAM', 'https://user:pass@host.example'],
  ['HEADER', 'Bearer abc123'],
  ['AUTHORIZATION', 'bearer xyz'],
  ['X', 'BASIC dXNlcjpwYXNz'],
  ['ID_TOKEN', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.abcdefghijk'],
  ['CONN', 'Server=db;User Id=sa;Password=Str0ng;'],
];

/** Values that must not be flagged: paths, references, placeholders, switches, and keys that only describe a credential. */
const NOT_CREDENTIALS: ReadonlyArray<readonly [string, string]> = [
  ['DB_PASSWORD', ''],
  ['DB_PASSWORD', '$(DB_PASSWORD_FROM_SECRET)'],
  ['DB_PASSWORD', '${DB_PASSWORD}'],
  ['DB_PASSWORD', '<your-password>'],
  ['DB_PASSWORD', 'changeme'],
  ['DB_PASSWORD', '{{ .Values.password }}'],
  ['API_SECRET_KEY_PATH', '/etc/secrets/api.key'],
  ['DB_PASSWORD_FILE', '/run/secrets/db_password'],
  ['TLS_PRIVATE_KEY_FILE', '/etc/tls/tls.key'],
  ['GOOGLE_APPLICATION_CREDENTIALS', '/var/run/secrets/gcp/key.json'],
  ['TOKEN_URL', 'https://auth.example.com/oauth/token'],
  ['AUTH_MODE', 'oidc'],
  ['AUTH_ENABLED', 'true'],
  ['REDIS_AUTH', 'false'],
  ['TOKEN_TTL', '3600'],
  ['DB_SECRET_NAME', 'payments-db'],
  ['AWS_ACCESS_KEY_ID_REF', 'x'],
  ['PASSWORD_MIN_LENGTH', '12'],
  ['DB_HOST', 'payments-db.payments.svc'],
  ['DB_USER', 'app'],
  ['LOG_LEVEL', 'debug'],
  ['PWD', '/app'],
  ['PATH', '/usr/local/bin:/usr/bin'],
  ['KEY', 'value'],
  ['CACHE_KEY', 'users'],
  ['SORT_KEY', 'name'],
  ['TOKENIZER', 'bert'],
  ['AUTH_PROVIDER', 'github'],
  ['ISSUER_URL', 'https://accounts.google.com'],
  ['DESCRIPTION', 'basic auth is enabled for the admin UI'],
  ['CSRF_TOKEN_HEADER', 'X-CSRF-Token'],
  ['SECRET_REF', 'vault:secret/data/app#password'],
];

describe('the credential rule', () => {
  it(`flags ${CREDENTIALS.length} real-world credential names and value shapes`, () => {
    expect(CREDENTIALS.length).toBeGreaterThanOrEqual(50);
    const missed = CREDENTIALS.filter(([key, value]) => !looksLikeSecretAssignment(key, value));
    expect(missed).toEqual([]);
  });

  it(`leaves ${NOT_CREDENTIALS.length} paths, references, placeholders and descriptive keys alone`, () => {
    expect(NOT_CREDENTIALS.length).toBeGreaterThanOrEqual(20);
    const flagged = NOT_CREDENTIALS.filter(([key, value]) => looksLikeSecretAssignment(key, value));
    expect(flagged).toEqual([]);
  });

  it('judges a key by its words, whatever the spelling', () => {
    for (const key of ['PGPASSWORD', 'pgPassword', 'pg-password', 'pg.password', '--pg-password', 'example.com/api-token', 'x-api-key']) expect(isCredentialKey(key), key).toBe(true);
    for (const key of ['--password-file', 'passwordFile', 'tokenUrl', 'secretName', 'secret-name', 'PUBLIC_KEY']) expect(isCredentialKey(key), key).toBe(false);
  });

  it('treats the redaction marker as a credential literal, so a check still fails a redacted value', () => {
    expect(isCredentialLiteral('ANYTHING', REDACTED_CREDENTIAL)).toBe(true);
    expect(isCredentialLiteral('URL', `postgres://u:${REDACTED_CREDENTIAL}@h`)).toBe(true);
  });
});

describe('cutting credentials out of free text', () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['--password=hunter2', 'hunter2', '--password='],
    ['--oidc-client-secret=abc.def', 'abc.def', '--oidc-client-secret='],
    ['postgres://u:pa55@h:5432/db', 'pa55', 'postgres://u:'],
    ['curl -H "Authorization: Bearer tok123" https://x', 'tok123', 'Authorization: Bearer'],
    ['{"password":"p4ss","user":"u"}', 'p4ss', '"user":"u"'],
    ['mysql -u root --password s3 && echo token=abc9', 'abc9', 'mysql -u root'],
    ['api_key: k3y-value', 'k3y-value', 'api_key:'],
  ];
  for (const [text, secret, kept] of cases) {
    it(`${text}`, () => {
      const out = redactCredentialSpans(text);
      expect(out).not.toContain(secret);
      expect(out).toContain(kept);
      expect(out).toContain(REDACTED_CREDENTIAL);
    });
  }

  it('keeps paths and plain URLs', () => {
    for (const text of ['--token-auth-file=/etc/kubernetes/tokens.csv', '--anonymous-auth=false', 'https://example.com/a?b=c', '--authorization-mode=Node,RBAC', 'image: nginx:1.25']) {
      expect(redactCredentialSpans(text)).toBe(text);
    }
  });
});
