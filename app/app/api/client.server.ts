import createClient, { type Middleware } from 'openapi-fetch';
import { apiUnreachable } from '../lib/api-result.server';
import type { paths } from './schema';

/** Base URL of the Mirai API (`$MIRAI_API_URL`, default http://127.0.0.1:8080). */
export function apiBaseUrl(): string {
  const configured = process.env.MIRAI_API_URL;
  return configured !== undefined && configured !== '' ? configured.replace(/\/+$/, '') : 'http://127.0.0.1:8080';
}

/** Where browsers reach the API: `$MIRAI_PUBLIC_API_URL`, else the address the app server uses. */
export function publicApiUrl(): string {
  const configured = process.env.MIRAI_PUBLIC_API_URL;
  return configured !== undefined && configured !== '' ? configured.replace(/\/+$/, '') : apiBaseUrl();
}

/**
 * How the app calls the API for the signed-in user: the API's bearer token (auth-local), or the
 * identity provider's session cookie (e.g. Kratos), forwarded as `name=value`; plus the
 * organisation the user chose to work in, when they belong to several.
 */
export type ApiCredential = ({ bearer: string } | { cookie: string }) & { organisationId?: string };

function credentialHeaders(credential: ApiCredential | undefined): Record<string, string> {
  if (credential === undefined) return {};
  const session: Record<string, string> = 'bearer' in credential ? { Authorization: `Bearer ${credential.bearer}` } : { Cookie: credential.cookie };
  return credential.organisationId === undefined ? session : { ...session, 'X-Mirai-Organisation': credential.organisationId };
}

/** A network failure (API down, connection refused) becomes the app's 503 page, logged once here. */
const unreachableAs503: Middleware = {
  onError({ error }) {
    console.error(`Mirai API call to ${apiBaseUrl()} failed:`, error);
    throw apiUnreachable();
  },
};

/**
 * A typed client for the Mirai API, sending the user's credential when given one; a network
 * failure throws the 503 response. Signed-in loaders and actions use `api(request)` instead. Passing
 * the browser's request forwards its `X-Forwarded-For`, so the API (with MIRAI_TRUST_PROXY) rate-limits
 * sign-in per person rather than per app server.
 */
export function createApiClient(token?: ApiCredential, incoming?: Request) {
  const forwardedFor = incoming?.headers.get('x-forwarded-for');
  const client = createClient<paths>({
    baseUrl: apiBaseUrl(),
    headers: {
      ...credentialHeaders(token),
      ...(forwardedFor === null || forwardedFor === undefined ? {} : { 'X-Forwarded-For': forwardedFor }),
    },
  });
  client.use(unreachableAs503);
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** Awaits an API call whose failure the page tolerates (the header, provider discovery, a best-effort sign-out): `undefined` instead of the 503. */
export async function reachApi<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch {
    return undefined;
  }
}
