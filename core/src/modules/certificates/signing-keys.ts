import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SecretBox } from '../../plugin-host/secret-box.ts';
import { SigningKeySchema } from './certificate.entity.ts';

export interface OrganisationKey {
  privateKey: KeyObject;
  /** The public key as a JWK (OKP, Ed25519), as verifiers fetch it from the issuer profile. */
  publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
}

const sealedFor = (tenantId: string) => `signing-key:${tenantId}`;

/**
 * One Ed25519 key per organisation, made on first use. Two first uses at once both try to insert;
 * `on conflict do nothing` keeps the first and both read it back, so every credential of an
 * organisation verifies with the one published key.
 */
export class SigningKeys {
  readonly #box: SecretBox;

  constructor(box: SecretBox) {
    this.#box = box;
  }

  async publicJwk(em: EntityManager, tenantId: string): Promise<OrganisationKey['publicJwk'] | null> {
    const row = await em.findOne(SigningKeySchema, { tenantId });
    return row === null ? null : { kty: 'OKP', crv: 'Ed25519', x: row.publicKeyX };
  }

  async keyFor(em: EntityManager, tenantId: string): Promise<OrganisationKey> {
    const existing = await em.findOne(SigningKeySchema, { tenantId });
    if (existing !== null) return this.#open(existing.tenantId, existing.publicKeyX, existing.privateKeySealed);
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const x = publicKey.export({ format: 'jwk' }).x;
    if (x === undefined) throw new Error('Ed25519 public key without x');
    const sealed = this.#box.seal(privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url'), sealedFor(tenantId));
    await em.execute(
      'insert into organisation_signing_key (tenant_id, public_key_x, private_key_sealed) values (?, ?, ?) on conflict (tenant_id) do nothing',
      [tenantId, x, sealed],
    );
    const rows = await em.execute<{ public_key_x: string; private_key_sealed: string }[]>(
      'select public_key_x, private_key_sealed from organisation_signing_key where tenant_id = ?',
      [tenantId],
    );
    const row = rows[0];
    if (row === undefined) throw new Error(`signing key of ${tenantId} vanished`);
    return this.#open(tenantId, row.public_key_x, row.private_key_sealed);
  }

  #open(tenantId: string, x: string, sealed: string): OrganisationKey {
    const der = Buffer.from(this.#box.open(sealed, sealedFor(tenantId)), 'base64url');
    return { privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }), publicJwk: { kty: 'OKP', crv: 'Ed25519', x } };
  }
}
