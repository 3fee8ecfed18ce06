import type { JsonObject } from '@mirai/sdk-plugin';
import type { AccessNotice } from './access-notice.ts';
import type { UserNotice } from './user-notice.ts';

/** One persisted event of a job stream, as it travels between processes and to browsers. */
export interface StreamEvent {
  streamJobId: string;
  seq: number;
  tenantId: string;
  courseId: string | null;
  type: string;
  data: JsonObject;
  at: string;
}

/** Fans events out to every API process (in-process when embedded, Redis pub/sub in server mode). */
export interface RealtimeBus {
  publish(event: StreamEvent): Promise<void>;
  subscribe(listener: (event: StreamEvent) => void): () => void;
  /** Sessions ended and memberships changed, so every process closes the sockets they concern. */
  publishAccess(notice: AccessNotice): Promise<void>;
  onAccess(listener: (notice: AccessNotice) => void): () => void;
  /** A person's unread count changed: every process passes it to that person's sockets. */
  publishUser(notice: UserNotice): Promise<void>;
  onUser(listener: (notice: UserNotice) => void): () => void;
  /**
   * Called after the bus lost its connection and subscribed again (a Redis failover): events
   * published meanwhile never arrived, so listeners read them back from storage.
   */
  onResubscribed(listener: () => void): () => void;
  close(): Promise<void>;
}
