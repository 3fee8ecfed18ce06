import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsonObject } from '@mirai/sdk-plugin';
import type { Orm } from '../db/orm.ts';
import { GroupBatch } from './group-batch.ts';
import { completeJobs, type JobRecord } from './job-state.ts';

/** Stores the final event of an ended job in the batch's transaction; returns the send for after the commit. */
export type StageCompleted = (tx: EntityManager, ended: JobRecord) => Promise<() => Promise<void>>;

export interface Completion {
  id: string;
  attempt: number;
  result: JsonObject | null;
}

export interface Completed {
  /** The row as completed, or null when this attempt no longer owned the job (nothing was written). */
  ended: JobRecord | null;
  announce: (() => Promise<void>) | null;
}

const key = (id: string, attempt: number) => `${id}_${attempt}`;

/**
 * Completions of successful jobs, group-committed: one `update`, their final events and one commit
 * per round instead of a transaction each. A caller's promise settles after its round committed;
 * if the round fails the job stays running, its delivery fails, and the transport (stall) or the
 * recovery sweep delivers it again.
 */
export function completionBatch(orm: Orm, stage: StageCompleted): GroupBatch<Completion, Completed> {
  return new GroupBatch(async (items) => {
    const outcome = await orm.em.fork().transactional(async (tx) => {
      // Keyed by attempt too: an older attempt of a job in the same round must not take the newer one's row.
      const ended = new Map((await completeJobs(tx, items)).map((row) => [key(row.id, row.attempts), row]));
      const announce = new Map<string, () => Promise<void>>();
      for (const [rowKey, row] of ended) announce.set(rowKey, await stage(tx, row));
      return { ended, announce };
    });
    return items.map((item) => ({
      ended: outcome.ended.get(key(item.id, item.attempt)) ?? null,
      announce: outcome.announce.get(key(item.id, item.attempt)) ?? null,
    }));
  });
}
