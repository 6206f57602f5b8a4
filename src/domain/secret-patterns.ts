/**
 * Recognises values that look like credentials, so a check can name the key without ever keeping the value.
 * Deliberately conservative: known token shapes and private-key headers, not every random string.
 */
const SECRET_VALUE_PATTERNS: readonly RegExp[] = [
  /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/,
  /\bAKIA[0-9A-Z]{16}\b/, // AWS access key id
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, // GitHub tokens
  /\bxox[baprs]-[A-Za-z0-9-]{10,}\b/, // Slack tokens
  /\bsk_live_[A-Za-z0-9]{20,}\b/, // Stripe live keys
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/, // JWTs
  /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, // URLs with user:password
];

/** Key names that say "this is a credential". */
const SECRET_KEY_PATTERN = /(^|[_.-])(pass(word|wd)?|secret|token|api[_.-]?key|private[_.-]?key|credentials?|access[_.-]?key)($|[_.-])/i;

export function looksLikeSecretValue(value: string): boolean {
  return SECRET_VALUE_PATTERNS.some((pattern) => pattern.test(value));
}

/** A key that names a credential and holds a non-empty literal (not a reference, not a placeholder). */
export function looksLikeSecretAssignment(key: string, value: string): boolean {
  if (looksLikeSecretValue(value)) return true;
  return SECRET_KEY_PATTERN.test(key) && value.trim().length >= 8 && !/^\$\(|^\$\{|^<.*>$|changeme/i.test(value.trim());
}

/**
 * What a credential-looking literal (an env value, say) is replaced with at collection: the key and the fact
 * that a credential was there stay as evidence; the value never reaches memory past the collector, the database
 * or a report.
 */
export const REDACTED_CREDENTIAL = '[redacted by kubevidence: credential-like value]';

/** A literal that held, or still holds, a credential. */
export function isCredentialLiteral(key: string, value: string): boolean {
  return value === REDACTED_CREDENTIAL || looksLikeSecretAssignment(key, value);
}
