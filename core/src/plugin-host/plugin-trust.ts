import type { KeyObject } from 'node:crypto';
import { sep } from 'node:path';
import type { PluginDefinition } from '@mirai/sdk-plugin';
import { decodePublicKey, type SignedManifest, verifyPackage } from '@mirai/sdk-plugin/signing';
import { MiraiError } from '../errors/mirai-error.ts';
import type { PluginCandidate } from './plugin-discovery.ts';

export interface TrustPolicy {
  /** Publisher keys whose signatures are believed. */
  keys: KeyObject[];
  /** Development only: unsigned partner packages load (with a warning). */
  allowUnsigned: boolean;
  /** Folders whose plugins are first-party by location (the repository's own plugins and fixtures). */
  trustedFolders: string[];
}

export function trustPolicy(encodedKeys: readonly string[], allowUnsigned: boolean, trustedFolders: string[]): TrustPolicy {
  const keys = encodedKeys.map((encoded, index) => {
    try {
      return decodePublicKey(encoded);
    } catch (error) {
      throw new MiraiError('MIRAI_ERR_CONFIG_INVALID', `MIRAI_PLUGIN_TRUSTED_KEYS entry ${index + 1} is not an Ed25519 public key`, {
        cause: error,
        extensions: { variable: 'MIRAI_PLUGIN_TRUSTED_KEYS' },
      });
    }
  });
  return { keys, allowUnsigned, trustedFolders };
}

function trustedByLocation(candidate: PluginCandidate, policy: TrustPolicy): boolean {
  if (candidate.source === 'first-party') return true;
  if (candidate.dir.split(sep).includes('node_modules')) return false;
  // Folders the operator named on the command line (`mirai dev --plugin`) are theirs.
  return policy.trustedFolders.some((folder) => candidate.dir === folder || candidate.dir.startsWith(folder + sep));
}

export type Trust = { kind: 'location' } | { kind: 'unsigned' } | { kind: 'signed'; manifest: SignedManifest };

function refuse(
  code: 'MIRAI_ERR_PLUGIN_SIGNATURE_MISSING' | 'MIRAI_ERR_PLUGIN_SIGNATURE_INVALID' | 'MIRAI_ERR_PLUGIN_SIGNATURE_UNTRUSTED',
  plugin: string,
  reason: string,
) {
  return new MiraiError(code, `Plugin package ${plugin} is refused: ${reason}`, { extensions: { plugin, reason } });
}

/** Checks a package before any of its code runs. */
export async function checkSignature(candidate: PluginCandidate, policy: TrustPolicy): Promise<Trust> {
  if (trustedByLocation(candidate, policy)) return { kind: 'location' };
  const result = await verifyPackage(candidate.dir, policy.keys);
  const name = candidate.packageName;
  if (result.status === 'verified') {
    if (result.manifest.name !== name || result.manifest.version !== candidate.packageVersion)
      throw refuse('MIRAI_ERR_PLUGIN_SIGNATURE_INVALID', name, `signed as ${result.manifest.name}@${result.manifest.version}`);
    return { kind: 'signed', manifest: result.manifest };
  }
  if (result.status === 'unsigned') {
    if (policy.allowUnsigned) return { kind: 'unsigned' };
    throw refuse('MIRAI_ERR_PLUGIN_SIGNATURE_MISSING', name, 'it carries no mirai-signature.json (MIRAI_PLUGINS_ALLOW_UNSIGNED is off)');
  }
  if (result.status === 'untrusted')
    throw refuse('MIRAI_ERR_PLUGIN_SIGNATURE_UNTRUSTED', name, 'its signing key is not in MIRAI_PLUGIN_TRUSTED_KEYS');
  throw refuse('MIRAI_ERR_PLUGIN_SIGNATURE_INVALID', name, result.detail);
}

/** After import: the definition must be the one the publisher signed (name and capabilities). */
export function assertMatchesSignature(definition: PluginDefinition, trust: Trust, packageName: string): void {
  if (trust.kind !== 'signed') return;
  const signed = [...trust.manifest.capabilities].sort().join(',');
  const actual = [...definition.capabilities].sort().join(',');
  if (trust.manifest.plugin !== definition.name || signed !== actual)
    throw refuse(
      'MIRAI_ERR_PLUGIN_SIGNATURE_INVALID',
      packageName,
      `the definition (${definition.name}: ${actual}) differs from the signed manifest (${trust.manifest.plugin}: ${signed})`,
    );
}
