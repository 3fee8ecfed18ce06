import type { EntityManager } from '@mikro-orm/postgresql';
import { isPluginError, type ResolvedSession, type SessionAuthProvider } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { AuthContext } from './auth-context.ts';
import type { IdentityLinker } from './identity-linker.ts';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** How the caller authenticated: a cookie (which a browser may attach on its own) or a header only a script sends. */
export type CredentialKind = 'cookie' | 'header';

/** A caller and the credential that made them one. */
export interface Authenticated {
  auth: AuthContext;
  credential: CredentialKind;
}

function single(headers: Headers): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value]));
}

/**
 * Authenticates requests through a session provider (e.g. Kratos): the provider says who the
 * caller is, the linker maps that identity to a Mirai user and organisation. A refused session
 * and an unreachable provider are errors, never a signed-in caller.
 */
export class SessionAuthenticator {
  readonly #providerName: string;
  readonly #provider: SessionAuthProvider;
  readonly #linker: IdentityLinker;

  constructor(options: { providerName: string; provider: SessionAuthProvider; linker: IdentityLinker }) {
    this.#providerName = options.providerName;
    this.#provider = options.provider;
    this.#linker = options.linker;
  }

  async #resolve(headers: Headers): Promise<ResolvedSession | null> {
    try {
      return await this.#provider.resolveSession({ headers: single(headers) });
    } catch (error) {
      if (isPluginError(error) && error.code === 'MIRAI_ERR_PLUGIN_UNAUTHORIZED') return null;
      if (isPluginError(error) && error.code === 'MIRAI_ERR_PLUGIN_FORBIDDEN')
        throw new MiraiError('MIRAI_ERR_AUTH_SESSION_REFUSED', error.message, { extensions: { plugin: this.#providerName } });
      const why = error instanceof Error ? error.message : String(error);
      throw new MiraiError(
        'MIRAI_ERR_AUTH_PROVIDER_UNAVAILABLE',
        `The identity provider "${this.#providerName}" could not check the session: ${why}`,
        {
          extensions: { plugin: this.#providerName },
        },
      );
    }
  }

  /** The caller (in `organisationId` when given, else their oldest membership), null without a valid session; throws a MiraiError when it cannot be decided. */
  async authenticate(em: EntityManager, headers: Headers, organisationId?: string): Promise<Authenticated | null> {
    const session = await this.#resolve(headers);
    if (session === null) return null;
    const user = await this.#linker.userFor(em, session, organisationId);
    if (user.membership === null)
      throw new MiraiError(
        'MIRAI_ERR_AUTH_NOT_A_MEMBER',
        organisationId === undefined
          ? 'You are signed in but belong to no organisation; ask an owner to invite you'
          : `You are not a member of organisation ${organisationId}`,
      );
    // A provider that does not say which credential it used is assumed to have used the cookie, if any was sent.
    const cookieBorne = session.credential === undefined ? headers.cookie !== undefined : session.credential === 'cookie';
    return {
      auth: {
        sessionId: session.sessionId ?? `${this.#providerName}:${session.subject}`,
        sessionKind: 'provider',
        userId: user.userId,
        email: user.email,
        tenantId: user.membership.tenantId,
        role: user.membership.role,
      },
      credential: cookieBorne ? 'cookie' : 'header',
    };
  }
}
