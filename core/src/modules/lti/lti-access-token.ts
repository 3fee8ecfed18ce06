import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SignJWT } from 'jose';
import { LTI_ALG, type LtiToolKeys } from './lti-tool-keys.ts';

/**
 * An access token from a platform's token endpoint: OAuth 2 client-credentials grant with a JWT
 * client assertion signed by the organisation's tool key (LTI security 1.0, 4.1). Used for AGS
 * scores and NRPS rosters.
 */
export async function platformAccessToken(
  em: EntityManager,
  deps: { keys: LtiToolKeys; fetch: typeof globalThis.fetch },
  platform: { tenantId: string; clientId: string; tokenUrl: string },
  scope: string,
): Promise<string> {
  const key = await deps.keys.keyFor(em, platform.tenantId);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: LTI_ALG, kid: key.kid })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.tokenUrl)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key.privateKey);
  const response = await deps.fetch(platform.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope,
    }),
    signal: AbortSignal.timeout(10_000),
  });
  const body: unknown = await response.json().catch(() => null);
  const token = typeof body === 'object' && body !== null && 'access_token' in body ? body.access_token : undefined;
  if (!response.ok || typeof token !== 'string') throw new Error(`token endpoint answered ${response.status}`);
  return token;
}
