import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MANUAL_HANDLING_GUIDE } from '../../testing/course-fixture.ts';
import { rootsWithFixtures } from '../../testing/plugin-fixtures.ts';
import { injectCaller, type SignedUp, startTestServer, type TestServer, waitForJob } from '../../testing/test-server.ts';
import { WsTestClient } from '../../testing/ws-client.ts';

let t: TestServer;
let owner: SignedUp;
let baseUrl: string;
let courseId: string;

beforeAll(async () => {
  t = await startTestServer({}, { pluginRoots: await rootsWithFixtures('ai-metered') });
  baseUrl = await t.server.app.listen({ port: 0, host: '127.0.0.1' });
  owner = await t.signup('author@example.com', 'Warehouse Co');
  const sme = (
    await t.inject({ method: 'POST', url: '/v1/smes', headers: owner.auth, payload: { name: 'Dr. Amara Lee', expertise: 'Occupational health' } })
  ).json();
  const { jobId } = (
    await t.inject({
      method: 'POST',
      url: `/v1/smes/${sme.id}/documents`,
      headers: owner.auth,
      payload: { title: 'Manual handling guide', mediaType: 'text/markdown', content: MANUAL_HANDLING_GUIDE },
    })
  ).json();
  await waitForJob(injectCaller(t, owner), jobId);
  const audience = (
    await t.inject({
      method: 'POST',
      url: '/v1/audiences',
      headers: owner.auth,
      payload: { name: 'New pickers', role: 'Warehouse picker', level: 'beginner', priorKnowledge: 'None', goals: 'Lift safely from day one' },
    })
  ).json();
  courseId = (
    await t.inject({
      method: 'POST',
      url: '/v1/courses',
      headers: owner.auth,
      payload: {
        title: 'Safe manual handling',
        desiredOutcome: 'Staff lift, carry and move loads without injury',
        smeIds: [sme.id],
        audienceIds: [audience.id],
      },
    })
  ).json().id;
});
afterAll(() => t.close());

