import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorJson, type FakeIdentity, type FakeSession, sessionJson } from './kratos-session-json.ts';

export type { FakeIdentity, FakeSession } from './kratos-session-json.ts';

export interface CreateSessionInput {
  email: string;
  /** Whether Kratos marked the email verified; default true. */
  verified?: boolean;
  name?: { first: string; last: string };
  /** Session lifetime; default one day. */
  expiresInMs?: number;
  aal2Required?: boolean;
}

export interface KratosFake {
  /** Base URL of the fake public API, e.g. `http://127.0.0.1:43121`. */
  url: string;
  /** Every `GET /sessions/whoami` the fake answered. */
  readonly whoamiCalls: number;
  /** A session for the identity with this email (created on first use, like a Kratos registration). */
  createSession(input: CreateSessionInput): FakeSession;
  /** Revokes a session, as `DELETE /admin/sessions/{id}` would. */
  revoke(sessionId: string): void;
  /** Marks an identity's email verified, as Kratos' verification flow would. */
  verify(email: string): void;
  /** Stops answering (idempotent), so tests can show an unreachable Kratos. */
  close(): Promise<void>;
}

export const FAKE_SESSION_COOKIE = 'ory_kratos_session';

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function inactive() {
  return errorJson(401, 'session_inactive', 'No active session was found in this request.', 'request does not have a valid authentication session');
}

function html(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function signInPage(action: string, heading: string): string {
  return `<!doctype html><html lang="en"><head><title>${heading} · Kratos</title></head><body><main>
<h1>${heading}</h1>
<form method="post" action="${html(action)}">
<label for="identifier">Email</label><input id="identifier" name="identifier" type="email" autocomplete="email">
<button type="submit">Continue</button>
</form></main></body></html>`;
}

/**
 * A local HTTP server speaking the parts of Kratos' public API Mirai uses: `GET /sessions/whoami`
 * (cookie, `X-Session-Token` or `Authorization: Bearer`; 200 session, 401 `session_inactive`, 403
 * `session_aal2_required`), and minimal browser flows for login, registration and logout that
 * set and clear the session cookie and redirect to `return_to`.
 */
export async function startKratosFake(): Promise<KratosFake> {
  const identities = new Map<string, FakeIdentity>();
  const sessions = new Map<string, FakeSession>();
  const logoutTokens = new Map<string, string>();
  let whoamiCalls = 0;
  let url = '';

  function createSession(input: CreateSessionInput): FakeSession {
    const email = input.email.trim().toLowerCase();
    const identity = identities.get(email) ?? {
      id: randomUUID(),
      email,
      verified: input.verified ?? true,
      createdAt: new Date().toISOString(),
      ...(input.name === undefined ? {} : { name: input.name }),
    };
    identities.set(email, identity);
    const issued = Date.now();
    const session: FakeSession = {
      id: randomUUID(),
      token: `ory_st_${randomBytes(24).toString('base64url')}`,
      cookie: randomBytes(32).toString('base64url'),
      identity,
      issuedAt: new Date(issued).toISOString(),
      expiresAt: new Date(issued + (input.expiresInMs ?? 86_400_000)).toISOString(),
      aal2Required: input.aal2Required ?? false,
    };
    sessions.set(session.id, session);
    return session;
  }

  function sessionOf(request: IncomingMessage): FakeSession | undefined {
    const authorization = request.headers.authorization;
    const token =
      (request.headers['x-session-token'] as string | undefined) ??
      (authorization?.toLowerCase().startsWith('bearer ') === true ? authorization.slice(7).trim() : undefined);
    const cookie = cookieValue(request.headers.cookie, FAKE_SESSION_COOKIE);
    for (const session of sessions.values()) {
      const matches = token !== undefined ? session.token === token : cookie !== undefined && session.cookie === cookie;
      if (matches && Date.parse(session.expiresAt) > Date.now()) return session;
    }
    return undefined;
  }

  function whoami(request: IncomingMessage, response: ServerResponse): void {
    whoamiCalls += 1;
    const session = sessionOf(request);
    if (session === undefined) {
      json(response, 401, inactive());
    } else if (session.aal2Required) {
      json(
        response,
        403,
        errorJson(
          403,
          'session_aal2_required',
          'An active session was found but it does not fulfill the Authenticator Assurance Level, implying that the session must (e.g.) authenticate the second factor.',
          'Session does not fulfill the requested Authenticator Assurance Level',
          { redirect_browser_to: `${url}/self-service/login/browser?aal=aal2` },
        ),
      );
    } else {
      response.setHeader('x-kratos-authenticated-identity-id', session.identity.id);
      json(response, 200, sessionJson(session, url));
    }
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestUrl = new URL(request.url ?? '/', url);
    const returnTo = requestUrl.searchParams.get('return_to') ?? '/';
    const path = requestUrl.pathname;
    if (request.method === 'GET' && path === '/sessions/whoami') return whoami(request, response);
    if (request.method === 'GET' && (path === '/self-service/login/browser' || path === '/self-service/registration/browser')) {
      const heading = path.includes('login') ? 'Sign in' : 'Create an account';
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void response.end(signInPage(`/self-service/login?return_to=${encodeURIComponent(returnTo)}`, heading));
    }
    if (request.method === 'POST' && path === '/self-service/login') {
      const email = (await formBody(request)).get('identifier') ?? '';
      if (!email.includes('@')) return json(response, 400, { error: { code: 400, status: 'Bad Request', reason: 'identifier is required' } });
      const session = createSession({ email });
      response.writeHead(303, {
        location: returnTo,
        'set-cookie': `${FAKE_SESSION_COOKIE}=${session.cookie}; Path=/; HttpOnly; SameSite=Lax; Expires=${new Date(session.expiresAt).toUTCString()}`,
      });
      return void response.end();
    }
    if (request.method === 'GET' && path === '/self-service/logout/browser') {
      const session = sessionOf(request);
      if (session === undefined) return json(response, 401, inactive());
      const token = randomBytes(16).toString('hex');
      logoutTokens.set(token, session.id);
      const query = new URLSearchParams({ token, ...(requestUrl.searchParams.has('return_to') ? { return_to: returnTo } : {}) });
      return json(response, 200, { logout_url: `${url}/self-service/logout?${query}`, logout_token: token });
    }
    if (request.method === 'GET' && path === '/self-service/logout') {
      const sessionId = logoutTokens.get(requestUrl.searchParams.get('token') ?? '');
      if (sessionId === undefined)
        return json(response, 401, errorJson(401, 'security_csrf_violation', 'The logout token is not valid.', 'invalid logout token'));
      logoutTokens.delete(requestUrl.searchParams.get('token') ?? '');
      sessions.delete(sessionId);
      response.writeHead(303, { location: returnTo, 'set-cookie': `${FAKE_SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` });
      return void response.end();
    }
    return json(
      response,
      404,
      errorJson(404, 'not_found', `No route ${request.method} ${path} in the Kratos fake`, 'The requested resource could not be found'),
    );
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => json(response, 500, { error: { code: 500, message: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    get whoamiCalls() {
      return whoamiCalls;
    },
    createSession,
    revoke: (sessionId) => void sessions.delete(sessionId),
    verify(email) {
      const identity = identities.get(email.trim().toLowerCase());
      if (identity !== undefined) identity.verified = true;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
