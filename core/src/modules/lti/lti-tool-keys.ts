import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8 } from 'jose';
import type { SecretBox } from '../../plugin-host/secret-box.ts';
import { LtiToolKeySchema } from './lti.entity.ts';

export const LTI_ALG = 'RS256';

/** An RSA public key as published (RFC 7517). */
export interface PublicJwk {
  kty: string;
  n: string;
  e: string;
  kid: string;
  alg: string;
  use: string;
}

export interface ToolKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof importPKCS8>>;
  publicJwk: PublicJwk;
}

const sealedFor = (tenantId: string) => `lti-tool-key:${tenantId}`;

/**
 * One RS256 key per organisation (LTI 1.3 requires RSA), made on first use and published in the
 * organisation's JWKS. Two first uses at once both insert; `on conflict do nothing` keeps one and
 * both read it back, as the certificate signing keys do.
 */
export class LtiToolKeys {
  readonly #box: SecretBox;

  constructor(box: SecretBox) {
    this.#box = box;
  }

  /** The organisation's public keys as a JWKS; empty before its key exists. */
  async jwks(em: EntityManager, tenantId: string): Promise<{ keys: PublicJwk[] }> {
    const row = await em.findOne(LtiToolKeySchema, { tenantId });
    return { keys: row === null ? [] : [row.publicJwk] };
  }

  async keyFor(em: EntityManager, tenantId: string): Promise<ToolKey> {
    const existing = await em.findOne(LtiToolKeySchema, { tenantId });
    if (existing !== null) return this.#open(tenantId, existing.kid, existing.publicJwk, existing.privateKeySealed);
    const { publicKey, privateKey } = await generateKeyPair(LTI_ALG, { extractable: true, modulusLength: 2048 });
    const kid = randomUUID();
    const { n, e } = await exportJWK(publicKey);
    if (n === undefined || e === undefined) throw new Error('RSA public key without n or e');
    const publicJwk: PublicJwk = { kty: 'RSA', n, e, kid, alg: LTI_ALG, use: 'sig' };
    const sealed = this.#box.seal(await exportPKCS8(privateKey), sealedFor(tenantId));
    await em.execute(
      'insert into lti_tool_key (tenant_id, kid, public_jwk, private_key_sealed) values (?, ?, ?, ?) on conflict (tenant_id) do nothing',
      [tenantId, kid, JSON.stringify(publicJwk), sealed],
    );
    const rows = await em.execute<{ kid: string; public_jwk: PublicJwk; private_key_sealed: string }[]>(
      'select kid, public_jwk, private_key_sealed from lti_tool_key where tenant_id = ?',
      [tenantId],
    );
    const row = rows[0];
    if (row === undefined) throw new Error(`LTI tool key of ${tenantId} vanished`);
    return this.#open(tenantId, row.kid, row.public_jwk, row.private_key_sealed);
  }

  async #open(tenantId: string, kid: string, publicJwk: PublicJwk, sealed: string): Promise<ToolKey> {
    return { kid, publicJwk, privateKey: await importPKCS8(this.#box.open(sealed, sealedFor(tenantId)), LTI_ALG) };
  }
}
