import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import { hashToken, newToken } from '../identity/tokens.ts';
import { type XapiCredential, XapiCredentialSchema } from './xapi-records.entity.ts';

/**
 * A credential limited to one learner's registration (a cmi5 launch's auth token): the LRS lets it
 * reach only that registration's statements and state and that learner's profile, and has it judge
 * the statements it sends (inside the storing transaction) before and after they are stored.
 */
export interface XapiCallerScope {
  registration: string;
  agentKey: string;
  /** Throws to refuse the statements; runs before they are inserted. */
  accept(tx: EntityManager, statements: Record<string, unknown>[]): Promise<void>;
  /** Runs after they are inserted, in the same transaction. */
  stored(tx: EntityManager, statements: Record<string, unknown>[]): Promise<void>;
}

/** Who an xAPI request acts as: the organisation its statements belong to and the authority recorded on them. */
export interface XapiCaller {
  tenantId: string;
  credentialId: string;
  authority: Record<string, unknown>;
  scope?: XapiCallerScope;
}

/** Verifies Basic credentials whose user name starts with `keyPrefix` (issued elsewhere, e.g. by a cmi5 launch). */
export interface ScopedCredentialVerifier {
  keyPrefix: string;
  verify(em: EntityManager, key: string, secret: string): Promise<XapiCaller | null>;
}

const BASIC = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i;

const sameHash = (given: string, stored: string): boolean =>
  given.length === stored.length && timingSafeEqual(Buffer.from(given), Buffer.from(stored));

/** Issues, lists, revokes and checks the HTTP Basic credentials xAPI clients use. */
export class XapiCredentialsService {
  private readonly publicUrl: string;
  private readonly scoped: ScopedCredentialVerifier[] = [];

  /** `publicUrl` is the authority's account home page: the API this LRS lives in. */
  constructor(publicUrl: string) {
    this.publicUrl = publicUrl;
  }

  /** Lets another module's short-lived credentials (cmi5 auth tokens) act on the LRS. */
  acceptScoped(verifier: ScopedCredentialVerifier): void {
    this.scoped.push(verifier);
  }

  /** The secret is returned once, here; only its hash is stored. */
  async issue(em: EntityManager, auth: AuthContext, name: string): Promise<{ credential: XapiCredential; secret: string }> {
    const secret = newToken();
    const credential = em.create(XapiCredentialSchema, {
      id: crypto.randomUUID(),
      tenantId: auth.tenantId,
      name,
      key: `xapi-${randomBytes(12).toString('hex')}`,
      secretHash: hashToken(secret),
      createdBy: auth.userId,
      createdAt: new Date(),
      revokedAt: null,
    });
    await em.flush();
    return { credential, secret };
  }

  list(em: EntityManager): Promise<XapiCredential[]> {
    return em.find(XapiCredentialSchema, {}, { orderBy: { createdAt: 'asc' } });
  }

  async revoke(em: EntityManager, id: string): Promise<XapiCredential> {
    const credential = await em.findOne(XapiCredentialSchema, { id });
    if (credential === null) throw new MiraiError('MIRAI_ERR_XAPI_CREDENTIAL_NOT_FOUND');
    credential.revokedAt ??= new Date();
    await em.flush();
    return credential;
  }

  /** The caller an `Authorization: Basic` header names, or null when it is missing, wrong or revoked. */
  async verify(em: EntityManager, authorization: string | undefined): Promise<XapiCaller | null> {
    const encoded = authorization === undefined ? undefined : BASIC.exec(authorization)?.[1];
    if (encoded === undefined) return null;
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const key = decoded.slice(0, colon);
    const scoped = this.scoped.find((verifier) => key.startsWith(verifier.keyPrefix));
    if (scoped !== undefined) return scoped.verify(em, key, decoded.slice(colon + 1));
    // Looked up by key across organisations: the credential itself says which organisation it is for.
    const credential = await em.findOne(XapiCredentialSchema, { key }, { filters: { tenant: false } });
    if (credential === null || credential.revokedAt !== null || !sameHash(hashToken(decoded.slice(colon + 1)), credential.secretHash)) return null;
    return {
      tenantId: credential.tenantId,
      credentialId: credential.id,
      authority: { objectType: 'Agent', name: credential.name, account: { homePage: this.publicUrl, name: credential.key } },
    };
  }
}
