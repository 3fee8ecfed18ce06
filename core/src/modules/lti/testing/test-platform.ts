import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JSONWebKeySet, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** Values of the LTI 1.3 core spec's example resource-link launch (section 5.1.3, "Example"). */
export const SPEC_EXAMPLE = {
  issuer: 'https://platform.example.edu',
  clientId: '962fa4d8-bcbf-49a0-94b2-2de05ad274af',
  deploymentId: '07940580-b309-415e-a37c-914d387c1150',
  learnerRoles: [
    'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student',
    'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
    'http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor',
  ],
  instructorRoles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
};

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * An LTI 1.3 platform for tests, written from the specs with jose: it publishes its JWKS, signs
 * launches, runs an OAuth 2 token endpoint that checks the tool's client assertion against the
 * tool's JWKS, records the AGS scores posted to its line item and serves an NRPS 2.0 roster in pages.
 */
export class TestPlatform {
  readonly issuer = SPEC_EXAMPLE.issuer;
  readonly clientId = SPEC_EXAMPLE.clientId;
  readonly deploymentId = SPEC_EXAMPLE.deploymentId;
  readonly kid = randomUUID();
  readonly scores: Array<{ lineItem: string; score: Record<string, unknown> }> = [];
  readonly tokenRequests: Array<{ ok: boolean; reason?: string }> = [];
  #server: Server;
  #base = '';
  #privateKey: Key;
  #publicJwk: JWK;
  #toolJwks: JSONWebKeySet = { keys: [] };
  #tokens = new Set<string>();
  /** The members its NRPS membership service lists, `rosterPageSize` a page. */
  roster: Array<Record<string, unknown>> = [];
  rosterPageSize = 2;
  /** Replaces the first page's `next` link (a link off the service's origin must not be followed). */
  rosterNext: string | null = null;
  readonly membershipRequests: string[] = [];
  /** Claims the auth endpoint adds to the id_token it answers a browser's auth request with. */
  launchClaims: Record<string, unknown> = {};

  private constructor(server: Server, privateKey: Key, publicJwk: JWK) {
    this.#server = server;
    this.#privateKey = privateKey;
    this.#publicJwk = publicJwk;
  }

