import { createApiClient, reachApi } from '../api/client.server';
/** GET /v1/auth/provider. */
export interface AuthProviderShape {
  name: string;
  kind: 'password' | 'session';
  selfService: { login: string; registration: string; logout: string } | null;
  sessionCookie: string | null;
}

const CACHE_MS = 60_000;
let cached: { info: AuthProviderShape; until: number } | undefined;

/**
 * How the API signs users in (GET /v1/auth/provider). The provider is fixed per deployment, so
 * the answer is kept for a minute; undefined when the API cannot be reached.
 */
export async function authProvider(): Promise<AuthProviderShape | undefined> {
  if (cached !== undefined && cached.until > Date.now()) return cached.info;
  const result = await reachApi(createApiClient().GET('/v1/auth/provider'));
  if (result?.data === undefined) return undefined;
  cached = { info: result.data, until: Date.now() + CACHE_MS };
  return result.data;
}

/** The provider's self-service flows when sign-in happens in its own pages (e.g. Kratos), else null. */
export async function selfServiceProvider(): Promise<(AuthProviderShape & { selfService: NonNullable<AuthProviderShape['selfService']> }) | null> {
  const info = await authProvider();
  if (info === undefined || info.kind !== 'session' || info.selfService === null) return null;
  return { ...info, selfService: info.selfService };
}

/** A provider flow URL that brings the browser back to `path` of this app afterwards. */
export function flowUrl(flow: string, request: Request, path: string): string {
  const url = new URL(flow);
  url.searchParams.set('return_to', new URL(path, request.url).toString());
  return url.toString();
}
