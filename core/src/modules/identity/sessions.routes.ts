import type { Static } from 'typebox';
import { Type } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import type { AccessNoticePublisher } from '../../realtime/access-notice.ts';
import type { AuthProviderView } from './identity.schemas.ts';
import type { SessionService } from './session.service.ts';

export interface SessionsRoutesOptions {
  sessions: SessionService;
  access?: AccessNoticePublisher | undefined;
  provider: Static<typeof AuthProviderView>;
}

const SessionEntry = Type.Object({
  id: Type.String({ format: 'uuid' }),
  /** The organisation the session signed in to. */
  organisationId: Type.String({ format: 'uuid' }),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  /** The session this request came with. */
  current: Type.Boolean(),
});

/** The signed-in user's own sessions (ASVS 3.3.4); sessions of an external provider are its business. */
export async function sessionsRoutes(app: TypedApp, options: SessionsRoutesOptions): Promise<void> {
  const coreSessionsOnly = async () => {
    if (options.provider.kind === 'session')
      throw new MiraiError(
        'MIRAI_ERR_AUTH_PROVIDER_UNSUPPORTED',
        `Sessions belong to "${options.provider.name}"; list and end them in its own settings pages (selfService in GET /v1/auth/provider)`,
      );
  };

  app.get(
    '/v1/auth/sessions',
    {
      preHandler: [requireAuth(), coreSessionsOnly],
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user’s unexpired sessions, newest first; `current` marks the one of this request',
        response: { 200: Type.Object({ sessions: Type.Array(SessionEntry) }), ...problems(400, 401) },
      },
    },
    async (request) => {
      const { userId, sessionId } = authOf(request);
      const sessions = await options.sessions.listOf(request.em, userId);
      return {
        sessions: sessions.map((session) => ({
          id: session.id,
          organisationId: session.tenantId,
          createdAt: session.createdAt.toISOString(),
          expiresAt: session.expiresAt.toISOString(),
          current: session.id === sessionId,
        })),
      };
    },
  );

  app.delete(
    '/v1/auth/sessions/:id',
    {
      preHandler: [requireAuth(), coreSessionsOnly],
      schema: {
        tags: ['auth'],
        summary: 'End one of the signed-in user’s sessions (404 for any session not theirs); ending the current one signs this client out',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { userId } = authOf(request);
      if (!(await options.sessions.revokeOwn(request.em, userId, request.params.id))) throw new MiraiError('MIRAI_ERR_AUTH_SESSION_NOT_FOUND');
      await options.access?.publish({ kind: 'session-ended', sessionId: request.params.id });
      return reply.status(204).send(null);
    },
  );
}
