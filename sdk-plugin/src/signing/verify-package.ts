import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { digestFiles, packageFiles, SIGNATURE_FILE } from './package-digest.ts';
import { type SignedManifest, verifySignature } from './package-signature.ts';

export type PackageVerification =
  | { status: 'verified'; manifest: SignedManifest }
  | { status: 'unsigned' }
  | { status: 'untrusted' }
  /** The signature does not verify, or a file was changed, added or removed after signing. */
  | { status: 'tampered'; detail: string };

async function readSignature(dir: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(join(dir, SIGNATURE_FILE), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return null;
  }
}

/** Verifies an unpacked package folder (as npm installs it) against the trusted publisher keys. */
export async function verifyPackage(dir: string, trustedKeys: readonly KeyObject[]): Promise<PackageVerification> {
  const signature = await readSignature(dir);
  if (signature === undefined) return { status: 'unsigned' };
  const checked = verifySignature(signature, trustedKeys);
  if (!checked.ok)
    return checked.problem === 'untrusted' ? { status: 'untrusted' } : { status: 'tampered', detail: `the signature is ${checked.problem}` };
  const signed = new Map(checked.manifest.files.map((file) => [file.path, file.sha256]));
  const present = await packageFiles(dir);
  const extra = present.filter((path) => !signed.has(path));
  if (extra.length > 0) return { status: 'tampered', detail: `unsigned files: ${extra.join(', ')}` };
  for (const file of await digestFiles(dir, present))
    if (signed.get(file.path) !== file.sha256) return { status: 'tampered', detail: `${file.path} differs from what was signed` };
  const missing = [...signed.keys()].filter((path) => !present.includes(path));
  if (missing.length > 0) return { status: 'tampered', detail: `missing files: ${missing.join(', ')}` };
  return { status: 'verified', manifest: checked.manifest };
}