describe('course generation on the embedded defaults', () => {
  it('drafts an outline grounded on the SME document, with live events in order', async () => {
    const ws = await WsTestClient.connect(baseUrl, owner.token);
    const start = await t.inject({
      method: 'POST',
      url: `/v1/courses/${courseId}/generate-outline`,
      headers: owner.auth,
      payload: { moduleCount: 2, lessonsPerModule: 2 },
    });
    expect(start.statusCode).toBe(202);
    const { jobId } = start.json();
    ws.send({ type: 'subscribe', jobId, afterSeq: 0 });
    await ws.waitFor((m) => m.event === 'job.completed' && m.data?.jobId === jobId);
    const events = ws.events(jobId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]?.event).toBe('job.queued');
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['job.started', 'job.progress', 'outline.completed', 'job.completed']));

    const outline = (await t.inject({ method: 'GET', url: `/v1/courses/${courseId}/outline`, headers: owner.auth })).json();
    // The counts are upper bounds (a 1,100-word guide fills them); lessons are named after its headings.
    expect(outline.modules).toHaveLength(2);
    const titles: string[] = outline.modules.flatMap((m: { lessons: Array<{ title: string }> }) => m.lessons.map((l) => l.title));
    expect(titles).toHaveLength(4);
    for (const title of titles) expect(MANUAL_HANDLING_GUIDE).toContain(title.split(/,\s|\sand\s/)[0]);
    expect(outline.provenance).toMatchObject({ provider: 'ai-offline', promptVersion: 'course-outline@v1' });
    expect(outline.provenance.sourceChunkIds.length).toBeGreaterThan(0);
    // An outline alone leaves the course a draft: its lessons have no content yet.
    expect((await t.inject({ method: 'GET', url: `/v1/courses/${courseId}`, headers: owner.auth })).json().status).toBe('draft');
    await ws.close();
  });

  it('writes every lesson, streaming text, and the course becomes ready', async () => {
    const ws = await WsTestClient.connect(baseUrl, owner.token);
    const { jobId } = (await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/generate-lessons`, headers: owner.auth, payload: {} })).json();
    ws.send({ type: 'subscribe', jobId });
    await ws.waitFor((m) => m.event === 'job.completed' && m.data?.jobId === jobId, 60_000);
    const events = ws.events(jobId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const outlineBefore = (await t.inject({ method: 'GET', url: `/v1/courses/${courseId}/outline`, headers: owner.auth })).json();
    const lessonCount = outlineBefore.modules.reduce((n: number, m: { lessons: unknown[] }) => n + m.lessons.length, 0);
    expect(events.filter((e) => e.event === 'lesson.completed')).toHaveLength(lessonCount);
    expect(events.filter((e) => e.event === 'lesson.delta').length).toBeGreaterThan(lessonCount);

    const outline = (await t.inject({ method: 'GET', url: `/v1/courses/${courseId}/outline`, headers: owner.auth })).json();
    const lessonIds: string[] = outline.modules.flatMap((m: { lessons: { id: string }[] }) => m.lessons.map((l) => l.id));
    const kinds = new Set<string>();
    for (const lessonId of lessonIds) {
      const lesson = (await t.inject({ method: 'GET', url: `/v1/lessons/${lessonId}`, headers: owner.auth })).json();
      expect(lesson).toMatchObject({ status: 'ready', currentVersion: 1, content: { provenance: { source: 'generated', provider: 'ai-offline' } } });
      const types: string[] = lesson.content.blocks.map((b: { type: string }) => b.type);
      expect(types).toEqual(expect.arrayContaining(['heading', 'markdown']));
      for (const type of types) kinds.add(type);
      const streamed = events
        .filter((e) => e.event === 'lesson.delta' && e.data?.lessonId === lessonId)
        .map((e) => String(e.data?.text))
        .join('');
      expect(streamed.length).toBeGreaterThan(100);
    }
    // The offline provider writes quiz items only where the sources hold enough definitions.
    expect([...kinds]).toEqual(expect.arrayContaining(['flashcards']));
    expect((await t.inject({ method: 'GET', url: `/v1/courses/${courseId}`, headers: owner.auth })).json().status).toBe('ready');
    // ai-offline has no model and costs nothing: it never counts against the allowance.
    const usage = (await t.inject({ method: 'GET', url: '/v1/usage', headers: owner.auth })).json();
    expect(usage.tokens).toBe(0);
    await ws.close();
  });

  it('regenerates one lesson with an instruction, keeping the previous version and the other lessons', async () => {
    const outline = (await t.inject({ method: 'GET', url: `/v1/courses/${courseId}/outline`, headers: owner.auth })).json();
    const [first, second = first] = outline.modules[0].lessons;
    const before = (await t.inject({ method: 'GET', url: `/v1/lessons/${second.id}`, headers: owner.auth })).json();
    const ws = await WsTestClient.connect(baseUrl, owner.token);
    const { jobId } = (
      await t.inject({ method: 'POST', url: `/v1/lessons/${first.id}/regenerate`, headers: owner.auth, payload: { instruction: 'as a list' } })
    ).json();
    ws.send({ type: 'subscribe', jobId });
    await ws.waitFor((m) => m.event === 'job.completed' && m.data?.jobId === jobId);
    const versions = (await t.inject({ method: 'GET', url: `/v1/lessons/${first.id}/versions`, headers: owner.auth })).json().items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[0].provenance.instruction).toBe('as a list');
    expect(versions[0].blocks).not.toEqual(versions[1].blocks);
    if (second.id !== first.id)
      expect((await t.inject({ method: 'GET', url: `/v1/lessons/${second.id}`, headers: owner.auth })).json()).toEqual(before);
    await ws.close();
  });

  it('refuses, before starting, a rewrite instruction the provider cannot follow without a model', async () => {
    const outline = (await t.inject({ method: 'GET', url: `/v1/courses/${courseId}/outline`, headers: owner.auth })).json();
    const [first] = outline.modules[0].lessons;
    const refused = await t.inject({
      method: 'POST',
      url: `/v1/lessons/${first.id}/regenerate`,
      headers: owner.auth,
      payload: { instruction: 'more examples' },
    });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({
      code: 'MIRAI_ERR_GENERATION_CANNOT_FOLLOW',
      detail: expect.stringContaining('ai-gemini'),
      canFollow: expect.arrayContaining(['shorter', 'as a list']),
    });
    const versions = (await t.inject({ method: 'GET', url: `/v1/lessons/${first.id}/versions`, headers: owner.auth })).json().items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('refuses another tenant’s subscription and starts no generation over the monthly cap', async () => {
    const stranger = await t.signup('stranger@example.com');
    const ws = await WsTestClient.connect(baseUrl, stranger.token);
    ws.send({ type: 'subscribe', courseId });
    expect(await ws.waitFor((m) => m.type === 'error')).toMatchObject({ code: 'MIRAI_ERR_COURSE_NOT_FOUND' });
    await ws.close();

    const capped = await t.inject({ method: 'PATCH', url: '/v1/tenant', headers: owner.auth, payload: { aiMonthlyTokenCap: 1 } });
    expect(capped.json()).toMatchObject({ aiMonthlyTokenCap: 1 });
    // A metered provider uses the allowance up (150 tokens a call) and is then refused.
    await t.inject({ method: 'PUT', url: '/v1/plugins/ai-metered', headers: owner.auth, payload: { enabled: true, config: {} } });
    const outline = (await t.inject({ method: 'GET', url: `/v1/courses/${courseId}/outline`, headers: owner.auth })).json();
    const lessonId = outline.modules[0].lessons[0].id;
    const paid = await t.inject({ method: 'POST', url: `/v1/lessons/${lessonId}/regenerate`, headers: owner.auth, payload: {} });
    expect(paid.statusCode, paid.body).toBe(202);
    const ws2 = await WsTestClient.connect(baseUrl, owner.token);
    ws2.send({ type: 'subscribe', jobId: paid.json().jobId });
    await ws2.waitFor((m) => m.event === 'job.completed' && m.data?.jobId === paid.json().jobId);
    await ws2.close();
    expect((await t.inject({ method: 'GET', url: '/v1/usage', headers: owner.auth })).json().tokens).toBe(300);
    const refused = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/generate-outline`, headers: owner.auth, payload: {} });
    expect(refused.json(), refused.body).toMatchObject({ status: 403 });
    expect(refused.json().code).toBe('MIRAI_ERR_GENERATION_QUOTA_EXCEEDED');
    // Over the cap, the free provider still rewrites: it spends nothing.
    await t.inject({ method: 'PUT', url: '/v1/plugins/ai-metered', headers: owner.auth, payload: { enabled: false } });
    const free = await t.inject({
      method: 'POST',
      url: `/v1/lessons/${lessonId}/regenerate`,
      headers: owner.auth,
      payload: { instruction: 'shorter' },
    });
    expect(free.statusCode, free.body).toBe(202);
    const ws3 = await WsTestClient.connect(baseUrl, owner.token);
    ws3.send({ type: 'subscribe', jobId: free.json().jobId });
    await ws3.waitFor((m) => m.event === 'job.completed' && m.data?.jobId === free.json().jobId);
    await ws3.close();
    expect((await t.inject({ method: 'GET', url: '/v1/usage', headers: owner.auth })).json().tokens).toBe(300);
    const uncapped = await t.inject({ method: 'PATCH', url: '/v1/tenant', headers: owner.auth, payload: { aiMonthlyTokenCap: null } });
    expect(uncapped.json().aiMonthlyTokenCap).toBeNull();
  });
});

