import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import { type Notification, NotificationSchema } from './notification.entity.ts';
import { DEFAULT_CHANNELS, NOTIFICATION_KINDS, type NotificationChannel, type NotificationKind } from './notification-kinds.ts';
import { type UnreadPublisher, unreadCount } from './notifier.ts';

export type Preferences = Record<NotificationKind, NotificationChannel>;

/** A person's own notifications and choices; every query is the caller's, in the caller's organisation. */
export class NotificationsService {
  readonly #publishUnread: UnreadPublisher;

  constructor(publishUnread: UnreadPublisher) {
    this.#publishUnread = publishUnread;
  }

  async list(
    em: EntityManager,
    actor: AuthContext,
    page: { unreadOnly: boolean; limit: number; offset: number },
  ): Promise<{ items: Notification[]; total: number; unread: number }> {
    const where = { userId: actor.userId, ...(page.unreadOnly ? { readAt: null } : {}) };
    const [items, total] = await em.findAndCount(NotificationSchema, where, {
      orderBy: { createdAt: 'desc', id: 'desc' },
      limit: page.limit,
      offset: page.offset,
    });
    return { items, total, unread: await unreadCount(em, actor.tenantId, actor.userId) };
  }

  unread(em: EntityManager, actor: AuthContext): Promise<number> {
    return unreadCount(em, actor.tenantId, actor.userId);
  }

  /** Idempotent: reading a read notification keeps its first read time. Someone else's looks like it does not exist. */
  async markRead(em: EntityManager, actor: AuthContext, id: string): Promise<Notification> {
    const updated = await em.execute<unknown[]>(
      'update notification set read_at = coalesce(read_at, now()) where id = ? and tenant_id = ? and user_id = ? returning id',
      [id, actor.tenantId, actor.userId],
    );
    if (updated.length === 0) throw new MiraiError('MIRAI_ERR_NOTIFICATION_NOT_FOUND');
    await this.#publishUnread(actor.tenantId, actor.userId);
    return em.findOneOrFail(NotificationSchema, { id, userId: actor.userId }, { refresh: true });
  }

  async markAllRead(em: EntityManager, actor: AuthContext): Promise<number> {
    const rows = await em.execute<unknown[]>(
      'update notification set read_at = now() where tenant_id = ? and user_id = ? and read_at is null returning id',
      [actor.tenantId, actor.userId],
    );
    await this.#publishUnread(actor.tenantId, actor.userId);
    return rows.length;
  }

  async preferences(em: EntityManager, actor: AuthContext): Promise<Preferences> {
    const rows = await em.execute<{ kind: NotificationKind; channel: NotificationChannel }[]>(
      'select kind, channel from notification_preference where tenant_id = ? and user_id = ?',
      [actor.tenantId, actor.userId],
    );
    const chosen = new Map(rows.map((row) => [row.kind, row.channel]));
    return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, chosen.get(kind) ?? DEFAULT_CHANNELS[kind]])) as Preferences;
  }

  /** Sets the kinds given, in one statement; the others keep their choice or default. */
  async setPreferences(em: EntityManager, actor: AuthContext, changes: Partial<Preferences>): Promise<Preferences> {
    const entries = Object.entries(changes);
    if (entries.length > 0)
      await em.execute(
        `insert into notification_preference (tenant_id, user_id, kind, channel) values ${entries.map(() => '(?, ?, ?, ?)').join(', ')}
         on conflict (tenant_id, user_id, kind) do update set channel = excluded.channel`,
        entries.flatMap(([kind, channel]) => [actor.tenantId, actor.userId, kind, channel]),
      );
    return this.preferences(em, actor);
  }
}
