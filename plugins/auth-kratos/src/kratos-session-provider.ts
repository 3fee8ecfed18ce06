import { PluginError, type ResolvedSession, type SessionAuthProvider } from '@mirai/sdk-plugin';
import type { FrontendApi, Session } from '@ory/client';
import type { KratosSettings } from './kratos-settings.ts';
import { SessionCache } from './session-cache.ts';
import { credentialKey, type SessionCredential, sessionCredential } from './session-credential.ts';
import { identityOfSession, sessionExpiry } from './session-identity.ts';

/** The one call the provider makes; `FrontendApi` in production. */
export interface SessionLookup {
  toSession(request: { xSessionToken?: string; cookie?: string }): Promise<{ data: Session }>;
}

export interface KratosProviderOptions {
  settings: KratosSettings;
  /** Defaults to `@ory/client`'s FrontendApi on `settings.publicUrl`. */
  lookup?: SessionLookup;
  now?: () => number;
  maxCacheEntries?: number;
}

interface KratosErrorBody {
  error?: { id?: string; reason?: string; message?: string };
}

function httpFailure(error: unknown): { status: number; body: KratosErrorBody } | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined;
  const response = (error as { response?: { status?: unknown; data?: unknown } }).response;
  if (response === undefined || typeof response.status !== 'number') return undefined;
  const body = typeof response.data === 'object' && response.data !== null ? (response.data as KratosErrorBody) : {};
  return { status: response.status, body };
}

/** The client is loaded on the first lookup: `@ory/client` (with axios) added ~0.1 s to every server start. */
export function frontendApi(settings: KratosSettings): SessionLookup {
  let api: Promise<FrontendApi> | undefined;
  return {
    toSession: async (request) => {
      api ??= import('@ory/client').then(
        ({ Configuration, FrontendApi }) =>
          // No proxy from the environment: Kratos' public API is an internal address of the deployment.
          new FrontendApi(new Configuration({ basePath: settings.publicUrl, baseOptions: { timeout: settings.timeoutMs, proxy: false } })),
      );
      return (await api).toSession(request);
    },
  };
}

/**
 * Kratos sessions as Mirai's `auth` extension point. Each answer is cached under a hash of the
 * credential until min(now + TTL, the session's expires_at), so a session revoked in Kratos is
 * refused again at most one TTL later, and an expired one never.
 */
export function createKratosSessionProvider(options: KratosProviderOptions): SessionAuthProvider {
  const { settings } = options;
  const now = options.now ?? Date.now;
  const lookup = options.lookup ?? frontendApi(settings);
  const cache = new SessionCache<ResolvedSession>({ maxEntries: options.maxCacheEntries ?? 10_000, now });

  async function ask(credential: SessionCredential): Promise<Session | null> {
    try {
      const request = credential.kind === 'token' ? { xSessionToken: credential.value } : { cookie: `${credential.name}=${credential.value}` };
      return (await lookup.toSession(request)).data;
    } catch (error) {
      const failure = httpFailure(error);
      if (failure?.status === 401) return null;
      if (failure?.status === 403) {
        const id = failure.body.error?.id ?? 'forbidden';
        const hint =
          id === 'session_aal2_required'
            ? `complete the second factor at ${settings.browserUrl}/self-service/login/browser?aal=aal2`
            : (failure.body.error?.reason ?? 'sign in again');
        throw new PluginError('MIRAI_ERR_PLUGIN_FORBIDDEN', `Kratos refused the session (${id}): ${hint}`, { cause: error });
      }
      const why = failure === undefined ? (error instanceof Error ? error.message : String(error)) : `HTTP ${failure.status}`;
      throw new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', `Kratos at ${settings.publicUrl} could not check the session: ${why}`, {
        cause: error,
        transient: true,
      });
    }
  }

  return {
    kind: 'session',
    sessionCookie: settings.sessionCookie,
    selfService: {
      login: `${settings.browserUrl}/self-service/login/browser`,
      registration: `${settings.browserUrl}/self-service/registration/browser`,
      logout: `${settings.browserUrl}/self-service/logout/browser`,
    },
    async resolveSession(request) {
      const credential = sessionCredential(request, settings.sessionCookie);
      if (credential === null) return null;
      const key = credentialKey(credential);
      const cached = cache.get(key);
      if (cached !== undefined) return { ...cached, credential: credential.kind };
      const session = await ask(credential);
      if (session === null || session.active === false) return null;
      const expiresAt = sessionExpiry(session);
      if (expiresAt !== undefined && expiresAt <= now()) return null;
      const identity = identityOfSession(session);
      const deadline = Math.min(now() + settings.cacheTtlMs, expiresAt ?? Number.POSITIVE_INFINITY);
      if (settings.cacheTtlMs > 0) cache.set(key, identity, deadline);
      return { ...identity, credential: credential.kind };
    },
  };
}
