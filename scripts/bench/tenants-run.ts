// The scenario of `pnpm bench tenants`: tenant B generates a course alone, then again while tenant
// A generates many at once; queue waits come from the job table, duplicates from the event store.
import pg from 'pg';
import { median } from './format.ts';
import { type Account, authorized, EventSocket, out, signUp } from './generation-api.ts';
import { createGroundedCourse, httpCaller } from './generation-core.ts';
import { COURSE_SHAPE, checkLessons, jobIdOf, STEP_TIMEOUT_MS } from './generation-courses.ts';
import type { TenantsStack } from './tenants-stack.ts';

export interface CourseRun {
  /** From the outline request to the lesson fan-out's completion, as the client sees it. */
  seconds: number;
  /** Queue wait (started − created, database clock) of the outline job, and of the lesson jobs. */
  outlineWait: number;
  lessonWaits: number[];
}

export interface FloodResult {
  alone: CourseRun;
  flooded: CourseRun;
  floodCourses: number;
  floodSeconds: number;
  /** Most jobs of one tenant seen running at once (sampled), per tenant. */
  peakRunning: { a: number; b: number };
  integrity: { jobs: number; notCompleted: number; runTwice: number };
}

async function createCourses(baseUrl: string, account: Account, count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  // A few at a time: the fixture makes several calls per course, and the API shares two cores.
  for (let first = 0; first < count; first += 5) {
    const batch = Array.from({ length: Math.min(5, count - first) }, (_, index) =>
      createGroundedCourse(httpCaller(baseUrl, account.token), `${label} ${first + index + 1}`),
    );
    for (const id of await Promise.all(batch)) {
      if (typeof id !== 'string') throw new Error('creating a grounded course failed');
      ids.push(id);
    }
  }
  return ids;
}

/** Outline, then lessons, through the public API; `onLessonsRequested` fires once the fan-out is queued. */
async function generate(baseUrl: string, account: Account, courseId: string, onLessonsRequested = () => undefined) {
  const call = authorized(baseUrl, account);
  const socket = await EventSocket.connect(baseUrl, account.token);
  try {
    const started = performance.now();
    const outlineJob = jobIdOf(await call('POST', `/v1/courses/${courseId}/generate-outline`, COURSE_SHAPE, 202));
    await socket.waitForJob(outlineJob, STEP_TIMEOUT_MS);
    const lessonsJob = jobIdOf(await call('POST', `/v1/courses/${courseId}/generate-lessons`, {}, 202));
    onLessonsRequested();
    await socket.waitForJob(lessonsJob, STEP_TIMEOUT_MS);
    const seconds = (performance.now() - started) / 1000;
    await checkLessons(call, lessonsJob);
    return { outlineJob, lessonsJob, seconds };
  } finally {
    await socket.close();
  }
}

async function courseRun(db: pg.Client, run: { outlineJob: string; lessonsJob: string; seconds: number }): Promise<CourseRun> {
  const { rows } = await db.query<{ id: string; parent_id: string | null; wait: number }>(
    `select id, parent_id, extract(epoch from started_at - created_at)::float8 as wait from job where id = any($1) or parent_id = $2`,
    [[run.outlineJob, run.lessonsJob], run.lessonsJob],
  );
  const outline = rows.find((row) => row.id === run.outlineJob);
  return {
    seconds: run.seconds,
    outlineWait: outline?.wait ?? Number.NaN,
    lessonWaits: rows.filter((row) => row.parent_id === run.lessonsJob).map((row) => row.wait),
  };
}

