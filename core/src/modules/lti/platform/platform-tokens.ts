import type { EntityManager } from '@mikro-orm/postgresql';
import { jwtVerify } from 'jose';
import { MiraiError } from '../../../errors/mirai-error.ts';
import { hashToken, newToken } from '../../identity/tokens.ts';
import { NRPS_SCOPE } from '../lti-claims.ts';
import type { LtiTool } from './lti-tool.entity.ts';
import type { LtiToolsService } from './lti-tools.service.ts';
import { AGS_SCOPES } from './platform-messages.ts';
import { claimedIssuer, joseRefusal, type ToolKeySets } from './tool-key-sets.ts';

const TOKEN_SECONDS = 3600;
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const GRANTABLE: ReadonlySet<string> = new Set([...Object.values(AGS_SCOPES), NRPS_SCOPE]);

export interface TokenRequest {
  grant_type: string;
  client_assertion_type: string;
  client_assertion: string;
  scope: string;
}

/** OAuth 2 errors (RFC 6749 5.2) as problems: `error` carries the OAuth code tools look for. */
const refuse = (error: 'invalid_request' | 'invalid_client' | 'invalid_scope' | 'unsupported_grant_type', reason: string) =>
  new MiraiError(
    error === 'invalid_client' ? 'MIRAI_ERR_LTI_CLIENT_INVALID' : 'MIRAI_ERR_LTI_TOKEN_REQUEST_INVALID',
    `The token request was refused: ${reason}`,
    {
      extensions: { error, error_description: reason, reason },
    },
  );

/**
 * The platform's token endpoint for tools (LTI Security Framework 4.1; RFC 7523): client
 * credentials with a JWT client assertion signed by the tool's key (iss = sub = client id,
 * aud = this endpoint, single-use jti), answered with an opaque access token for the granted scopes.
 */
export class PlatformTokens {
  readonly #deps: { tools: LtiToolsService; keySets: ToolKeySets; tokenUrl: string };

  constructor(deps: { tools: LtiToolsService; keySets: ToolKeySets; tokenUrl: string }) {
    this.#deps = deps;
  }

  async issue(em: EntityManager, request: TokenRequest): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number; scope: string }> {
    if (request.grant_type !== 'client_credentials') throw refuse('unsupported_grant_type', 'grant_type must be client_credentials');
    if (request.client_assertion_type !== ASSERTION_TYPE) throw refuse('invalid_request', `client_assertion_type must be ${ASSERTION_TYPE}`);
    const clientId = claimedIssuer(request.client_assertion);
    const tool = clientId === null ? null : await this.#deps.tools.byClientId(em, clientId);
    if (tool === null) throw refuse('invalid_client', 'the client assertion names no registered tool');
    const jti = await this.#verifyAssertion(tool, request.client_assertion);
    const used = await em.execute<{ jti: string }[]>(
      `insert into lti_tool_assertion (tool_id, jti, expires_at) values (?, ?, now() + interval '1 hour') on conflict do nothing returning jti`,
      [tool.id, jti],
    );
    if (used.length === 0) throw refuse('invalid_client', 'the client assertion jti was used before');
    await em.execute("delete from lti_tool_assertion where expires_at < now() - interval '1 hour'");
    const scopes = [...new Set(request.scope.split(' ').filter((scope) => GRANTABLE.has(scope)))];
    if (scopes.length === 0) throw refuse('invalid_scope', 'no requested scope can be granted');
    const token = newToken();
    await em.execute("delete from lti_tool_token where expires_at < now() - interval '1 hour'");
    await em.execute(
      `insert into lti_tool_token (token_hash, tool_id, scopes, expires_at) values (?, ?, ?::jsonb, now() + interval '${TOKEN_SECONDS} seconds')`,
      [hashToken(token), tool.id, JSON.stringify(scopes)],
    );
    return { access_token: token, token_type: 'Bearer', expires_in: TOKEN_SECONDS, scope: scopes.join(' ') };
  }

  async #verifyAssertion(tool: LtiTool, assertion: string): Promise<string> {
    try {
      const { payload } = await jwtVerify(assertion, this.#deps.keySets.of(tool.jwksUrl), {
        issuer: tool.clientId,
        subject: tool.clientId,
        audience: this.#deps.tokenUrl,
        algorithms: ['RS256', 'RS384', 'RS512'],
        requiredClaims: ['jti', 'exp', 'iat'],
        maxTokenAge: '5m',
        clockTolerance: 30,
      });
      if (typeof payload.jti !== 'string' || payload.jti === '') throw refuse('invalid_client', 'the client assertion has no jti');
      return payload.jti;
    } catch (error) {
      if (error instanceof MiraiError) throw error;
      throw refuse('invalid_client', `the client assertion: ${joseRefusal(error)}`);
    }
  }

  /** The tool and scopes of a bearer access token; refused when unknown, expired, or without `scope`. */
  async authorise(em: EntityManager, authorization: string | undefined, anyOf: string[]): Promise<{ toolId: string }> {
    const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (token === undefined) throw new MiraiError('MIRAI_ERR_LTI_ACCESS_TOKEN_INVALID', 'A bearer access token from the token endpoint is required');
    const rows = await em.execute<{ tool_id: string; scopes: string[] }[]>(
      'select tool_id, scopes from lti_tool_token where token_hash = ? and expires_at > now()',
      [hashToken(token)],
    );
    const row = rows[0];
    if (row === undefined) throw new MiraiError('MIRAI_ERR_LTI_ACCESS_TOKEN_INVALID', 'The access token is unknown or expired');
    if (!anyOf.some((scope) => row.scopes.includes(scope)))
      throw new MiraiError('MIRAI_ERR_LTI_SCOPE_MISSING', `The access token lacks the scope: ${anyOf.join(' or ')}`);
    return { toolId: row.tool_id };
  }
}
