import { Type } from 'typebox';
import { problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { isMailLocale } from '../people/mail-messages.ts';
import { LocaleBody, LocaleSchema, MeView } from './identity.schemas.ts';
import type { SessionService } from './session.service.ts';
import { UserSchema } from './user.entity.ts';

export async function meRoutes(app: TypedApp, options: { sessions: SessionService }): Promise<void> {
  app.get(
    '/v1/me',
    {
      preHandler: requireAuth(),
      schema: { tags: ['auth'], summary: 'The signed-in user, organisation and role', response: { 200: MeView, ...problems(400, 401, 403) } },
    },
    async (request) => {
      const auth = authOf(request);
      // Memberships across tenants are the user's own data, so this view crosses the tenant filter on purpose.
      const view = await options.sessions.callerView(() => request.em, auth.userId);
      const current = view?.memberships.find((entry) => entry.tenant.id === auth.tenantId);
      if (view === null || current === undefined) throw new Error('session tenant missing from memberships');
      // The locale comes with the cached view: a warm GET /v1/me makes no database round trip.
      const { locale } = view;
      return {
        user: { id: auth.userId, email: auth.email, emailVerified: view.emailVerified, locale: isMailLocale(locale) ? locale : null },
        tenant: current.tenant,
        role: auth.role,
        tenants: view.memberships,
      };
    },
  );

  app.put(
    '/v1/me/locale',
    {
      preHandler: requireAuth(),
      schema: {
        tags: ['auth'],
        summary: 'Choose the language mail reaches you in (null: English)',
        body: LocaleBody,
        response: { 200: Type.Object({ locale: LocaleSchema }), ...problems(400, 401) },
      },
    },
    async (request) => {
      const { locale } = request.body;
      await request.em.nativeUpdate(UserSchema, { id: authOf(request).userId }, { locale });
      return { locale };
    },
  );
}