/** Most running (not waiting-for-children) jobs per tenant, sampled every 100 ms until stopped. */
function samplePeaks(db: pg.Client, tenants: { a: string; b: string }) {
  const peak = { a: 0, b: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await db.query<{ tenant_id: string; n: number }>(
        `select tenant_id, count(*)::int as n from job where status = 'running' and not awaiting_children group by tenant_id`,
      );
      for (const row of rows) {
        if (row.tenant_id === tenants.a) peak.a = Math.max(peak.a, row.n);
        if (row.tenant_id === tenants.b) peak.b = Math.max(peak.b, row.n);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })().catch(() => undefined);
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

/** Every generation job (those of a course) completed once: not completed = lost, a second attempt or start event = run twice. */
async function integrity(db: pg.Client): Promise<FloodResult['integrity']> {
  const { rows } = await db.query<{ jobs: number; not_completed: number; run_twice: number }>(
    `select count(*)::int as jobs, count(*) filter (where status <> 'completed')::int as not_completed,
       count(*) filter (where attempts > 1 or (select count(*) from job_event e where e.job_id = job.stream_job_id and e.data->>'jobId' = job.id::text and e.type in ('job.started', 'job.resumed')) > 1)::int as run_twice
     from job where course_id is not null`,
  );
  const [row] = rows;
  const odd = await db.query<{ kind: string; status: string; attempts: number; starts: number; error: string | null }>(
    `select kind, status, attempts, error, (select count(*) from job_event e where e.job_id = job.stream_job_id and e.data->>'jobId' = job.id::text and e.type in ('job.started', 'job.resumed'))::int as starts
     from job where course_id is not null and (status <> 'completed' or attempts > 1 or (select count(*) from job_event e where e.job_id = job.stream_job_id and e.data->>'jobId' = job.id::text and e.type in ('job.started', 'job.resumed')) > 1)`,
  );
  for (const job of odd.rows)
    out(`  odd job: ${job.kind} ${job.status}, attempt ${job.attempts}, ${job.starts} start events${job.error === null ? '' : `: ${job.error}`}`);
  return { jobs: row?.jobs ?? 0, notCompleted: row?.not_completed ?? 0, runTwice: row?.run_twice ?? 0 };
}

/**
 * `modelDelayMs` > 0 sets both tenants' ai-offline `chunkDelayMs`: lessons then spend most of their
 * time waiting between streamed pieces, as they do on a model provider, instead of on the CPU.
 */
export async function runFlood(stack: TenantsStack, floodCourses: number, startAfterFanOuts: number, modelDelayMs = 0): Promise<FloodResult> {
  const { baseUrl } = stack.api;
  const a = await signUp(baseUrl, 'tenant-a@example.com', 'Tenant A');
  const b = await signUp(baseUrl, 'tenant-b@example.com', 'Tenant B');
  if (modelDelayMs > 0)
    for (const account of [a, b])
      await authorized(baseUrl, account)('PUT', '/v1/plugins/ai-offline', { enabled: true, config: { chunkDelayMs: modelDelayMs } }, 200);
  const [warmup, alone, flooded] = await createCourses(baseUrl, b, 3, 'B course');
  const aCourses = await createCourses(baseUrl, a, floodCourses, 'A course');
  out(`  courses created: 3 for B, ${aCourses.length} for A`);
  if (warmup === undefined || alone === undefined || flooded === undefined) throw new Error('B has no courses');
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  let peaks: ReturnType<typeof samplePeaks> | null = null;
  try {
    await generate(baseUrl, b, warmup);
    const aloneRun = await courseRun(db, await generate(baseUrl, b, alone));
    out(`  B alone: ${aloneRun.seconds.toFixed(2)} s`);
    peaks = samplePeaks(db, { a: a.tenantId, b: b.tenantId });
    let fanOuts = 0;
    let releaseB: () => void = () => undefined;
    const bMayStart = new Promise<void>((resolve) => {
      releaseB = resolve;
    });
    const floodStarted = performance.now();
    const flood = Promise.all(
      aCourses.map((courseId) =>
        generate(baseUrl, a, courseId, () => {
          if (++fanOuts >= startAfterFanOuts) releaseB();
        }),
      ),
    ).then(() => (performance.now() - floodStarted) / 1000);
    flood.catch(() => releaseB());
    await bMayStart;
    out(`  A has requested ${fanOuts} lesson fan-outs; B starts`);
    const floodedRun = await courseRun(db, await generate(baseUrl, b, flooded));
    out(`  B under A's flood: ${floodedRun.seconds.toFixed(2)} s`);
    const floodSeconds = await flood;
    out(`  A's ${aCourses.length} courses done in ${floodSeconds.toFixed(1)} s`);
    return {
      alone: aloneRun,
      flooded: floodedRun,
      floodCourses: aCourses.length,
      floodSeconds,
      peakRunning: await peaks.stop(),
      integrity: await integrity(db),
    };
  } finally {
    await peaks?.stop();
    await db.end();
  }
}

export const lessonWait = (run: CourseRun) => ({ median: median(run.lessonWaits), max: Math.max(...run.lessonWaits) });
