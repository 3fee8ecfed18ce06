export { digestFiles, type FileDigest, packageFiles, SIGNATURE_FILE } from './package-digest.ts';
export {
  decodePublicKey,
  encodePublicKey,
  generateSigningKey,
  keyIdOf,
  type PackageSignature,
  type SignedManifest,
  signManifest,
} from './package-signature.ts';
export { signPackage } from './sign-package.ts';
export { type PackageVerification, verifyPackage } from './verify-package.ts';
