import { type FakeOpenAi, reply, startFakeOpenAi } from '@mirai/ai-openai/testing';
import { createGroundedCourse, injectCaller, type SignedUp, startTestServer, type TestServer, waitForJob } from '@mirai/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Routing per task against a local server speaking the OpenAI wire format (no network): ai-openai
// and ai-offline in one chain, keys tested on save, cost from the operator's price table.
let openai: FakeOpenAi;
let t: TestServer;
let owner: SignedUp;
let courseId: string;
let lessonId: string;

const PRICES = { currency: 'EUR', models: { 'ai-openai/gpt-4o-mini': { input: 1, output: 2 } } };

beforeAll(async () => {
  openai = await startFakeOpenAi();
  t = await startTestServer({ MIRAI_EGRESS_ALLOW: '127.0.0.1', MIRAI_AI_PRICES: JSON.stringify(PRICES) });
  owner = await t.signup('router@example.com', 'Routing Co');
  courseId = await createGroundedCourse(injectCaller(t, owner));
});
afterAll(async () => {
  await t.close();
  await openai.close();
});

const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) =>
  t.inject({ method, url, headers: owner.auth, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

async function run(url: string, payload: Record<string, unknown> = {}) {
  const started = await call('POST', url, payload);
  expect(started.statusCode, started.body).toBe(202);
  const job = await waitForJob(injectCaller(t, owner), started.json<{ jobId: string }>().jobId);
  expect(job, JSON.stringify(job)).toMatchObject({ status: 'completed' });
}

async function latestVersion() {
  const versions = (await call('GET', `/v1/lessons/${lessonId}/versions`)).json<{ items: Array<{ provenance: Record<string, unknown> }> }>();
  return versions.items[0]?.provenance;
}

describe('AI routing per task', () => {
  it('tests a provider’s key once when it is saved, and saves it even when the test fails', async () => {
    const config = { baseUrl: openai.baseUrl, apiKey: 'sk-wrong', model: 'gpt-4o-mini', maxRetries: 0 };
    openai.queue(reply.error(401, 'invalid_api_key', 'Incorrect API key provided'));
    const refused = await call('PUT', '/v1/plugins/ai-openai', { enabled: true, config });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ enabled: true, secretsSet: ['apiKey'], keyCheck: { ok: false } });

    openai.queue(reply.text('OK', { prompt: 4, completion: 1 }));
    const accepted = await call('PUT', '/v1/plugins/ai-openai', { enabled: true, config: { ...config, apiKey: 'sk-right' } });
    expect(accepted.json().keyCheck).toEqual({ ok: true, message: `${openai.baseUrl} answered with model gpt-4o-mini` });
    expect(openai.requests.at(-1)?.body).toMatchObject({ max_tokens: 1 });

    // Nothing that reaches the provider changed: no test call.
    const before = openai.requests.length;
    const unchanged = await call('PUT', '/v1/plugins/ai-openai', { enabled: true, config: { ...config, apiKey: undefined, model: 'gpt-4o-mini' } });
    expect(unchanged.json()).not.toHaveProperty('keyCheck');
    expect(openai.requests).toHaveLength(before);
  });

  it('accepts a chain per task of enabled AI plugins only, naming the field it refuses', async () => {
    const bad = await call('PUT', '/v1/ai/routing', { outline: [{ provider: 'ai-openai' }, { provider: 'ai-gemini' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'MIRAI_ERR_GENERATION_ROUTE_INVALID', errors: [{ field: '/body/outline/1/provider' }] });

    const saved = await call('PUT', '/v1/ai/routing', {
      outline: [{ provider: 'ai-openai', model: 'gpt-4.1-mini' }, { provider: 'ai-offline' }],
      lessonBody: [{ provider: 'ai-openai' }],
      activities: [{ provider: 'ai-offline' }],
      rewrite: [{ provider: 'ai-openai', monthlyTokenCap: 30 }, { provider: 'ai-offline' }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const view = (await call('GET', '/v1/ai/routing')).json();
    expect(view.routing.rewrite).toEqual([{ provider: 'ai-openai', monthlyTokenCap: 30 }, { provider: 'ai-offline' }]);
    expect(view.providers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ plugin: 'ai-openai', usesModel: true, metered: true, instructionsFollowed: null }),
        expect.objectContaining({
          plugin: 'ai-offline',
          usesModel: false,
          metered: false,
          instructionsFollowed: expect.arrayContaining(['shorter']),
        }),
      ]),
    );
  });

  it('falls back to the next provider when the first fails, and the outline names who wrote it', async () => {
    openai.queue(reply.error(500, 'server_error', 'upstream down'));
    await run(`/v1/courses/${courseId}/generate-outline`, { moduleCount: 1, lessonsPerModule: 1 });
    expect(openai.requests.at(-1)?.body.model).toBe('gpt-4.1-mini');
    const outline = (await call('GET', `/v1/courses/${courseId}/outline`)).json();
    expect(outline.provenance).toMatchObject({ plugin: 'ai-offline', fallbacks: [{ task: 'outline', plugin: 'ai-openai' }] });
    lessonId = outline.modules[0].lessons[0].id;
  });

  it('writes the body with the model and the activities with the converter, and the version says so', async () => {
    openai.queue(reply.answer('## Lifting safely\n\nBend your knees and keep the load close to your waist.\n'));
    await run(`/v1/courses/${courseId}/generate-lessons`);
    expect(await latestVersion()).toMatchObject({
      plugin: 'ai-openai',
      provider: 'openai-compatible',
      model: 'gpt-4o-mini',
      activitiesBy: { plugin: 'ai-offline', provider: 'ai-offline' },
    });
  });

  it('tells the author when a model’s rewrite does not show the instruction, and shows cost per model', async () => {
    openai.queue(reply.answer('## Lifting safely\n\nKeep your back straight while lifting.\n'));
    await run(`/v1/lessons/${lessonId}/regenerate`, { instruction: 'Mention the forklift inspection checklist' });
    expect(await latestVersion()).toMatchObject({
      plugin: 'ai-openai',
      instructionCheck: { followed: false, missing: ['forklift', 'inspection', 'checklist'], message: expect.stringContaining('forklift') },
    });

    const usage = (await call('GET', '/v1/usage')).json();
    // Two streamed calls of 11 + 7 tokens; ai-offline is free and not listed.
    expect(usage.models).toEqual([{ plugin: 'ai-openai', model: 'gpt-4o-mini', inputTokens: 22, outputTokens: 14, cost: expect.any(Number) }]);
    expect(usage.models[0].cost).toBeCloseTo((22 * 1 + 14 * 2) / 1_000_000, 12);
    expect(usage).toMatchObject({ currency: 'EUR', tokens: 36 });
  });

  it('passes over a provider beyond its monthly cap, and refuses what no provider left can do', async () => {
    await run(`/v1/lessons/${lessonId}/regenerate`, { instruction: 'shorter' });
    expect(await latestVersion()).toMatchObject({
      plugin: 'ai-offline',
      fallbacks: [{ task: 'rewrite', plugin: 'ai-openai', reason: expect.stringContaining('30-token monthly cap') }],
    });
    expect(await latestVersion()).not.toHaveProperty('instructionCheck');

    const refused = await call('POST', `/v1/lessons/${lessonId}/regenerate`, { instruction: 'translate it into French' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_GENERATION_QUOTA_EXCEEDED', detail: expect.stringContaining('ai-openai') });
  });
});
