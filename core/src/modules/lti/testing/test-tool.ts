import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/**
 * An LTI 1.3 tool written from the specs with `jose`, for tests of Mirai as the platform: it
 * publishes its JWKS over HTTP and signs client assertions and deep-linking responses, correct or
 * deliberately wrong.
 */
export class TestTool {
  readonly kid = randomUUID();
  #server: Server;
  #base = '';
  #privateKey: Key;
  #publicJwk: JWK;

  private constructor(server: Server, privateKey: Key, publicJwk: JWK) {
    this.#server = server;
    this.#privateKey = privateKey;
    this.#publicJwk = publicJwk;
  }

  static async start(): Promise<TestTool> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const server = createServer();
    const tool = new TestTool(server, privateKey, await exportJWK(publicKey));
    server.on('request', (request, response) => {
      if (request.url === '/jwks')
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ keys: [{ ...tool.#publicJwk, kid: tool.kid, alg: 'RS256', use: 'sig' }] }));
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    tool.#base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return tool;
  }

  /** What an admin registers in Mirai for this tool. */
  get registration() {
    return {
      loginUrl: `${this.#base}/login`,
      launchUrl: `${this.#base}/launch`,
      jwksUrl: `${this.#base}/jwks`,
      deepLinkingUrl: `${this.#base}/deep-link`,
    };
  }

  get base(): string {
    return this.#base;
  }

  /** A JWT signed with this tool's key (or `otherKey`, to be refused), claims as given. */
  async sign(
    claims: JWTPayload & Record<string, unknown>,
    options: { otherKey?: boolean; issuedAt?: number; expiresIn?: string } = {},
  ): Promise<string> {
    const key = options.otherKey === true ? (await generateKeyPair('RS256')).privateKey : this.#privateKey;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuedAt(options.issuedAt)
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(key);
  }

  /** A client assertion (RFC 7523) for the token endpoint. */
  assertion(
    clientId: string,
    tokenUrl: string,
    overrides: Record<string, unknown> = {},
    options: { otherKey?: boolean; issuedAt?: number; expiresIn?: string } = {},
  ) {
    return this.sign({ iss: clientId, sub: clientId, aud: tokenUrl, jti: randomUUID(), ...overrides }, options);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
