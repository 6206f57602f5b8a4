import { readFileSync } from 'node:fs';
import { inputError, invalidInput } from '../errors.js';

export const KEY_PASSWORD_ENV = 'KUBEVIDENCE_KEY_PASSWORD';

/**
 * The signing key password, from a file or the environment — never from a command-line value, where it would
 * show in `ps` and shell history. The value is returned to the caller and never logged or stored.
 */
export function readKeyPassword(options: { readonly passwordFile?: string | undefined; readonly env?: NodeJS.ProcessEnv }): string {
  if (options.passwordFile !== undefined) return readPasswordFile(options.passwordFile);
  const fromEnv = (options.env ?? process.env)[KEY_PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  throw invalidInput('keyPasswordFile', `no key password: set ${KEY_PASSWORD_ENV} or pass {input} FILE`);
}

function readPasswordFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw inputError('key.password-file', `cannot read key password file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { file });
  }
  // Editors and `echo` add a final newline that is not part of the password.
  const password = text.replace(/\r?\n$/, '');
  if (password === '') throw inputError('key.password-file', 'key password file is empty', { file });
  return password;
}
