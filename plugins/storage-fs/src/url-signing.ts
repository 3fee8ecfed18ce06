import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isPluginError, type PluginLogger, type PluginStateStore } from '@mirai/sdk-plugin';

/** What a signed URL grants; every field is covered by the signature. */
export interface UrlGrant {
  method: 'PUT' | 'GET';
  tenant: string;
  key: string;
  /** Unix seconds after which the URL is refused. */
  expires: number;
  /** PUT only: the exact body size. */
  size?: number;
  /** PUT only: the exact Content-Type. */
  type?: string;
  /** GET only: the file name for Content-Disposition. */
  name?: string;
}

export const SIGNING_KEY_STATE = 'signing-key';
const SIGNING_KEY_BYTES = 32;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The string the HMAC covers: a JSON array, so no field can bleed into its neighbour whatever
 * characters it holds, and a version tag so a future format cannot be confused with this one.
 */
export function canonicalGrant(grant: UrlGrant): string {
  return JSON.stringify([
    'mirai-storage-fs/v1',
    grant.method,
    grant.tenant,
    grant.key,
    String(grant.expires),
    grant.size === undefined ? '' : String(grant.size),
    grant.type ?? '',
    grant.name ?? '',
  ]);
}

const mac = (secret: Uint8Array, grant: UrlGrant) => createHmac('sha256', secret).update(canonicalGrant(grant)).digest();

/** HMAC-SHA256 of the canonical grant, base64url (43 characters). */
export function signGrant(secret: Uint8Array, grant: UrlGrant): string {
  return mac(secret, grant).toString('base64url');
}

/** Constant-time comparison of a presented signature with the expected one. */
export function grantSignatureMatches(secret: Uint8Array, grant: UrlGrant, presented: string): boolean {
  if (!SIGNATURE.test(presented)) return false;
  return timingSafeEqual(mac(secret, grant), Buffer.from(presented, 'base64url'));
}

function decodeKey(value: unknown): Buffer | null {
  if (typeof value !== 'string') return null;
  const key = Buffer.from(value, 'base64url');
  return key.length === SIGNING_KEY_BYTES ? key : null;
}

/**
 * The HMAC key, generated once and kept in the plugin's durable state so every instance of the
 * core signs and verifies alike. Created with `ifAbsent`: when two instances start together, the
 * loser of the race reads the winner's key instead of overwriting it.
 */
export function signingKeyLoader(state: PluginStateStore, logger: PluginLogger): () => Promise<Buffer> {
  let loading: Promise<Buffer> | undefined;
  const load = async (): Promise<Buffer> => {
    const existing = await state.get(SIGNING_KEY_STATE);
    if (existing !== null) {
      const key = decodeKey(existing);
      if (key === null) throw new Error(`storage-fs: the stored "${SIGNING_KEY_STATE}" is not a ${SIGNING_KEY_BYTES}-byte base64url key`);
      return key;
    }
    const fresh = randomBytes(SIGNING_KEY_BYTES);
    try {
      await state.set(SIGNING_KEY_STATE, fresh.toString('base64url'), { ifAbsent: true });
      logger.info('storage-fs: generated the URL signing key');
      return fresh;
    } catch (error) {
      if (!isPluginError(error) || error.code !== 'MIRAI_ERR_PLUGIN_CONFLICT') throw error;
      const winner = decodeKey(await state.get(SIGNING_KEY_STATE));
      if (winner === null) throw new Error(`storage-fs: "${SIGNING_KEY_STATE}" vanished after a conflicting create`, { cause: error });
      return winner;
    }
  };
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
