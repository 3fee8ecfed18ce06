import { IdParams, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import type { Notification } from './notification.entity.ts';
import { NotificationList, NotificationListQuery, NotificationView, PreferencesBody, PreferencesView, UnreadView } from './notifications.schemas.ts';
import type { NotificationsService } from './notifications.service.ts';

const view = (n: Notification) => {
  const { body, ...payload } = n.payload;
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: typeof body === 'string' ? body : n.title,
    link: n.link ?? null,
    payload,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
};

/** The caller's own notification centre and channel choices (docs/people.md, "Notifications"). */
export async function notificationsRoutes(app: TypedApp, options: { notifications: NotificationsService }): Promise<void> {
  const { notifications } = options;
  const tags = ['notifications'];
  const signedIn = requireAuth();

  app.get(
    '/v1/me/notifications',
    {
      preHandler: signedIn,
      schema: {
        tags,
        summary: "The caller's notifications, newest first",
        querystring: NotificationListQuery,
        response: { 200: NotificationList, ...problems(400, 401) },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 20;
      const offset = request.query.offset ?? 0;
      const page = await notifications.list(request.em, authOf(request), { unreadOnly: request.query.unread === true, limit, offset });
      return { items: page.items.map(view), total: page.total, unread: page.unread, nextOffset: offset + limit < page.total ? offset + limit : null };
    },
  );

  app.post(
    '/v1/me/notifications/:id/read',
    {
      preHandler: signedIn,
      schema: {
        tags,
        summary: 'Marks one of the caller’s notifications read',
        params: IdParams,
        response: { 200: NotificationView, ...problems(400, 401, 404) },
      },
    },
    async (request) => view(await notifications.markRead(request.em, authOf(request), request.params.id)),
  );

  app.post(
    '/v1/me/notifications/read-all',
    {
      preHandler: signedIn,
      schema: { tags, summary: 'Marks every notification of the caller read', response: { 200: UnreadView, ...problems(401) } },
    },
    async (request) => {
      await notifications.markAllRead(request.em, authOf(request));
      return { unread: await notifications.unread(request.em, authOf(request)) };
    },
  );

  app.get(
    '/v1/me/notification-preferences',
    {
      preHandler: signedIn,
      schema: { tags, summary: 'How the caller is told about each kind of notification', response: { 200: PreferencesView, ...problems(401) } },
    },
    async (request) => notifications.preferences(request.em, authOf(request)),
  );

  app.put(
    '/v1/me/notification-preferences',
    {
      preHandler: signedIn,
      schema: {
        tags,
        summary: 'Sets the channel of the kinds given (the others keep theirs)',
        body: PreferencesBody,
        response: { 200: PreferencesView, ...problems(400, 401) },
      },
    },
    async (request) => notifications.setPreferences(request.em, authOf(request), request.body),
  );
}