  static async start(): Promise<TestPlatform> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const server = createServer();
    const platform = new TestPlatform(server, privateKey, await exportJWK(publicKey));
    server.on('request', (request, response) => {
      platform.#handle(request).then(
        ({ status, body, html, headers }) =>
          html === undefined
            ? response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body))
            : response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(html),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    platform.#base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return platform;
  }

  get urls() {
    return {
      authLoginUrl: `${this.#base}/auth`,
      jwksUrl: `${this.#base}/jwks`,
      tokenUrl: `${this.#base}/token`,
      lineItem: `${this.#base}/lineitems/7?type=course`,
    };
  }

  /** The NRPS membership service of its one context. */
  get membershipsUrl(): string {
    return `${this.#base}/contexts/c1/memberships`;
  }

  /** The tool's JWKS, as the platform would fetch it from the URL the tool registration names. */
  trustTool(jwks: JSONWebKeySet): void {
    this.#toolJwks = jwks;
  }

  /** A signed id_token with the spec example's claims; `claims` overrides or adds, `undefined` removes. */
  async idToken(nonce: string, claims: Record<string, unknown> = {}, options: { key?: Key; kid?: string } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: this.issuer,
      aud: [this.clientId],
      azp: this.clientId,
      sub: 'a6d5c443-1f51-4783-ba1a-7686ffe3b54a',
      iat: now,
      exp: now + 300,
      nonce,
      name: 'Ms Jane Marie Doe',
      email: 'jane@platform.example.edu',
      'https://purl.imsglobal.org/spec/lti/claim/deployment_id': this.deploymentId,
      'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiResourceLinkRequest',
      'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
      'https://purl.imsglobal.org/spec/lti/claim/roles': SPEC_EXAMPLE.learnerRoles,
      'https://purl.imsglobal.org/spec/lti/claim/context': {
        id: 'c1d887f0-a1a3-4bca-ae25-c375edcc131a',
        label: 'ECON 1010',
        title: 'Economics as a Social Science',
      },
      'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: '200d101f-2c14-434a-a0f3-57c2a42369fd', title: 'Introduction Assignment' },
      ...claims,
    };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    return new SignJWT(payload as JWTPayload)
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? this.kid, typ: 'JWT' })
      .sign(options.key ?? this.#privateKey);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage): Promise<{ status: number; body: unknown; html?: string; headers?: Record<string, string> }> {
    const url = new URL(request.url ?? '/', this.#base);
    if (request.method === 'GET' && url.pathname === '/auth') return this.#authorise(url.searchParams);
    if (request.method === 'GET' && url.pathname === '/jwks')
      return { status: 200, body: { keys: [{ ...this.#publicJwk, kid: this.kid, alg: 'RS256', use: 'sig' }] } };
    if (request.method === 'POST' && url.pathname === '/token') return this.#token(new URLSearchParams(await readBody(request)));
    if (request.method === 'POST' && url.pathname === '/lineitems/7/scores') {
      const bearer = request.headers.authorization?.replace(/^Bearer /, '');
      if (bearer === undefined || !this.#tokens.has(bearer)) return { status: 401, body: { error: 'unknown token' } };
      if (request.headers['content-type'] !== 'application/vnd.ims.lis.v1.score+json') return { status: 415, body: {} };
      this.scores.push({ lineItem: url.toString(), score: JSON.parse(await readBody(request)) as Record<string, unknown> });
      return { status: 200, body: {} };
    }
    if (request.method === 'GET' && url.pathname === '/contexts/c1/memberships') return this.#memberships(request, url);
    return { status: 404, body: {} };
  }

  /** NRPS 2.0 membership container, paged by `from` with a `Link: rel="next"` header. */
  #memberships(request: IncomingMessage, url: URL): { status: number; body: unknown; headers?: Record<string, string> } {
    const bearer = request.headers.authorization?.replace(/^Bearer /, '');
    if (bearer === undefined || !this.#tokens.has(bearer)) return { status: 401, body: { error: 'unknown token' } };
    this.membershipRequests.push(url.toString());
    const from = Number(url.searchParams.get('from') ?? '0');
    const members = this.roster.slice(from, from + this.rosterPageSize);
    const body = { id: this.membershipsUrl, context: { id: 'c1d887f0-a1a3-4bca-ae25-c375edcc131a', title: 'Economics' }, members };
    if (from + this.rosterPageSize >= this.roster.length) return { status: 200, body };
    const next = from === 0 && this.rosterNext !== null ? this.rosterNext : `${this.membershipsUrl}?from=${from + this.rosterPageSize}`;
    return { status: 200, body, headers: { link: `<${this.urls.jwksUrl}>; rel="related", <${next}>; rel="next"` } };
  }

  /**
   * The OIDC auth endpoint (LTI 1.3 core 5.1.2): answers the tool's auth request with a page that
   * posts the id_token and state to the redirect URI (form_post), as a platform does for a signed-in user.
   */
  async #authorise(query: URLSearchParams): Promise<{ status: number; body: unknown; html?: string }> {
    const redirect = query.get('redirect_uri');
    const nonce = query.get('nonce');
    const state = query.get('state');
    if (
      query.get('client_id') !== this.clientId ||
      redirect === null ||
      nonce === null ||
      state === null ||
      query.get('response_mode') !== 'form_post'
    )
      return { status: 400, body: { error: 'invalid_request' } };
    const idToken = await this.idToken(nonce, this.launchClaims);
    const field = (name: string, value: string) =>
      `<input type="hidden" name="${name}" value="${value.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}">`;
    const html = `<!doctype html><html lang="en"><head><title>Launching</title></head><body><form method="post" action="${redirect}">${field('id_token', idToken)}${field('state', state)}<button type="submit">Launch</button></form><script>document.forms[0].submit()</script></body></html>`;
    return { status: 200, body: null, html };
  }

  /** Client-credentials grant with a JWT assertion (LTI security 1.0, 4.1). */
  async #token(form: URLSearchParams): Promise<{ status: number; body: unknown }> {
    try {
      if (form.get('grant_type') !== 'client_credentials') throw new Error('grant_type');
      if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') throw new Error('client_assertion_type');
      const { payload } = await jwtVerify(form.get('client_assertion') ?? '', createLocalJWKSet(this.#toolJwks), {
        issuer: this.clientId,
        subject: this.clientId,
        audience: this.urls.tokenUrl,
        requiredClaims: ['jti', 'exp', 'iat'],
      });
      if (payload.jti === undefined) throw new Error('jti');
      const token = randomUUID();
      this.#tokens.add(token);
      this.tokenRequests.push({ ok: true });
      return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: form.get('scope') } };
    } catch (error) {
      this.tokenRequests.push({ ok: false, reason: String(error) });
      return { status: 401, body: { error: 'invalid_client' } };
    }
  }
}
