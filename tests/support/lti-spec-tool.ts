import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, exportJWK, generateKeyPair, type JWTPayload, jwtVerify, SignJWT } from 'jose';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const AGS_ENDPOINT = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';

/** What Mirai issued the tool at registration (its client, deployment and platform URLs). */
export interface PlatformOfTool {
  clientId: string;
  deploymentId: string;
  platform: { issuer: string; authorizationUrl: string; tokenUrl: string; jwksUrl: string };
}

/** A verified resource-link launch, and how the score the tool posted for it went. */
export interface ReceivedLaunch {
  claims: JWTPayload & Record<string, unknown>;
  scoreStatus: number;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;

async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A small LTI 1.3 tool written from the specs (node:http and `jose`), for browser tests of Mirai as
 * the platform: OIDC third-party login initiation, id_token verification against Mirai's JWKS,
 * a Deep Linking response signed with its own key, and an AGS score sent with a client assertion.
 * On each resource-link launch it scores the learner 8 out of 10.
 */
export class LtiSpecTool {
  readonly launches: ReceivedLaunch[] = [];
  #server: Server;
  #base = '';
  #kid = randomUUID();
  #keys: Awaited<ReturnType<typeof generateKeyPair>>;
  #platform: PlatformOfTool | null = null;
  /** OIDC state → nonce, each used once. */
  #states = new Map<string, string>();

  private constructor(server: Server, keys: Awaited<ReturnType<typeof generateKeyPair>>) {
    this.#server = server;
    this.#keys = keys;
  }

