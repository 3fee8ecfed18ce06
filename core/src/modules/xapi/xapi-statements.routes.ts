import { Type } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { problems } from '../../http/common.schemas.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { queryStatements } from './statement-query.ts';
import { AboutView, StatementIds, StatementOrResult, StatementsBody, StatementsQuery } from './xapi.schemas.ts';
import type { XapiCredentialsService } from './xapi-credentials.service.ts';
import { assertInScope, XAPI_VERSION, xapiAuth, xapiCallerOf, xapiVersion } from './xapi-request.ts';
import type { XapiStatementsService } from './xapi-statements.service.ts';

/** Statements with many interactions, bounded all the same. */
const STATEMENTS_BODY_LIMIT = 4 * 1024 ** 2;
const FILTERS = ['agent', 'verb', 'activity', 'registration', 'since', 'until', 'limit', 'ascending', 'cursor'] as const;

/** The xAPI Statements and About resources under /xapi (the LRS endpoint). */
export async function xapiStatementRoutes(
  app: TypedApp,
  options: { credentials: XapiCredentialsService; statements: XapiStatementsService },
): Promise<void> {
  const { statements } = options;
  const tags = ['xapi'];
  const authenticated = xapiAuth(options.credentials);
  app.addHook('onRequest', xapiVersion);

  app.get('/xapi/about', { schema: { tags, summary: 'The xAPI versions this LRS speaks', response: { 200: AboutView } } }, async () => ({
    version: [XAPI_VERSION],
    extensions: {},
  }));

  app.post(
    '/xapi/statements',
    {
      preHandler: authenticated,
      bodyLimit: STATEMENTS_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Store one statement or a batch (all or none); answers their ids',
        body: StatementsBody,
        response: { 200: StatementIds, ...problems(400, 401, 409, 413) },
      },
    },
    async (request) => statements.store(request.em, xapiCallerOf(request), request.body),
  );

  app.put(
    '/xapi/statements',
    {
      preHandler: authenticated,
      bodyLimit: STATEMENTS_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Store one statement under the statementId parameter; the same content again is accepted, different content is a 409',
        querystring: StatementsQuery,
        body: StatementsBody,
        response: { 204: Type.Null({ description: 'Stored' }), ...problems(400, 401, 409, 413) },
      },
    },
    async (request, reply) => {
      const { statementId } = request.query;
      if (statementId === undefined) throw new MiraiError('MIRAI_ERR_XAPI_PARAMETER_INVALID', 'PUT needs the statementId parameter');
      await statements.store(request.em, xapiCallerOf(request), request.body, statementId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/xapi/statements',
    {
      preHandler: authenticated,
      schema: {
        tags,
        summary: 'One statement by statementId or voidedStatementId, else a page of non-voided statements matching the filters',
        querystring: StatementsQuery,
        response: { 200: StatementOrResult, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { statementId, voidedStatementId, ...query } = request.query;
      reply.header('X-Experience-API-Consistent-Through', new Date().toISOString());
      const scope = xapiCallerOf(request).scope;
      if (scope !== undefined && query.registration !== undefined) assertInScope(xapiCallerOf(request), { registration: query.registration });
      const single = statementId ?? voidedStatementId;
      // A registration-scoped caller (a cmi5 launch) sees its registration's statements only.
      if (single === undefined)
        return queryStatements(request.em, scope === undefined ? query : { ...query, registration: scope.registration }, '/xapi/statements');
      if ((statementId !== undefined && voidedStatementId !== undefined) || FILTERS.some((filter) => query[filter] !== undefined))
        throw new MiraiError('MIRAI_ERR_XAPI_PARAMETER_INVALID', 'statementId and voidedStatementId go alone, without filters');
      return statements.get(request.em, single, voidedStatementId !== undefined, scope?.registration);
    },
  );
}
