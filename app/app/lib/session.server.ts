import { createCookieSessionStorage, redirect } from '@remix-run/node';
import type { ApiCredential } from '../api/client.server';
import { authProvider } from './auth-provider.server';
import { assertSameOriginSubmission } from './same-origin.server';
import { loadSessionSecret } from './session-secret.server';

interface SessionData {
  token: string;
  /** The organisation chosen in the header's switcher; absent means the session's own one. */
  organisationId: string;
  /** When the API token expires (ISO), so re-committing the cookie keeps its expiry. */
  expiresAt: string;
}

function cookieExpiry(expiresAt: string | undefined): { expires?: Date } {
  const expires = new Date(expiresAt ?? '');
  return Number.isNaN(expires.getTime()) ? {} : { expires };
}

function cookieSecure(): boolean {
  const configured = process.env.MIRAI_APP_COOKIE_SECURE;
  if (configured === 'true') return true;
  if (configured === 'false') return false;
  return process.env.NODE_ENV === 'production';
}

const storage = createCookieSessionStorage<SessionData>({
  cookie: {
    name: 'mirai_app',
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: cookieSecure(),
    secrets: [loadSessionSecret()],
  },
});

function getSession(request: Request) {
  return storage.getSession(request.headers.get('Cookie'));
}

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator !== -1 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim() || undefined;
  }
  return undefined;
}

/**
 * The signed-in user's credential for the API, if any: with a session provider (e.g. Kratos) its
 * session cookie, which the browser sent here because app and provider share a parent domain;
 * otherwise the API bearer token kept in the app's own cookie session.
 */
export async function getToken(request: Request): Promise<ApiCredential | undefined> {
  // Every signed-in action asks for the credential first, so this is where forged posts stop.
  assertSameOriginSubmission(request);
  const session = await getSession(request);
  const organisationId = session.get('organisationId');
  const chosen = organisationId === undefined ? {} : { organisationId };
  const provider = await authProvider();
  if (provider?.kind === 'session' && provider.sessionCookie !== null) {
    const value = cookieValue(request.headers.get('Cookie'), provider.sessionCookie);
    return value === undefined ? undefined : { cookie: `${provider.sessionCookie}=${value}`, ...chosen };
  }
  const token = session.get('token');
  return token === undefined ? undefined : { bearer: token, ...chosen };
}

/** The API credential, or a redirect to /sign-in. */
export async function requireToken(request: Request): Promise<ApiCredential> {
  const token = await getToken(request);
  if (token === undefined) throw redirect('/sign-in');
  return token;
}

/** Stores the token in the app's cookie session and redirects. */
export async function signInAndRedirect(request: Request, token: string, expiresAt: string, to: string): Promise<Response> {
  const session = await getSession(request);
  session.set('token', token);
  // A new sign-in starts in the account's own organisation.
  session.unset('organisationId');
  session.set('expiresAt', expiresAt);
  const cookie = await storage.commitSession(session, cookieExpiry(expiresAt));
  return redirect(to, { headers: { 'Set-Cookie': cookie } });
}

/** Forgets the token and redirects (to /sign-in unless told otherwise). */
export async function signOutAndRedirect(request: Request, to = '/sign-in'): Promise<Response> {
  const session = await getSession(request);
  return redirect(to, { headers: { 'Set-Cookie': await storage.destroySession(session) } });
}

/**
 * The Set-Cookie header that makes the app act in `organisationId` (or, with null, in the
 * session's own organisation) from the next request on.
 */
export async function chooseOrganisation(request: Request, organisationId: string | null): Promise<string> {
  const session = await getSession(request);
  if (organisationId === null) session.unset('organisationId');
  else session.set('organisationId', organisationId);
  return storage.commitSession(session, cookieExpiry(session.get('expiresAt')));
}
