// Part 3 of `pnpm bench generation`: how long a job event takes from the worker that publishes it
// to the websocket clients subscribed to its stream, with 1, 100 and 1000 subscribers.

import { num } from './format.ts';
import { authorized, EventSocket, once, out, preciseNow, settleWithin, sleep } from './generation-api.ts';
import { createGroundedCourse, createOrm, httpCaller, JobEventStore, RedisBus } from './generation-core.ts';
import { jobIdOf } from './generation-courses.ts';
import type { Stack } from './generation-stack.ts';
import { onCleanup } from './lifecycle.ts';
import { processCpuSeconds } from './process-cpu.ts';

/** Connections opened at once: enough to be quick, few enough not to look like a flood to the kernel's accept queue. */
const CONNECT_BATCH = 50;
/** How long after the last publish a missing delivery counts as lost. */
const DRAIN_TIMEOUT_MS = 15_000;
/** Embedded fallback: ai-offline's pause between streamed pieces, so one lesson run lasts long enough to measure. */
const FALLBACK_CHUNK_DELAY_MS = 5;
const FALLBACK_COURSE = { moduleCount: 5, lessonsPerModule: 4 } as const;
const JOB_TIMEOUT_MS = 300_000;

export interface LatencyRun {
  subscribers: number;
  /** Events published (server) or measured per client (embedded fallback). */
  events: number;
  samples: number;
  expected: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Server: `JobEventStore.publish` (insert with the next seq, then Redis PUBLISH), p50. */
  publishP50Ms: number | null;
  /** Deliveries per second from the first publish to the last receipt. */
  deliveriesPerSecond: number;
  /** CPU use over the same window (100 % = one core): the API process, and this process (publisher and clients). */
  apiCpuPercent: number | null;
  benchCpuPercent: number;
  connectSeconds: number;
}

/** Starts measuring the CPU of the API process and of this one; the returned function gives both as percentages of one core since then. */
function cpuMeter(pid: number | undefined) {
  const wallStart = performance.now();
  const apiStart = processCpuSeconds(pid);
  const benchStart = process.cpuUsage();
  return () => {
    const wallSeconds = (performance.now() - wallStart) / 1000;
    const apiEnd = processCpuSeconds(pid);
    const bench = process.cpuUsage(benchStart);
    return {
      apiCpuPercent: apiStart === null || apiEnd === null ? null : ((apiEnd - apiStart) / wallSeconds) * 100,
      benchCpuPercent: ((bench.user + bench.system) / 1e6 / wallSeconds) * 100,
    };
  };
}

export interface LatencyResult {
  mode: 'server' | 'embedded';
  method: string;
  runs: LatencyRun[];
}

/** Nearest-rank percentile of the first `length` values; `p` in (0, 100]. */
function percentile(values: Float64Array, length: number, p: number): number {
  if (length === 0) return Number.NaN;
  const sorted = values.slice(0, length).sort();
  return sorted[Math.min(length, Math.ceil((p / 100) * length)) - 1] ?? Number.NaN;
}

async function connectClients(baseUrl: string, token: string, count: number): Promise<EventSocket[]> {
  const sockets: EventSocket[] = [];
  try {
    for (let opened = 0; opened < count; opened += CONNECT_BATCH)
      sockets.push(
        ...(await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, count - opened) }, () => EventSocket.connect(baseUrl, token)))),
      );
  } catch (error) {
    await closeClients(sockets);
    const hint = error instanceof Error && /EMFILE|ENFILE/.test(error.message) ? ' (raise the open-files limit: ulimit -n)' : '';
    throw new Error(`opening websocket ${sockets.length + 1} of ${count} failed: ${error instanceof Error ? error.message : String(error)}${hint}`);
  }
  return sockets;
}

function closeClients(sockets: EventSocket[]): Promise<unknown> {
  return Promise.all(sockets.map((socket) => socket.close()));
}

/** Subscribes every socket to `jobId` after `afterSeq`; resolves with each socket's acknowledged `lastSeq`. */
function subscribeAll(sockets: EventSocket[], jobId: string, afterSeq: number): Promise<number[]> {
  return Promise.all(
    sockets.map(async (socket) => {
      const ack = socket.next(
        (m) => (m.type === 'subscribed' && m.jobId === jobId) || (m.type === 'error' && m.request?.jobId === jobId),
        60_000,
        `subscription ack for job ${jobId}`,
      );
      socket.send({ type: 'subscribe', jobId, afterSeq });
      const message = await ack;
      if (message.type === 'error') throw new Error(`subscribing to job ${jobId} failed: ${message.code ?? JSON.stringify(message)}`);
      return message.lastSeq ?? afterSeq;
    }),
  );
}

