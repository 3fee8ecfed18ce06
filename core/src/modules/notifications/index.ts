import { defineModule } from '../mirai-module.ts';
import { NotificationSchema } from './notification.entity.ts';
import { notificationsRoutes } from './notifications.routes.ts';
import type { NotificationsService } from './notifications.service.ts';

export interface NotificationsServices {
  notifications: NotificationsService;
}

/**
 * Notifications (docs/people.md): the in-app centre, per-kind channel choices, e-mail through the
 * account-mail job, and reminders of due dates. The feed and the reminder task are started by the
 * composition root on job-running processes.
 */
export const notificationsModule = defineModule<NotificationsServices>({
  name: 'notifications',
  entities: { tenantOwned: [NotificationSchema], instanceWide: [] },
  routes: async (app, { notifications }) => {
    await app.register(notificationsRoutes, { notifications });
  },
});
