import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import type { FileDigest } from './package-digest.ts';

/**
 * What a publisher vouches for: the package's identity, what it may do, and the digest of every
 * file it ships. The host compares the declared capabilities with the plugin's definition.
 */
export interface SignedManifest {
  name: string;
  version: string;
  /** The plugin's `definePlugin` name. */
  plugin: string;
  capabilities: string[];
  /** Hosts the plugin declares it will contact (`mirai.egress` in package.json). */
  egress: string[];
  files: FileDigest[];
}

/** `mirai-signature.json`: the signed payload kept as the exact string that was signed. */
export interface PackageSignature {
  format: 'mirai-plugin-signature/1';
  keyId: string;
  payload: string;
  signature: string;
}

/** Public keys travel as one line: base64 of the DER SubjectPublicKeyInfo. */
export function encodePublicKey(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'der' }).toString('base64');
}

export function decodePublicKey(encoded: string): KeyObject {
  const key = createPublicKey({ key: Buffer.from(encoded.trim(), 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('A trusted publisher key must be an Ed25519 public key');
  return key;
}

/** A short, stable name for a public key: the first 16 bytes of the SHA-256 of its DER form. */
export function keyIdOf(key: KeyObject): string {
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 32);
}

export function generateSigningKey(): { privateKeyPem: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: encodePublicKey(publicKey) };
}

export function signManifest(manifest: SignedManifest, privateKeyPem: string): PackageSignature {
  const privateKey = createPrivateKey(privateKeyPem);
  const payload = JSON.stringify(manifest);
  return {
    format: 'mirai-plugin-signature/1',
    keyId: keyIdOf(createPublicKey(privateKey)),
    payload,
    signature: sign(null, Buffer.from(payload), privateKey).toString('base64'),
  };
}

export type SignatureProblem = 'malformed' | 'untrusted' | 'invalid';

/** Checks the signature against the trusted keys; returns the manifest or why it cannot be believed. */
export function verifySignature(
  signature: unknown,
  trustedKeys: readonly KeyObject[],
): { ok: true; manifest: SignedManifest } | { ok: false; problem: SignatureProblem } {
  if (!isSignature(signature)) return { ok: false, problem: 'malformed' };
  const key = trustedKeys.find((candidate) => keyIdOf(candidate) === signature.keyId);
  if (key === undefined) return { ok: false, problem: 'untrusted' };
  if (!verify(null, Buffer.from(signature.payload), key, Buffer.from(signature.signature, 'base64'))) return { ok: false, problem: 'invalid' };
  try {
    return { ok: true, manifest: JSON.parse(signature.payload) as SignedManifest };
  } catch {
    return { ok: false, problem: 'malformed' };
  }
}

function isSignature(value: unknown): value is PackageSignature {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    record.format === 'mirai-plugin-signature/1' &&
    typeof record.keyId === 'string' &&
    typeof record.payload === 'string' &&
    typeof record.signature === 'string'
  );
}
