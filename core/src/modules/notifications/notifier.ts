import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsonObject } from '@mirai/sdk-plugin';
import type { Orm } from '../../db/orm.ts';
import type { JobsService } from '../../jobs/jobs.service.ts';
import { queueAccountMail } from '../people/account-mail.ts';
import { DEFAULT_CHANNELS, type NotificationChannel, type NotificationKind } from './notification-kinds.ts';
import { NOTIFICATION_MAIL } from './notification-mail.ts';

/** Something that happened to tell one person about. */
export interface NotificationDraft {
  tenantId: string;
  userId: string;
  kind: NotificationKind;
  /** What caused it, unique per person: a job event (`job-event:<job>:<seq>`), an assignment, a reminder of a due date. */
  sourceKey: string;
  title: string;
  /** One sentence for the centre and the mail. */
  body: string;
  link: string | null;
  payload?: JsonObject;
}

/** How the count reaches that person's sockets (the realtime bus). */
export type UnreadPublisher = (tenantId: string, userId: string) => Promise<void>;

export async function channelOf(em: EntityManager, tenantId: string, userId: string, kind: NotificationKind): Promise<NotificationChannel> {
  const rows = await em.execute<{ channel: NotificationChannel }[]>(
    'select channel from notification_preference where tenant_id = ? and user_id = ? and kind = ?',
    [tenantId, userId, kind],
  );
  return rows[0]?.channel ?? DEFAULT_CHANNELS[kind];
}

export async function unreadCount(em: EntityManager, tenantId: string, userId: string): Promise<number> {
  const rows = await em.execute<{ n: number }[]>(
    'select count(*)::int as n from notification where tenant_id = ? and user_id = ? and read_at is null',
    [tenantId, userId],
  );
  return rows[0]?.n ?? 0;
}

/**
 * Tells a person once per source, whoever calls and however often: the `notification_source`
 * claim (primary key per person and source) is taken in the same transaction as the notification
 * and its mail job, so a redelivered event, a re-run or a second replica finds it taken and does
 * nothing. The person's channel decides what the claim leads to: nothing, the centre, or the centre
 * and a mail.
 */
export class Notifier {
  readonly #orm: Orm;
  readonly #jobs: JobsService;
  readonly #afterCommit: () => void;
  readonly #publishUnread: UnreadPublisher;

  constructor(deps: { orm: Orm; jobs: JobsService; afterCommit: () => void; publishUnread: UnreadPublisher }) {
    this.#orm = deps.orm;
    this.#jobs = deps.jobs;
    this.#afterCommit = deps.afterCommit;
    this.#publishUnread = deps.publishUnread;
  }

  /** Returns the channel used, or null when this source was already handled for this person. */
  async notify(draft: NotificationDraft): Promise<NotificationChannel | null> {
    const channel = await this.#orm.em.fork().transactional(async (tx) => {
      const claimed = await tx.execute<unknown[]>(
        'insert into notification_source (tenant_id, user_id, source_key) values (?, ?, ?) on conflict do nothing returning source_key',
        [draft.tenantId, draft.userId, draft.sourceKey],
      );
      if (claimed.length === 0) return null;
      const chosen = await channelOf(tx, draft.tenantId, draft.userId, draft.kind);
      if (chosen === 'off') return chosen;
      const id = randomUUID();
      await tx.execute(
        `insert into notification (id, tenant_id, user_id, kind, title, link, payload, source_key, created_at)
         values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, now())`,
        [
          id,
          draft.tenantId,
          draft.userId,
          draft.kind,
          draft.title,
          draft.link,
          JSON.stringify({ ...draft.payload, body: draft.body }),
          draft.sourceKey,
        ],
      );
      if (chosen === 'email') await queueAccountMail(this.#jobs, tx, draft.tenantId, { mail: NOTIFICATION_MAIL, id, recipient: draft.userId });
      return chosen;
    });
    if (channel === 'email') this.#afterCommit();
    if (channel === 'email' || channel === 'inApp') await this.#publishUnread(draft.tenantId, draft.userId);
    return channel;
  }
}
