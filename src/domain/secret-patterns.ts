/**
 * The one credential rule, used both where values are redacted at collection (collect/redact.ts) and where the
 * `secrets.*` checks judge literals. A value is a credential when
 *   - its shape alone says so (private-key headers, known token formats, `Bearer …`/`Basic …`, URL userinfo,
 *     `Password=…;` in connection strings), whatever the key; or
 *   - its key names a credential (password, pwd, secret, token, api key, auth, credential, private key, …) and the
 *     value is a literal of any length that is not empty, a reference, a file path, a plain URL, a boolean or an
 *     obvious placeholder.
 * A key whose last word describes something else than the credential itself (`*_PASSWORD_FILE`,
 * `*_SECRET_KEY_PATH`, `TOKEN_URL`, `AUTH_MODE`, `SECRET_NAME`) does not name a credential.
 */

/**
 * Key words that name a credential on their own. Matched as whole words of the key (split on separators and
 * camelCase), and the long ones also inside run-together keys (`PGPASSWORD`, `APIKEY`, `GITHUBTOKEN`).
 */
const CREDENTIAL_WORDS = new Set([
  'password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode', 'pw', 'secret', 'secrets', 'token', 'tokens', 'apikey', 'auth',
  'credential', 'credentials', 'creds', 'cred', 'privatekey', 'authorization', 'bearer', 'cookie',
]);
/** Run-together spellings found inside a single word (`PGPASSWORD`, `MYSQLPWD` is too short to trust, `REDISAUTH` too). */
const CREDENTIAL_INFIXES = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'privatekey', 'accesskey', 'secretkey'];
/** `<qualifier> key` pairs that name a key which is a credential (`API_KEY`, `AWS_SECRET_ACCESS_KEY`, `ACCOUNT_KEY`). */
const KEY_QUALIFIERS = new Set(['api', 'secret', 'private', 'access', 'encryption', 'signing', 'sign', 'master', 'account', 'shared', 'license', 'client', 'session', 'hmac', 'service', 'storage', 'app', 'crypt', 'cipher', 'jwt', 'webhook', 'subscription', 'x']);
/**
 * Last words that make the key describe something about a credential rather than hold it: a file or path to it,
 * where to get it, its name, kind, lifetime, or whether it is on. `ACCESS_KEY_ID` is an identifier, not the secret.
 */
const DESCRIPTOR_WORDS = new Set([
  'file', 'files', 'path', 'paths', 'dir', 'directory', 'folder', 'location', 'mount', 'url', 'uri', 'urls', 'endpoint', 'endpoints', 'host', 'hostname',
  'port', 'server', 'address', 'addr', 'enabled', 'enable', 'disabled', 'disable', 'required', 'mode', 'type', 'types', 'kind', 'provider', 'providers',
  'method', 'methods', 'name', 'names', 'ref', 'reference', 'id', 'ids', 'user', 'username', 'usr', 'login', 'email', 'ttl', 'expiry', 'expires', 'expiration',
  'timeout', 'lifetime', 'duration', 'seconds', 'minutes', 'hours', 'days', 'interval', 'period', 'age', 'length', 'len', 'size', 'count', 'min', 'max',
  'limit', 'header', 'headers', 'policy', 'policies', 'strategy', 'backend', 'store', 'version', 'issuer', 'audience', 'scope', 'scopes', 'algorithm', 'alg',
  'format', 'rotation', 'rotate', 'refresh', 'encoding', 'field', 'env', 'var', 'variable', 'source', 'sources', 'namespace', 'selector', 'label', 'labels',
  'annotation', 'prefix', 'suffix', 'template', 'schema', 'webhook', 'hint', 'help', 'description', 'desc', 'regex', 'pattern', 'config', 'configmap',
  'cache', 'dir', 'sha', 'hash', 'digest', 'check', 'validation', 'verify', 'flag', 'option', 'options', 'level', 'list', 'role', 'group', 'realm', 'plugin',
  'secretname', 'secretref', 'keyref', 'domain', 'secure', 'samesite', 'httponly', 'command', 'cmd', 'script', 'program', 'exec', 'bucket',
]);