/** A finished outline job of a new course: a stream of the bench organisation to publish on. */
async function finishedOutlineJob(stack: Stack, control: EventSocket): Promise<string> {
  const { baseUrl } = stack.api;
  const courseId = await createGroundedCourse(httpCaller(baseUrl, stack.account.token), 'Realtime bench course');
  const jobId = jobIdOf(
    await authorized(baseUrl, stack.account)('POST', `/v1/courses/${courseId}/generate-outline`, { moduleCount: 1, lessonsPerModule: 1 }, 202),
  );
  await control.waitForJob(jobId, JOB_TIMEOUT_MS);
  return jobId;
}

function report(run: LatencyRun, note = ''): void {
  const publish = run.publishP50Ms === null ? '' : `, publish call p50 ${num(run.publishP50Ms, 2)} ms`;
  const lost = run.samples === run.expected ? '' : `, ${num(run.expected - run.samples)} of ${num(run.expected)} deliveries missing`;
  const api = run.apiCpuPercent === null ? '' : `API ${num(run.apiCpuPercent)} %, `;
  out(
    `  ${num(run.subscribers)} subscriber${run.subscribers === 1 ? '' : 's'}: p50 ${num(run.p50Ms, 2)} ms, p99 ${num(run.p99Ms, 2)} ms, ` +
      `max ${num(run.maxMs, 2)} ms over ${num(run.samples)} deliveries${publish}${lost}${note}; ${num(run.deliveriesPerSecond)} deliveries/s; ` +
      `CPU ${api}bench ${num(run.benchCpuPercent)} %; connected and subscribed in ${num(run.connectSeconds, 1)} s`,
  );
}

/**
 * Server mode: this process publishes exactly as a worker does (JobEventStore on the same
 * database, RedisBus in the deployment's namespace), so each event crosses PostgreSQL, Redis
 * pub/sub and the API's subscription hub. Latency = client receive time − time before publish.
 */
async function measureServer(stack: Stack, subscriberCounts: number[], events: number, spacingMs: number): Promise<LatencyResult> {
  const server = stack.server;
  if (server === null) throw new Error('server-mode latency needs a server stack');
  const orm = await createOrm({ url: server.databaseUrl, poolMax: 2 });
  const bus = new RedisBus(server.redisUrl, `${server.namespace}:`);
  const close = once(async () => {
    await bus.close();
    await orm.close(true);
  });
  onCleanup(close);
  const store = new JobEventStore(orm, bus);
  const control = await EventSocket.connect(stack.api.baseUrl, stack.account.token);
  const runs: LatencyRun[] = [];
  try {
    await bus.ready();
    const jobId = await finishedOutlineJob(stack, control);
    for (const subscribers of subscriberCounts) {
      const connectStarted = performance.now();
      const sockets = await connectClients(stack.api.baseUrl, stack.account.token, subscribers);
      try {
        const [row] = await orm.em.fork().getConnection().execute<{ seq: number }[]>('select event_seq::int as seq from job where id = ?', [jobId]);
        await subscribeAll(sockets, jobId, row?.seq ?? 0);
        const connectSeconds = (performance.now() - connectStarted) / 1000;
        const expected = subscribers * events;
        const latencies = new Float64Array(expected);
        let received = 0;
        let lastReceipt = 0;
        let allReceived: () => void = () => undefined;
        const done = new Promise<void>((resolve) => {
          allReceived = resolve;
        });
        const stops = sockets.map((socket) =>
          socket.listen((message, receivedAt) => {
            const sentAt = message.data?.sentAt;
            if (message.event !== 'job.progress' || message.jobId !== jobId || typeof sentAt !== 'number' || received >= expected) return;
            latencies[received++] = receivedAt - sentAt;
            lastReceipt = receivedAt;
            if (received === expected) allReceived();
          }),
        );
        const publishMs = new Float64Array(events);
        const cpu = cpuMeter(stack.api.service.pid);
        const firstSent = preciseNow();
        const first = performance.now();
        for (let index = 0; index < events; index++) {
          const wait = first + index * spacingMs - performance.now();
          if (wait > 0) await sleep(wait);
          const sentAt = preciseNow();
          // A catalogue event (the store refuses others) with the send time as an extra field, as progress allows.
          const data = { jobId, kind: 'bench', parentId: null, percent: 0, message: 'bench', index, sentAt };
          await store.publish(jobId, { type: 'job.progress', data });
          publishMs[index] = preciseNow() - sentAt;
        }
        await settleWithin(done, DRAIN_TIMEOUT_MS);
        const usage = cpu();
        for (const stop of stops) stop();
        const run: LatencyRun = {
          subscribers,
          events,
          samples: received,
          deliveriesPerSecond: received / ((lastReceipt - firstSent) / 1000),
          ...usage,
          expected,
          p50Ms: percentile(latencies, received, 50),
          p99Ms: percentile(latencies, received, 99),
          maxMs: percentile(latencies, received, 100),
          publishP50Ms: percentile(publishMs, events, 50),
          connectSeconds,
        };
        runs.push(run);
        report(run);
      } finally {
        await closeClients(sockets);
      }
    }
  } finally {
    await control.close();
    await close();
  }
  return {
    mode: 'server',
    method:
      `this process publishes like a worker (JobEventStore + RedisBus on the deployment's database and namespace) ${events} events ` +
      `${spacingMs} ms apart; latency = client receive − publish call start, same clock`,
    runs,
  };
}

