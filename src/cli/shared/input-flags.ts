import { InputValueError, type InputName, type KvError } from '../../errors.js';

/** The flag that hands each stage input over on the command line: how the CLI words a stage's `{input}`. */
export const FLAG_OF_INPUT: Readonly<Record<InputName, string>> = {
  collectedAt: '--collected-at',
  period: '--period',
  since: '--since',
  until: '--until',
  subject: '--subject',
  keyPasswordFile: '--key-password-file',
  kubeconfig: '--kubeconfig',
  context: '--context',
  db: '--db',
};

/** The one line the CLI prints for a typed error, naming a stage input by its flag. */
export function cliLineOf(error: KvError): string {
  return error instanceof InputValueError ? error.toLine(error.messageNaming(FLAG_OF_INPUT[error.input])) : error.toLine();
}