/** Splits `DB_PASSWORD`, `dbPassword`, `db.password`, `--db-password`, `example.com/api-token` into lower-case words. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/** A key naming a credential: a credential word (or `<qualifier> key`), and a last word that is not a descriptor. */
export function isCredentialKey(key: string): boolean {
  const words = keyWords(key);
  const last = words[words.length - 1];
  if (last === undefined || DESCRIPTOR_WORDS.has(last)) return false;
  if (words.some((word) => CREDENTIAL_WORDS.has(word))) return true;
  if (words.some((word, index) => (word === 'key' || word === 'keys') && index > 0 && KEY_QUALIFIERS.has(words[index - 1] ?? ''))) return true;
  return words.some((word) => !DESCRIPTOR_WORDS.has(word) && CREDENTIAL_INFIXES.some((infix) => word.endsWith(infix) || word.endsWith(`${infix}s`)) && !/^(csrf|xsrf)token$/.test(word));
}

/** Shapes that are credentials whatever the key. Each matches the whole credential, so it can be cut out of a longer text. */
const CREDENTIAL_SPANS: readonly RegExp[] = [
  /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g,
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}\b/g, // AWS access key ids
  /\bgh[pousr]_[A-Za-z0-9_]{20,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bglpat-[A-Za-z0-9_-]{20,}/g, // GitLab personal access tokens
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack tokens
  /\bhttps:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g,
  /\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/g, // Stripe keys
  /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}/g, // OpenAI / Anthropic style keys
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API keys
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, // SendGrid
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, // JWTs
];
/** `Bearer …`, `Basic …` (any case): an Authorization header value, unless the next word is prose (`basic auth`). */
const AUTHORIZATION_VALUE = /\b(bearer|basic|digest|token)([ \t]+)([A-Za-z0-9+/=._~-]{3,})/gi;
const NOT_A_TOKEN = new Set(['auth', 'authentication', 'authorization', 'token', 'tokens', 'realm', 'scheme', 'header', 'the', 'and', 'for', 'with', 'only', 'mode', 'type', 'access', 'credentials', 'login', 'user', 'users', 'http', 'https', 'bucket', 'based', 'setup', 'config', 'configuration', 'support', 'enabled', 'disabled']);
/** `scheme://user:password@host` — only the password part is a credential. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]*:)([^\s/@'"]+)(@)/gi;
/** `Password=…;` / `AccountKey=…` in connection strings. */
const CONNECTION_STRING_SECRET = /((?:^|[;\s])(?:password|pwd|accountkey|sharedaccesskey|access_token|sharedsecret)\s*=\s*)([^;\s'"]+)/gi;

/** The value, whole, is (or contains) a credential by its shape alone. */
export function looksLikeSecretValue(value: string): boolean {
  return redactCredentialSpans(value) !== value;
}

/**
 * Placeholders, references and values that describe where a credential is rather than hold it. These are kept:
 * they are evidence (a `$(VAR)` reference, a mounted file path), not secrets.
 */
export function isPlaceholderOrReference(value: string): boolean {
  const text = value.trim();
  if (text === '' || text === REDACTED_CREDENTIAL) return true;
  if (/^\$\([^)]*\)$|^\$\{[^}]*\}$|^\$[A-Za-z_][A-Za-z0-9_]*$|^\{\{.*\}\}$|^%\(.*\)s$|^<[^<>]*>$|^\[[^[\]]*\]$/.test(text)) return true; // references, templates, <your-password>
  if (/^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:\\|file:)[^\s]*$/.test(text)) return true; // file paths
  if (/^(?:true|false|yes|no|on|off|enabled?|disabled?|none|null|nil|undefined|n\/a|na|-)$/i.test(text)) return true; // switches and nothing
  if (/^(?:change[-_ ]?me|changeit|replace[-_ ]?me|to[-_ ]?do|tbd|placeholder|redacted|secret[-_ ]?here|password[-_ ]?here|your[-_ ].*|example|dummy|fake|x{3,}|\*{3,}|\.{3,}|#{3,})$/i.test(text)) return true;
  // A plain URL (no userinfo, no credential in the query) names a place, not a secret.
  if (/^[a-z][a-z0-9+.-]*:\/\/[^\s@]+$/i.test(text) && !/[?&](?:[a-z_]*token|[a-z_]*key|[a-z_]*secret|sig|signature|password|pwd|code)=[^&]/i.test(text)) return true;
  return false;
}

/** A key that names a credential with a literal that is not a placeholder, or any value shaped like a credential. */
export function looksLikeSecretAssignment(key: string, value: string): boolean {
  if (looksLikeSecretValue(value)) return true;
  return isCredentialKey(key) && !isPlaceholderOrReference(value);
}

/**
 * What a credential-looking value (an env literal, a flag value, a URL password) is replaced with at collection:
 * the key and the fact that a credential was there stay as evidence; the value never reaches memory past the
 * collector, the database or a report.
 */
export const REDACTED_CREDENTIAL = '[redacted by kubevidence: credential-like value]';

/** A literal that held, or still holds, a credential. */
export function isCredentialLiteral(key: string, value: string): boolean {
  return value.includes(REDACTED_CREDENTIAL) || looksLikeSecretAssignment(key, value);
}

/** Cuts every credential-shaped span (token formats, URL passwords, connection-string passwords) out of a text. */
export function redactCredentialSpans(text: string): string {
  let out = text;
  for (const pattern of CREDENTIAL_SPANS) out = out.replace(pattern, REDACTED_CREDENTIAL);
  out = out.replace(AUTHORIZATION_VALUE, (whole, scheme: string, space: string, token: string) =>
    NOT_A_TOKEN.has(token.toLowerCase()) || (scheme.toLowerCase() === 'token' && !/[0-9]/.test(token)) ? whole : `${scheme}${space}${REDACTED_CREDENTIAL}`,
  );
  out = out.replace(URL_USERINFO, (whole, before: string, password: string, at: string) => (password === REDACTED_CREDENTIAL ? whole : `${before}${REDACTED_CREDENTIAL}${at}`));
  out = out.replace(CONNECTION_STRING_SECRET, (whole, before: string, secret: string) => (isPlaceholderOrReference(secret) ? whole : `${before}${REDACTED_CREDENTIAL}`));
  return redactKeyedLiterals(out);
}

/**
 * `password=…`, `--client-secret=…`, `"token": "…"`, `api_key: …` inside free text (shell scripts in args, JSON or
 * YAML in annotations): the value after a credential-naming key is cut, unless it is a placeholder or reference.
 */
const KEYED_LITERAL = /((?:^|[\s"'{,;&?(])-{0,2}["']?([A-Za-z_][A-Za-z0-9_.\-/]*)["']?\s*(?:=|:(?!\/\/))\s*)("[^"\n]*"|'[^'\n]*'|[^\s"',;&)}]+)/g;
function redactKeyedLiterals(text: string): string {
  return text.replace(KEYED_LITERAL, (whole, before: string, key: string, value: string) => {
    const bare = /^["']/.test(value) ? value.slice(1, -1) : value;
    if (!isCredentialKey(key) || isPlaceholderOrReference(bare) || bare.includes(REDACTED_CREDENTIAL) || /^(?:bearer|basic|digest|token|negotiate)$/i.test(bare)) return whole;
    return /^["']/.test(value) ? `${before}${value[0]}${REDACTED_CREDENTIAL}${value[0]}` : `${before}${REDACTED_CREDENTIAL}`;
  });
}
