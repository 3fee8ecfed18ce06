// The parts of ltijs 5.9 and ltijs-sequelize 2.4 (CommonJS, no bundled types) the LTI platform test uses.
declare module 'ltijs' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** What the handlers use of Express's request and response. */
  export interface LtiRequest {
    query: Record<string, string | undefined>;
    body: Record<string, unknown>;
  }
  export interface LtiResponse {
    locals: { token: IdToken };
    status(code: number): LtiResponse;
    send(body: string): unknown;
    json(body: unknown): unknown;
  }

  export interface IdToken {
    iss: string;
    user: string;
    clientId: string;
    deploymentId: string;
    platformContext: {
      messageType: string;
      roles: string[];
      targetLinkUri: string;
      custom?: Record<string, string>;
      context?: { id: string; title?: string };
      resource?: { id: string; title?: string };
      endpoint?: { scope: string[]; lineitem?: string; lineitems?: string };
      deepLinkingSettings?: { deep_link_return_url: string; data?: string };
    };
  }

  type Handler = (token: IdToken, req: LtiRequest, res: LtiResponse) => unknown;

  export interface LtiProvider {
    app: ((req: IncomingMessage, res: ServerResponse) => void) & {
      post(path: string, handler: (req: LtiRequest, res: LtiResponse) => unknown): void;
    };
    setup(
      key: string,
      database: { plugin: unknown },
      options: {
        appRoute?: string;
        loginRoute?: string;
        keysetRoute?: string;
        cookies?: { secure?: boolean; sameSite?: string };
        devMode?: boolean;
        tokenMaxAge?: number | false;
      },
    ): LtiProvider;
    deploy(options: { serverless: boolean; silent?: boolean }): Promise<boolean>;
    close(options?: { silent?: boolean }): Promise<boolean>;
    onConnect(handler: Handler): true;
    onDeepLinking(handler: Handler): true;
    onInvalidToken(handler: (req: LtiRequest, res: LtiResponse & { locals: { err: unknown } }) => unknown): true;
    registerPlatform(platform: {
      url: string;
      name: string;
      clientId: string;
      authenticationEndpoint: string;
      accesstokenEndpoint: string;
      authConfig: { method: 'JWK_SET'; key: string };
    }): Promise<unknown>;
    Grade: {
      submitScore(
        token: IdToken,
        lineItemId: string,
        score: { scoreGiven: number; scoreMaximum: number; activityProgress: string; gradingProgress: string; userId?: string },
      ): Promise<unknown>;
    };
    DeepLinking: {
      createDeepLinkingForm(token: IdToken, items: object[], options: { message?: string }): Promise<string>;
      createDeepLinkingMessage(token: IdToken, items: object[], options: { message?: string }): Promise<string>;
    };
  }

  const ltijs: { Provider: LtiProvider };
  export default ltijs;
}

declare module 'ltijs-sequelize' {
  export default class Database {
    constructor(database: string, user: string, pass: string, options: { host: string; port: number; dialect: 'postgres'; logging: boolean });
  }
}
