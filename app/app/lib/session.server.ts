import { createCookieSessionStorage, redirect } from '@remix-run/node';
import { loadSessionSecret } from './session-secret.server';

interface SessionData {
  token: string;
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

/** The API bearer token of the signed-in user, if any. */
export async function getToken(request: Request): Promise<string | undefined> {
  return (await getSession(request)).get('token');
}

/** The API bearer token, or a redirect to /sign-in. */
export async function requireToken(request: Request): Promise<string> {
  const token = await getToken(request);
  if (token === undefined) throw redirect('/sign-in');
  return token;
}

/** Stores the token in the app's cookie session and redirects. */
export async function signInAndRedirect(request: Request, token: string, expiresAt: string, to: string): Promise<Response> {
  const session = await getSession(request);
  session.set('token', token);
  const expires = new Date(expiresAt);
  const cookie = await storage.commitSession(session, Number.isNaN(expires.getTime()) ? {} : { expires });
  return redirect(to, { headers: { 'Set-Cookie': cookie } });
}

/** Forgets the token and redirects (to /sign-in unless told otherwise). */
export async function signOutAndRedirect(request: Request, to = '/sign-in'): Promise<Response> {
  const session = await getSession(request);
  return redirect(to, { headers: { 'Set-Cookie': await storage.destroySession(session) } });
}
