import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { JsonObject } from '@mirai/sdk-plugin';
import { NOTIFICATION_KINDS } from './notification-kinds.ts';

/** One thing a person was told, in their organisation; `sourceKey` names what caused it, once per person. */
export const NotificationSchema = defineEntity({
  name: 'Notification',
  tableName: 'notification',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    userId: p.uuid(),
    kind: p.enum(NOTIFICATION_KINDS),
    title: p.text(),
    /** An app path (e.g. `/learn/<course id>`), or null when there is nowhere to go. */
    link: p.text().nullable(),
    /** Facts for the app and the mail: course id and title, due date, the body sentence. */
    payload: p.json<JsonObject>(),
    sourceKey: p.text(),
    createdAt: p.datetime(),
    readAt: p.datetime().nullable(),
  },
});

export type Notification = InferEntity<typeof NotificationSchema>;