  static async start(): Promise<LtiSpecTool> {
    const tool = new LtiSpecTool(createServer(), await generateKeyPair('RS256'));
    tool.#server.on('request', (request, response) => {
      tool.#handle(request, response).catch((error: unknown) => {
        response.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(page('Launch refused', `<p>${escapeHtml(String(error))}</p>`));
      });
    });
    await new Promise<void>((resolve) => tool.#server.listen(0, '127.0.0.1', resolve));
    tool.#base = `http://127.0.0.1:${(tool.#server.address() as AddressInfo).port}`;
    return tool;
  }

  get registration() {
    return {
      loginUrl: `${this.#base}/login`,
      launchUrl: `${this.#base}/launch`,
      jwksUrl: `${this.#base}/jwks`,
      deepLinkingUrl: `${this.#base}/deep-link`,
    };
  }

  /** The content the tool offers through Deep Linking. */
  get content() {
    return {
      type: 'ltiResourceLink',
      title: 'Level 2',
      url: `${this.#base}/launch?level=2`,
      custom: { level: '2' },
      lineItem: { label: 'Level 2 score', scoreMaximum: 10 },
    };
  }

  /** Takes what Mirai issued at registration. */
  configure(platform: PlatformOfTool): void {
    this.#platform = platform;
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.#base);
    if (url.pathname === '/jwks') {
      const jwk = { ...(await exportJWK(this.#keys.publicKey)), kid: this.#kid, alg: 'RS256', use: 'sig' };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    const platform = this.#platform;
    if (platform === null) throw new Error('the tool is not registered yet');
    const params = request.method === 'POST' ? await formBody(request) : url.searchParams;
    if (url.pathname === '/login') return this.#login(platform, params, response);
    if (request.method === 'POST' && (url.pathname === '/launch' || url.pathname === '/deep-link')) return this.#launch(platform, params, response);
    response.writeHead(404).end();
  }

  /** OIDC third-party initiated login (LTI 1.3 core 5.1.1): redirect to the platform's auth endpoint. */
  #login(platform: PlatformOfTool, params: URLSearchParams, response: ServerResponse): void {
    if (params.get('iss') !== platform.platform.issuer) throw new Error('login initiation from an unknown issuer');
    if (params.get('client_id') !== platform.clientId) throw new Error('login initiation for another client');
    const state = randomUUID();
    const nonce = randomUUID();
    this.#states.set(state, nonce);
    const auth = new URL(platform.platform.authorizationUrl);
    const query = {
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.clientId,
      redirect_uri: params.get('target_link_uri') ?? '',
      login_hint: params.get('login_hint') ?? '',
      lti_message_hint: params.get('lti_message_hint') ?? '',
      state,
      nonce,
    };
    for (const [name, value] of Object.entries(query)) auth.searchParams.set(name, value);
    response.writeHead(302, { location: auth.toString() }).end();
  }

  /** The platform's form post: the id_token verified (signature, iss, aud, nonce, deployment), then the message answered. */
  async #launch(platform: PlatformOfTool, params: URLSearchParams, response: ServerResponse): Promise<void> {
    const state = params.get('state') ?? '';
    const nonce = this.#states.get(state);
    this.#states.delete(state);
    if (nonce === undefined) throw new Error('unknown or reused state');
    const { payload } = await jwtVerify(params.get('id_token') ?? '', createRemoteJWKSet(new URL(platform.platform.jwksUrl)), {
      issuer: platform.platform.issuer,
      audience: platform.clientId,
      algorithms: ['RS256'],
    });
    if (payload.nonce !== nonce) throw new Error('the nonce is not this login’s');
    if (payload[`${LTI}deployment_id`] !== platform.deploymentId) throw new Error('another deployment');
    const claims = payload as JWTPayload & Record<string, unknown>;
    const html =
      claims[`${LTI}message_type`] === 'LtiDeepLinkingRequest'
        ? await this.#deepLinkPage(platform, claims)
        : await this.#resourcePage(platform, claims);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  }

  /** A picker whose one choice posts a signed LtiDeepLinkingResponse to the platform's return URL. */
  async #deepLinkPage(platform: PlatformOfTool, claims: Record<string, unknown>): Promise<string> {
    const settings = claims[`${DL}deep_linking_settings`] as { deep_link_return_url: string; data?: string };
    const jwt = await this.#sign(
      {
        iss: platform.clientId,
        aud: platform.platform.issuer,
        nonce: randomUUID(),
        [`${LTI}message_type`]: 'LtiDeepLinkingResponse',
        [`${LTI}version`]: '1.3.0',
        [`${LTI}deployment_id`]: platform.deploymentId,
        [`${DL}data`]: settings.data,
        [`${DL}content_items`]: [this.content],
      },
      '5m',
    );
    return page(
      'Choose a level',
      `<form method="post" action="${escapeHtml(settings.deep_link_return_url)}"><input type="hidden" name="JWT" value="${escapeHtml(jwt)}"><button type="submit">Choose ${escapeHtml(this.content.title)}</button></form>`,
    );
  }

  /** Shows what the launch carried, and sends the learner's score (8/10) to the launch's line item. */
  async #resourcePage(platform: PlatformOfTool, claims: JWTPayload & Record<string, unknown>): Promise<string> {
    const link = claims[`${LTI}resource_link`] as { id: string; title?: string };
    const custom = (claims[`${LTI}custom`] ?? {}) as Record<string, string>;
    const ags = claims[AGS_ENDPOINT] as { lineitem: string; scope: string[] };
    const scoreStatus = await this.#postScore(platform, ags.lineitem, claims.sub ?? '');
    this.launches.push({ claims, scoreStatus });
    return page(
      `Launched: ${link.title ?? link.id}`,
      `<p data-testid="launch-message">${escapeHtml(String(claims[`${LTI}message_type`]))} for level ${escapeHtml(custom.level ?? 'none')}</p><p data-testid="score-status">Score 8/10 sent: ${scoreStatus}</p>`,
    );
  }

  async #postScore(platform: PlatformOfTool, lineItem: string, userId: string): Promise<number> {
    const assertion = await this.#sign({ iss: platform.clientId, sub: platform.clientId, aud: platform.platform.tokenUrl, jti: randomUUID() }, '5m');
    const token = await fetch(platform.platform.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope: SCORE_SCOPE,
      }),
    });
    if (token.status !== 200) return token.status;
    const { access_token } = (await token.json()) as { access_token: string };
    const score = await fetch(`${lineItem}/scores`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.ims.lis.v1.score+json', authorization: `Bearer ${access_token}` },
      body: JSON.stringify({
        userId,
        scoreGiven: 8,
        scoreMaximum: 10,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        timestamp: new Date().toISOString(),
      }),
    });
    return score.status;
  }

  #sign(claims: JWTPayload & Record<string, unknown>, expiresIn: string): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.#kid, typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(this.#keys.privateKey);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
