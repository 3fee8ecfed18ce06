import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { TENANT_FILTER, type TenantFilterParams } from '../../db/orm.ts';
import { MiraiError } from '../../errors/mirai-error.ts';
import { IdParams, problems } from '../../http/common.schemas.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { DeepLinkChoiceBody, HtmlPage, JwksView, LaunchBody, LoginInitiation } from './lti.schemas.ts';
import { autoPostForm, coursePicker } from './lti-html.ts';
import { startLogin } from './lti-login.ts';
import type { LtiServices } from './lti-services.ts';

export const STATE_COOKIE = 'mirai_lti_state';
const FORM_BODY_LIMIT = 128 * 1024;
const SUBMIT_SCRIPT = 'document.forms[0].submit()';
const SUBMIT_HASH = `'sha256-${createHash('sha256').update(SUBMIT_SCRIPT).digest('base64')}'`;

/** LTI pages are framed by the platform and post forms to it, which the API's default headers forbid. */
function sendHtml(reply: FastifyReply, html: string, formTarget: string) {
  reply.removeHeader('x-frame-options');
  reply.header('content-security-policy', `default-src 'none'; script-src ${SUBMIT_HASH}; form-action ${new URL(formTarget).origin} 'self'`);
  return reply.type('text/html; charset=utf-8').send(html);
}

/** The endpoints a platform and the browser call: OIDC login initiation, launch, deep-linking choice, tool JWKS. */
export async function ltiProtocolRoutes(app: TypedApp, services: LtiServices): Promise<void> {
  const { lti } = services;
  const tags = ['lti'];
  // Platforms post forms (OIDC form_post, login initiation); only these routes read that encoding.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8')))),
  );

  const login = async (em: Parameters<typeof startLogin>[0], input: Parameters<typeof startLogin>[2], reply: FastifyReply) => {
    const platform = await lti.platforms.forLogin(em, input.iss, input.client_id);
    if (platform === null)
      throw new MiraiError('MIRAI_ERR_LTI_PLATFORM_NOT_FOUND', `No organisation registered the platform ${input.iss} with this client id`);
    const { state, redirect } = await startLogin(em, platform, input, { publicUrl: lti.publicUrl, launchUrl: lti.urls.launchUrl });
    // SameSite=None: the launch comes back as a cross-site form post from the platform.
    reply.setCookie(STATE_COOKIE, state, { httpOnly: true, secure: true, sameSite: 'none', path: '/lti', maxAge: 600 });
    return reply.redirect(redirect, 302);
  };
  const loginSchema = {
    tags,
    summary: 'OIDC third-party login initiation from an LTI 1.3 platform',
    response: { 302: Type.Null(), ...problems(400, 404) },
  };
  app.get('/lti/login', { schema: { ...loginSchema, querystring: LoginInitiation } }, (request, reply) => login(request.em, request.query, reply));
  app.post('/lti/login', { schema: { ...loginSchema, body: LoginInitiation, consumes: ['application/x-www-form-urlencoded'] } }, (request, reply) =>
    login(request.em, request.body, reply),
  );

  app.post(
    '/lti/launch',
    {
      schema: {
        tags,
        summary: "LTI 1.3 launch (the platform's form_post of the id_token): signs the person in, or opens the deep-linking picker",
        consumes: ['application/x-www-form-urlencoded'],
        body: LaunchBody,
        response: { 200: HtmlPage, 303: Type.Null(), ...problems(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const outcome = await lti.launches.launch(request.em, {
        state: request.body.state,
        idToken: request.body.id_token,
        cookieState: request.cookies[STATE_COOKIE],
      });
      reply.clearCookie(STATE_COOKIE, { path: '/lti', secure: true, sameSite: 'none' });
      if (outcome.kind === 'pick-course')
        return sendHtml(reply, coursePicker(lti.urls.deepLinkChoiceUrl, outcome.context, outcome.courses), lti.publicUrl);
      const target = new URL('/lti/continue', services.appUrl);
      target.searchParams.set('code', outcome.handoffCode);
      return reply.redirect(target.toString(), 303);
    },
  );

  app.post(
    '/lti/deep-linking/response',
    {
      schema: {
        tags,
        summary: "The teacher's course choice: answers with a form posting the signed LtiDeepLinkingResponse to the platform",
        consumes: ['application/x-www-form-urlencoded'],
        body: DeepLinkChoiceBody,
        response: { 200: HtmlPage, ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const context = await lti.deepLinking.context(request.body.context);
      const platform = await lti.platforms.byId(request.em, context.platformId);
      if (platform === null) throw new MiraiError('MIRAI_ERR_LTI_PLATFORM_NOT_FOUND');
      request.em.setFilterParams(TENANT_FILTER, { tenantId: platform.tenantId } satisfies TenantFilterParams);
      const jwt = await lti.deepLinking.response(request.em, platform, context, request.body.course_id);
      return sendHtml(reply, autoPostForm(context.returnUrl, { JWT: jwt }), context.returnUrl);
    },
  );

  app.get(
    '/lti/organisations/:id/jwks',
    { schema: { tags, summary: "An organisation's public LTI tool keys (JWKS)", params: IdParams, response: { 200: JwksView } } },
    async (request) => lti.keys.jwks(request.em, request.params.id),
  );
}
