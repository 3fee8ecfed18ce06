import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalPdf } from '../../testing/minimal-pdf.ts';
import { injectCaller, type SignedUp, startTestServer, type TestServer, waitForJob } from '../../testing/test-server.ts';
import { uploadFile } from '../../testing/upload-file.ts';

// Embedded mode: jobs run in the API process, the case where a PDF could stall every tenant.
let t: TestServer;
let author: SignedUp;
let bystander: SignedUp;
const PAGES = 4000;
const REQUESTS = 200;
const CONCURRENCY = 4;

/** p99 of `REQUESTS` GET /v1/me of another tenant, `CONCURRENCY` at a time. */
async function meP99(): Promise<number> {
  const durations: number[] = [];
  const client = async () => {
    while (durations.length < REQUESTS) {
      const started = performance.now();
      const response = await t.inject({ method: 'GET', url: '/v1/me', headers: bystander.auth });
      durations.push(performance.now() - started);
      expect(response.statusCode).toBe(200);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  durations.sort((a, b) => a - b);
  return durations[Math.ceil(durations.length * 0.99) - 1] ?? Number.NaN;
}

const jobOf = async (jobId: string) =>
  (await t.inject({ method: 'GET', url: `/v1/jobs/${jobId}`, headers: author.auth })).json<{ status: string; progress: number }>();

beforeAll(async () => {
  t = await startTestServer({ MIRAI_DOCUMENT_MAX_PAGES: String(PAGES), MIRAI_DOCUMENT_EXTRACT_SECONDS: '600' });
  author = await t.signup('pdf-author@example.com');
  bystander = await t.signup('bystander@example.com');
}, 120_000);
afterAll(() => t.close());

describe('a large PDF being extracted', () => {
  it("leaves another tenant's GET /v1/me p99 within 2x of idle", { timeout: 600_000 }, async () => {
    const smeId = (
      await t.inject({ method: 'POST', url: '/v1/smes', headers: author.auth, payload: { name: 'Dr. Big', expertise: 'Everything' } })
    ).json().id;
    const pdf = minimalPdf(['A long handbook page about safe lifting, carrying and storing loads in a warehouse.'], PAGES);
    const uploadId = await uploadFile(t, author, { fileName: 'handbook.pdf', contentType: 'application/pdf', bytes: pdf });
    await meP99(); // warm-up: JIT, caches, connection
    const idle = await meP99();

    const registered = await t.inject({
      method: 'POST',
      url: `/v1/smes/${smeId}/documents`,
      headers: author.auth,
      payload: { title: 'Handbook', uploadId },
    });
    expect(registered.statusCode).toBe(202);
    const { jobId } = registered.json<{ jobId: string }>();
    // Measure only while pages are being read: wait for the first progress, check it still runs after.
    let job = await jobOf(jobId);
    while (job.status !== 'running' || job.progress === 0) {
      expect(['queued', 'running']).toContain(job.status);
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = await jobOf(jobId);
    }
    const loaded = await meP99();
    const after = await jobOf(jobId);
    expect(after.status, 'the extraction finished before the measurement did; raise PAGES').toBe('running');
    console.info(`GET /v1/me p99: idle ${idle.toFixed(1)} ms, during extraction ${loaded.toFixed(1)} ms (job at ${after.progress}%)`);
    // 2x of idle; the 25 ms allowance absorbs scheduler noise on a shared 2-core machine (a blocked
    // event loop costs seconds here, not milliseconds).
    expect(loaded).toBeLessThanOrEqual(2 * idle + 25);

    // Cancelling ends the worker thread; the rest of the handbook is never read.
    expect((await t.inject({ method: 'POST', url: `/v1/jobs/${jobId}/cancel`, headers: author.auth })).statusCode).toBeLessThan(300);
    expect(await waitForJob(injectCaller(t, author), jobId)).toMatchObject({ status: 'cancelled' });
    const documents = (await t.inject({ method: 'GET', url: `/v1/smes/${smeId}/documents`, headers: author.auth })).json().items;
    expect(documents).toEqual([]);
  });
});
