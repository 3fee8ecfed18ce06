import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, type TObject, Type } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { problems } from '../../http/common.schemas.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { agentParameter } from './statement-query.ts';
import { AgentProfileQuery, DocumentBodySchema, StateQuery } from './xapi.schemas.ts';
import type { XapiCredentialsService } from './xapi-credentials.service.ts';
import type { DocumentBody, DocumentScope, Preconditions, XapiDocumentsService } from './xapi-documents.service.ts';
import { assertInScope, xapiAuth, xapiCallerOf, xapiVersion } from './xapi-request.ts';

/** cmi5's documents are small JSON; other clients keep bookmarks and suspend data here. */
const DOCUMENT_BODY_LIMIT = 1024 ** 2;

const preconditionsOf = (request: FastifyRequest): Preconditions => {
  const { 'if-match': ifMatch, 'if-none-match': ifNoneMatch } = request.headers;
  return { ...(ifMatch === undefined ? {} : { ifMatch }), ...(ifNoneMatch === undefined ? {} : { ifNoneMatch }) };
};

const bodyOf = (request: FastifyRequest): DocumentBody => ({
  content: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
  contentType: request.headers['content-type'] ?? 'application/octet-stream',
});

function sinceOf(since: string | undefined): Date | undefined {
  if (since === undefined) return undefined;
  const date = new Date(since);
  if (Number.isNaN(date.getTime())) throw new MiraiError('MIRAI_ERR_XAPI_PARAMETER_INVALID', 'The since parameter must be an ISO 8601 timestamp');
  return date;
}

/** What differs between the State and the Agent Profile resources; everything else is one set of routes. */
interface DocumentResource<Query extends TObject> {
  url: string;
  querystring: Query;
  /** `stateId` or `profileId`: named in the summaries and in the error when a write lacks it. */
  idName: string;
  scopeOf: (query: Static<Query>) => DocumentScope;
  /** What a scoped credential (a cmi5 launch's) must match to reach the scope. */
  reachOf: (scope: DocumentScope) => { registration?: string; agentKey?: string };
  idOf: (query: Static<Query>) => string | undefined;
  /** The Agent Profile needs If-Match or If-None-Match to replace a document (xAPI 2.0 §4.1.6.1); the State does not. */
  requirePrecondition: boolean;
  /** Without an id, DELETE clears the State's whole scope; an Agent Profile DELETE names its document. */
  deleteWholeScope: boolean;
  summaries: { read: string; replace: string; merge: string; delete: string };
}

const stateResource: DocumentResource<typeof StateQuery> = {
  url: '/xapi/activities/state',
  querystring: StateQuery,
  idName: 'stateId',
  scopeOf: (query) => ({
    kind: 'state',
    activityId: query.activityId,
    agentKey: agentParameter(query.agent),
    registration: query.registration?.toLowerCase() ?? '',
  }),
  idOf: (query) => query.stateId,
  reachOf: (scope) => ({ registration: scope.registration, agentKey: scope.agentKey }),
  requirePrecondition: false,
  deleteWholeScope: true,
  summaries: {
    read: 'A state document (raw), or the stateIds of the scope without stateId',
    replace: 'Store a state document (any media type)',
    merge: 'Merge a JSON object into a state document',
    delete: 'Delete a state document, or every one of the scope without stateId',
  },
};

const agentProfileResource: DocumentResource<typeof AgentProfileQuery> = {
  url: '/xapi/agents/profile',
  querystring: AgentProfileQuery,
  idName: 'profileId',
  scopeOf: (query) => ({ kind: 'agent-profile', activityId: '', agentKey: agentParameter(query.agent), registration: '' }),
  idOf: (query) => query.profileId,
  reachOf: (scope) => ({ agentKey: scope.agentKey }),
  requirePrecondition: true,
  deleteWholeScope: false,
  summaries: {
    read: 'An agent profile document (raw), or the profileIds without profileId',
    replace: 'Store an agent profile; replacing one needs If-Match',
    merge: 'Merge a JSON object into an agent profile',
    delete: 'Delete an agent profile document',
  },
};

/**
 * The State (`/xapi/activities/state`) and Agent Profile (`/xapi/agents/profile`) resources.
 * Documents are raw bytes of any media type, so this context parses every body as a buffer and
 * the route schemas cover the query parameters only.
 */
export async function xapiDocumentRoutes(
  app: TypedApp,
  options: { credentials: XapiCredentialsService; documents: XapiDocumentsService },
): Promise<void> {
  app.addHook('onRequest', xapiVersion);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: DOCUMENT_BODY_LIMIT }, (_request, body, done) => done(null, body));
  documentRoutes(app, stateResource, options);
  documentRoutes(app, agentProfileResource, options);
}

function documentRoutes<Query extends TObject>(
  app: TypedApp,
  resource: DocumentResource<Query>,
  options: { credentials: XapiCredentialsService; documents: XapiDocumentsService },
): void {
  const { documents } = options;
  const tags = ['xapi'];
  const preHandler = xapiAuth(options.credentials);
  // The type provider cannot resolve a generic schema's static type, so the query is typed here, once.
  const queryOf = (request: FastifyRequest) => request.query as Static<Query> & { since?: string | undefined };
  const scopeOf = (request: FastifyRequest, query: Static<Query>): DocumentScope => {
    const scope = resource.scopeOf(query);
    assertInScope(xapiCallerOf(request), resource.reachOf(scope));
    return scope;
  };
  const requiredId = (query: Static<Query>): string => {
    const id = resource.idOf(query);
    if (id === undefined) throw new MiraiError('MIRAI_ERR_XAPI_PARAMETER_INVALID', `This needs the ${resource.idName} parameter`);
    return id;
  };
  const read = { tags, querystring: resource.querystring, response: { 200: DocumentBodySchema, ...problems(400, 401, 404) } };
  const write = {
    tags,
    querystring: resource.querystring,
    response: { 204: Type.Null({ description: 'Stored' }), ...problems(400, 401, ...(resource.requirePrecondition ? [409] : []), 412, 413) },
  };

  app.get(resource.url, { preHandler, schema: { ...read, summary: resource.summaries.read } }, async (request, reply: FastifyReply) => {
    const query = queryOf(request);
    const scope = scopeOf(request, query);
    const documentId = resource.idOf(query);
    if (documentId === undefined) return documents.ids(request.em, scope, sinceOf(query.since));
    const document = await documents.get(request.em, scope, documentId);
    return reply
      .header('ETag', document.etag)
      .header('Last-Modified', document.updatedAt.toUTCString())
      .type(document.contentType)
      .send(Buffer.from(document.contentBase64, 'base64'));
  });
  for (const [method, merge] of [
    ['PUT', false],
    ['POST', true],
  ] as const)
    app.route({
      method,
      url: resource.url,
      preHandler,
      schema: { ...write, summary: merge ? resource.summaries.merge : resource.summaries.replace },
      handler: async (request, reply) => {
        const query = queryOf(request);
        await documents.write(request.em, xapiCallerOf(request), scopeOf(request, query), requiredId(query), bodyOf(request), {
          merge,
          preconditions: preconditionsOf(request),
          requirePrecondition: resource.requirePrecondition,
        });
        return reply.status(204).send(null);
      },
    });
  app.delete(resource.url, { preHandler, schema: { ...write, summary: resource.summaries.delete } }, async (request, reply) => {
    const query = queryOf(request);
    const documentId = resource.deleteWholeScope ? resource.idOf(query) : requiredId(query);
    await documents.delete(request.em, scopeOf(request, query), documentId, preconditionsOf(request));
    return reply.status(204).send(null);
  });
}
