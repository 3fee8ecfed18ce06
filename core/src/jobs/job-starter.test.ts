import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobsTestDatabase, startJobsTestDatabase } from '../testing/jobs-test-database.ts';
import { EmbeddedTransport } from './embedded-transport.ts';
import { tenantEntityManager } from './job-context.ts';
import { defineJob, jobType } from './job-definition.ts';
import { JobStarter } from './job-starter.ts';
import { JobsService } from './jobs.service.ts';
import { type Harness, startHarness } from './testing/job-harness.ts';

const greetJob = jobType('greet', Type.Object({ name: Type.String(), times: Type.Integer({ minimum: 1 }) }));

let db: JobsTestDatabase;
let h: Harness;
let starter: JobStarter;
let kicks = 0;
const greeted: string[] = [];

beforeAll(async () => {
  db = await startJobsTestDatabase();
  h = await startHarness(db, new EmbeddedTransport({ orm: db.orm }), (runner) =>
    runner.register(
      defineJob(greetJob, async (ctx) => {
        // Typed: a string and a number, no decoding.
        greeted.push(ctx.payload.name.repeat(ctx.payload.times));
        return { greeted: ctx.payload.name };
      }),
    ),
  );
  starter = new JobStarter({
    jobs: new JobsService(),
    events: h.events,
    onOutboxWritten: () => {
      kicks += 1;
      h.relay.kick();
    },
  });
});
afterAll(async () => {
  await h?.stop();
  await db?.close();
});

describe('starting a job', () => {
  it('writes the job in the transaction, announces job.queued and kicks the relay only after the commit', async () => {
    const before = kicks;
    let inTransaction: { events: number; kicks: number } | undefined;
    const job = await tenantEntityManager(db.orm, db.tenantId).transactional(async (tx) => {
      const started = await starter.start(tx, {
        type: greetJob,
        tenantId: db.tenantId,
        payload: { name: 'Ada', times: 2 },
        announce: { format: 'x' },
      });
      inTransaction = { events: h.events.events.filter((e) => e.streamJobId === started.id).length, kicks: kicks - before };
      return started;
    });
    expect(inTransaction).toEqual({ events: 0, kicks: 0 });
    expect(kicks - before).toBe(1);
    expect(await h.waitFor(job.id)).toMatchObject({ status: 'completed', result: { greeted: 'Ada' } });
    expect(greeted).toContain('AdaAda');
    const stream = h.events.events.filter((e) => e.streamJobId === job.id);
    expect(stream[0]).toEqual({
      streamJobId: job.id,
      type: 'job.queued',
      data: { jobId: job.id, kind: 'greet', parentId: null, format: 'x' },
    });
  });

  it('leaves no job, event or kick behind when the transaction rolls back', async () => {
    const before = { kicks, events: h.events.events.length };
    let id = '';
    await expect(
      tenantEntityManager(db.orm, db.tenantId).transactional(async (tx) => {
        id = (await starter.start(tx, { type: greetJob, tenantId: db.tenantId, payload: { name: 'Bob', times: 1 } })).id;
        throw new Error('the request failed after all');
      }),
    ).rejects.toThrow('the request failed after all');
    expect({ kicks, events: h.events.events.length }).toEqual(before);
    expect(await new JobsService().get(tenantEntityManager(db.orm, db.tenantId), id)).toBeNull();
  });

  it('fails a job whose stored payload does not match its type, without running the handler', async () => {
    const handled = greeted.length;
    const id = await h.create('greet', { name: 42 });
    const failed = await h.waitFor(id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/payload does not match/);
    expect(greeted).toHaveLength(handled);
  });
});