/**
 * Embedded fallback: the bus lives inside the API process, so events come from a real lesson
 * generation (ai-offline slowed to FALLBACK_CHUNK_DELAY_MS per piece) and latency is measured
 * from each event's stored `at` (the database clock at insert, whole milliseconds) to its receipt.
 * Only events stored after every client's subscription was acknowledged count.
 */
async function measureEmbedded(stack: Stack, subscriberCounts: number[], events: number): Promise<LatencyResult> {
  const { baseUrl } = stack.api;
  const call = authorized(baseUrl, stack.account);
  await call('PUT', '/v1/plugins/ai-offline', { enabled: true, config: { chunkDelayMs: FALLBACK_CHUNK_DELAY_MS } }, 200);
  const control = await EventSocket.connect(baseUrl, stack.account.token);
  const runs: LatencyRun[] = [];
  try {
    for (const subscribers of subscriberCounts) {
      const courseId = await createGroundedCourse(httpCaller(baseUrl, stack.account.token), `Realtime bench course ${subscribers}`);
      await control.waitForJob(jobIdOf(await call('POST', `/v1/courses/${courseId}/generate-outline`, FALLBACK_COURSE, 202)), JOB_TIMEOUT_MS);
      const connectStarted = performance.now();
      const sockets = await connectClients(baseUrl, stack.account.token, subscribers);
      try {
        const jobId = jobIdOf(await call('POST', `/v1/courses/${courseId}/generate-lessons`, {}, 202));
        const acks = await subscribeAll(sockets, jobId, 0);
        const windowStart = Date.now();
        const cpu = cpuMeter(stack.api.service.pid);
        let lastReceipt = 0;
        const connectSeconds = (performance.now() - connectStarted) / 1000;
        const expected = subscribers * events;
        const latencies = new Float64Array(expected);
        let samples = 0;
        let finished = 0;
        let allDone: () => void = () => undefined;
        const done = new Promise<void>((resolve) => {
          allDone = resolve;
        });
        const stops = sockets.map((socket, index) => {
          let measured = 0;
          let over = false;
          const stop = socket.listen((message, receivedAt) => {
            if (over || message.type !== 'event' || message.jobId !== jobId) return;
            const storedAt = Date.parse(message.at ?? '');
            if ((message.seq ?? 0) > (acks[index] ?? 0) && storedAt >= windowStart) {
              latencies[samples++] = receivedAt - storedAt;
              lastReceipt = receivedAt;
              measured += 1;
            }
            const final = message.event === 'job.completed' && message.data?.jobId === jobId;
            if (measured >= events || final) {
              over = true;
              if (++finished === sockets.length) allDone();
            }
          });
          return stop;
        });
        await settleWithin(done, JOB_TIMEOUT_MS);
        const usage = cpu();
        for (const stop of stops) stop();
        const run: LatencyRun = {
          subscribers,
          events: Math.round(samples / subscribers),
          samples,
          deliveriesPerSecond: samples / ((lastReceipt - windowStart) / 1000),
          ...usage,
          expected: samples,
          p50Ms: percentile(latencies, samples, 50),
          p99Ms: percentile(latencies, samples, 99),
          maxMs: percentile(latencies, samples, 100),
          publishP50Ms: null,
          connectSeconds,
        };
        runs.push(run);
        report(run, ` (~${num(run.events)} live generation events per client)`);
        // The next round starts on an idle process.
        await control.waitForJob(jobId, JOB_TIMEOUT_MS);
      } finally {
        await closeClients(sockets);
      }
    }
  } finally {
    await call('PUT', '/v1/plugins/ai-offline', { enabled: true, config: { chunkDelayMs: 0 } }, 200).catch(() => undefined);
    await control.close();
  }
  return {
    mode: 'embedded',
    method:
      `no bus reachable from outside the API process: events of a real lesson generation (ai-offline chunkDelayMs ${FALLBACK_CHUNK_DELAY_MS}), ` +
      `at most ${events} per client; latency = client receive − the event's stored \`at\` (database clock, whole ms)`,
    runs,
  };
}

export function measureLatency(stack: Stack, subscriberCounts: number[], events: number, spacingMs: number): Promise<LatencyResult> {
  return stack.server === null ? measureEmbedded(stack, subscriberCounts, events) : measureServer(stack, subscriberCounts, events, spacingMs);
}
