/** The sign stage: signing identities, signed packs, and verification anyone can repeat with openssl and pdfsig. */
export { readKeyPassword, KEY_PASSWORD_ENV } from './key-password.js';
export { loadSigner, signerFromP12, type Signer } from './signer.js';
export { generateSelfSignedP12, parseSubject } from './keygen.js';
export { signPack, writeUnsignedManifest, PDF_FILE } from './sign-pack.js';
export { writeArchive, extractArchive } from './archive.js';
export { verifyPack, type PackVerification, type VerificationCheck, type VerifyPackOptions } from './verify-pack.js';
export { verifyPdfSignature } from './verify-pdf-signature.js';
export { MANIFEST_FILE, MANIFEST_SIGNATURE_FILE, SIGNER_CERT_FILE, type Manifest, type PackProvenance } from './manifest.js';
export { sha256File } from './hash.js';
export { signCheckpoint, checkLatestCheckpoint, compareChainHead, type ChainRuns } from './chain-head.js';
export { checkPackContent } from './pack-content.js';
export { assertValidForSigning } from './signer.js';
export { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from './archive.js';
