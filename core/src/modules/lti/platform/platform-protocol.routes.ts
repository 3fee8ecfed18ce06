import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { IdParams, problems } from '../../../http/common.schemas.ts';
import type { TypedApp } from '../../../http/typed-app.ts';
import { HtmlPage } from '../lti.schemas.ts';
import { autoPostForm } from '../lti-html.ts';
import type { LtiServices } from '../lti-services.ts';
import { AuthRequestParams, DeepLinkReturnBody, LineItemView, NewLineItemBody, ScoreBody, TokenBody, TokenView } from './platform.schemas.ts';
import type { AuthRequest } from './platform-launches.ts';
import { AGS_SCOPES } from './platform-messages.ts';

const FORM_BODY_LIMIT = 128 * 1024;
const SUBMIT_HASH = `'sha256-${createHash('sha256').update('document.forms[0].submit()').digest('base64')}'`;
const LINE_ITEM_TYPE = 'application/vnd.ims.lis.v2.lineitem+json';
const LINE_ITEMS_TYPE = 'application/vnd.ims.lis.v2.lineitemcontainer+json';
/** The `lineitem` scope includes reading (AGS 2.0, 3.1). */
const READ_SCOPES = [AGS_SCOPES.lineItemReadOnly, AGS_SCOPES.lineItem];

/** The tool frames or opens these pages and they post to it, which the API's default headers forbid. */
function sendHtml(reply: FastifyReply, html: string, formTarget: string | null) {
  reply.removeHeader('x-frame-options');
  const action = formTarget === null ? "'none'" : `${new URL(formTarget).origin}`;
  reply.header('content-security-policy', `default-src 'none'; script-src ${SUBMIT_HASH}; form-action ${action}`);
  return reply.type('text/html; charset=utf-8').send(html);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The endpoints external tools call on Mirai as their platform: OIDC auth, token, deep-linking return, AGS. */
export async function platformProtocolRoutes(app: TypedApp, services: LtiServices): Promise<void> {
  const { platform } = services.lti;
  const tags = ['lti'];
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8')))),
  );
  const agsJson = ['application/vnd.ims.lis.v1.score+json', LINE_ITEM_TYPE];
  app.addContentTypeParser(agsJson, { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    try {
      done(null, JSON.parse(typeof body === 'string' ? body : body.toString('utf8')));
    } catch (error) {
      done(error instanceof Error ? Object.assign(error, { statusCode: 400 }) : new Error('invalid JSON'), undefined);
    }
  });

  const authorize = async (request: { em: Parameters<typeof platform.launches.authorize>[0] }, input: AuthRequest, reply: FastifyReply) => {
    const answer = await platform.launches.authorize(request.em, input);
    const fields: Record<string, string> = { id_token: answer.idToken };
    if (answer.state !== undefined) fields.state = answer.state;
    return sendHtml(reply, autoPostForm(answer.redirectUri, fields), answer.redirectUri);
  };
  const authorizeSchema = {
    tags,
    summary: "The tool's OIDC auth request: answered with a page that posts the signed id_token to the tool",
    response: { 200: HtmlPage, ...problems(400) },
  };
  app.get('/lti/platform/authorize', { schema: { ...authorizeSchema, querystring: AuthRequestParams } }, (request, reply) =>
    authorize(request, request.query, reply),
  );
  app.post(
    '/lti/platform/authorize',
    { schema: { ...authorizeSchema, body: AuthRequestParams, consumes: ['application/x-www-form-urlencoded'] } },
    (request, reply) => authorize(request, request.body, reply),
  );

  app.post(
    '/lti/platform/token',
    {
      schema: {
        tags,
        summary: 'OAuth 2 client-credentials token for tools (JWT client assertion, RFC 7523)',
        consumes: ['application/x-www-form-urlencoded'],
        body: TokenBody,
        response: { 200: TokenView, ...problems(400, 401) },
      },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await platform.tokens.issue(request.em, request.body)),
  );

  app.post(
    '/lti/platform/deep-linking/return',
    {
      schema: {
        tags,
        summary: "The tool's LtiDeepLinkingResponse (form post): verified, and the chosen link stored in the block",
        consumes: ['application/x-www-form-urlencoded'],
        body: DeepLinkReturnBody,
        response: { 200: HtmlPage, ...problems(400) },
      },
    },
    async (request, reply) => {
      const result = await platform.deepLinking.receive(request.em, request.body.JWT);
      const chosen =
        result.link === null ? 'Nothing was chosen.' : `Chosen: ${escapeHtml(result.link.title ?? result.link.url ?? 'the tool’s content')}.`;
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Content chosen</title></head><body><h1>Back to Mirai</h1><p>${chosen} The lesson's draft has it; close this window and reload the editor.</p></body></html>`;
      return sendHtml(reply, html, null);
    },
  );

  app.get(
    '/lti/platform/contexts/:id/line-items',
    {
      schema: {
        tags,
        summary: "The tool's line items in a course (AGS)",
        params: IdParams,
        response: { 200: Type.Array(LineItemView), ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      const { toolId } = await platform.tokens.authorise(request.em, request.headers.authorization, READ_SCOPES);
      return reply.type(LINE_ITEMS_TYPE).send(await platform.ags.lineItems(request.em, toolId, request.params.id));
    },
  );

  app.post(
    '/lti/platform/contexts/:id/line-items',
    {
      schema: {
        tags,
        summary: 'A line item the tool creates in a course under one of its blocks (AGS, `lineitem` scope)',
        params: IdParams,
        consumes: [LINE_ITEM_TYPE, 'application/json'],
        body: NewLineItemBody,
        response: { 201: LineItemView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { toolId } = await platform.tokens.authorise(request.em, request.headers.authorization, [AGS_SCOPES.lineItem]);
      const item = await platform.ags.create(request.em, toolId, request.params.id, request.body);
      return reply.status(201).type(LINE_ITEM_TYPE).send(item);
    },
  );

  app.get(
    '/lti/platform/line-items/:id',
    { schema: { tags, summary: 'One line item (AGS)', params: IdParams, response: { 200: LineItemView, ...problems(401, 403, 404) } } },
    async (request, reply) => {
      const { toolId } = await platform.tokens.authorise(request.em, request.headers.authorization, READ_SCOPES);
      return reply.type(LINE_ITEM_TYPE).send(platform.ags.view(await platform.ags.lineItem(request.em, toolId, request.params.id)));
    },
  );

  app.post(
    '/lti/platform/line-items/:id/scores',
    {
      schema: {
        tags,
        summary: "A tool's score for a learner (AGS, application/vnd.ims.lis.v1.score+json): a fully graded one goes into the gradebook",
        params: IdParams,
        consumes: ['application/vnd.ims.lis.v1.score+json'],
        body: ScoreBody,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { toolId } = await platform.tokens.authorise(request.em, request.headers.authorization, [AGS_SCOPES.score]);
      await platform.ags.score(request.em, toolId, request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );
}
