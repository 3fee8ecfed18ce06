import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroundedCourse, injectCaller } from '../../testing/course-fixture.ts';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { WsTestClient } from '../../testing/ws-client.ts';

let t: TestServer;
let owner: SignedUp;
let baseUrl: string;
let courseId: string;

const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

async function runJob(jobId: string): Promise<void> {
  const ws = await WsTestClient.connect(baseUrl, owner.token);
  ws.send({ type: 'subscribe', jobId });
  const end = await ws.waitFor((m) => (m.event === 'job.completed' || m.event === 'job.failed') && m.data?.jobId === jobId, 60_000);
  await ws.close();
  if (end.event !== 'job.completed') throw new Error(`job failed: ${JSON.stringify(end.data)}`);
}

beforeAll(async () => {
  t = await startTestServer();
  baseUrl = await t.server.app.listen({ port: 0, host: '127.0.0.1' });
  owner = await t.signup('exports@example.com');
  const call = injectCaller(t, owner);
  courseId = await createGroundedCourse(call);
  await runJob(
    (
      (await call({ method: 'POST', url: `/v1/courses/${courseId}/generate-outline`, payload: { moduleCount: 2, lessonsPerModule: 2 } })).body as {
        jobId: string;
      }
    ).jobId,
  );
  await runJob(((await call({ method: 'POST', url: `/v1/courses/${courseId}/generate-lessons`, payload: {} })).body as { jobId: string }).jobId);
});
afterAll(() => t.close());

describe('course exports', () => {
  it('offers the formats of the enabled exporter plugins', async () => {
    const formats = (await t.inject({ method: 'GET', url: '/v1/export-formats', headers: owner.auth }))
      .json()
      .items.map((f: { format: string }) => f.format);
    expect(formats).toEqual(expect.arrayContaining(['scorm12', 'scorm2004', 'cmi5', 'cc13', 'html']));
  });

  it('lists the settings each exporter declares, for a form', async () => {
    const items = (await t.inject({ method: 'GET', url: '/v1/export-formats', headers: owner.auth })).json().items as Array<{
      format: string;
      settingsSchema: { properties?: Record<string, unknown> } | null;
    }>;
    expect(Object.keys(items.find((f) => f.format === 'scorm2004')?.settingsSchema?.properties ?? {})).toEqual(['scoPerLesson', 'masteryScore']);
  });

  it.each(['scorm12', 'scorm2004', 'cmi5', 'cc13', 'html'])(
    'exports %s as a job into storage, downloadable through a presigned URL',
    async (format) => {
      const started = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/exports`, headers: owner.auth, payload: { format } });
      expect(started.statusCode).toBe(202);
      const { jobId, exportId } = started.json();
      await runJob(jobId);
      const listed = (await t.inject({ method: 'GET', url: `/v1/courses/${courseId}/exports`, headers: owner.auth }))
        .json()
        .items.find((e: { id: string }) => e.id === exportId);
      expect(listed).toMatchObject({ format, status: 'completed', createdBy: { id: owner.userId, email: 'exports@example.com' } });
      expect(listed.size).toBeGreaterThan(1000);
      const url = (await t.inject({ method: 'GET', url: `/v1/exports/${exportId}/download`, headers: owner.auth })).json();
      const file = await t.inject({ method: 'GET', url: pathOf(url.url) });
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
      expect(file.rawPayload.length).toBe(listed.size);
    },
  );

  it('refuses an unknown format, naming the field', async () => {
    const response = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/exports`, headers: owner.auth, payload: { format: 'pdf' } });
    expect(response.json()).toMatchObject({ code: 'MIRAI_ERR_EXPORT_FORMAT_UNKNOWN' });
  });
});
