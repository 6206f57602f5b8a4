import { loadSigner, readKeyPassword, type Signer } from '../../sign/index.js';

/** The signer of --sign-key / a config's signing section; the password comes from a file or the environment, never a flag. */
export function signerFrom(keyFile: string, passwordFile: string | undefined): Signer {
  return loadSigner(keyFile, readKeyPassword({ passwordFile }));
}