describe('cancellation', () => {
  it('stops lesson generation promptly and keeps the lessons already written', async () => {
    await t.inject({ method: 'PUT', url: '/v1/plugins/ai-offline', headers: owner.auth, payload: { enabled: true, config: { chunkDelayMs: 30 } } });
    const started = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/generate-lessons`, headers: owner.auth, payload: {} });
    expect(started.statusCode, started.body).toBe(202);
    const { jobId } = started.json();
    const ws = await WsTestClient.connect(baseUrl, owner.token);
    ws.send({ type: 'subscribe', jobId });
    await ws.waitFor((m) => m.event === 'lesson.delta', 20_000);
    const courseStatus = async () => (await t.inject({ method: 'GET', url: `/v1/courses/${courseId}`, headers: owner.auth })).json().status;
    const listed = async () =>
      (await t.inject({ method: 'GET', url: '/v1/courses', headers: owner.auth })).json().items.find((c: { id: string }) => c.id === courseId)
        ?.status;
    expect(await courseStatus()).toBe('generating');
    expect(await listed()).toBe('generating');
    const publish = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/publish`, headers: owner.auth });
    expect(publish.json().code).toBe('MIRAI_ERR_COURSE_NOT_PUBLISHABLE');
    const requested = Date.now();
    const cancel = await t.inject({ method: 'POST', url: `/v1/jobs/${jobId}/cancel`, headers: owner.auth });
    expect(cancel.statusCode).toBe(202);
    await ws.waitFor((m) => m.event === 'job.cancelled' && m.data?.jobId === jobId, 10_000);
    expect(Date.now() - requested).toBeLessThan(5_000);
    const job = (await t.inject({ method: 'GET', url: `/v1/jobs/${jobId}`, headers: owner.auth })).json();
    expect(job).toMatchObject({ status: 'cancelled', cancelRequested: true });
    expect(job.children.completed).toBeLessThan(job.children.total);
    // Nothing flips the status back: with the job cancelled it follows the lessons, all written earlier.
    expect(await courseStatus()).toBe('ready');
    expect(await listed()).toBe('ready');
    // The lesson that was being written is not left "generating" (shown as being written across reloads).
    const lessonStatuses = async () =>
      (await t.inject({ method: 'GET', url: `/v1/courses/${courseId}/outline`, headers: owner.auth }))
        .json()
        .modules.flatMap((m: { lessons: Array<{ status: string }> }) => m.lessons.map((l) => l.status));
    await vi.waitFor(async () => expect(await lessonStatuses()).not.toContain('generating'), { timeout: 10_000 });
    await ws.close();
    await t.inject({ method: 'PUT', url: '/v1/plugins/ai-offline', headers: owner.auth, payload: { config: { chunkDelayMs: 0 } } });
  });

  it("refuses to cancel another tenant's job", async () => {
    const stranger = await t.signup('cancel-stranger@example.com');
    const started = await t.inject({
      method: 'POST',
      url: `/v1/courses/${courseId}/generate-outline`,
      headers: owner.auth,
      payload: { moduleCount: 2, lessonsPerModule: 2 },
    });
    expect(started.statusCode, started.body).toBe(202);
    const { jobId } = started.json();
    expect((await t.inject({ method: 'POST', url: `/v1/jobs/${jobId}/cancel`, headers: stranger.auth })).statusCode).toBe(404);
    expect((await t.inject({ method: 'GET', url: `/v1/jobs/${jobId}`, headers: stranger.auth })).statusCode).toBe(404);
  });
});
