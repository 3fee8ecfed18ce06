import { type JsonObject, type JsonSchema, secretFields, type TenantContext, type TextStreamEvent } from '@mirai/sdk-plugin';
import { createTestHost, type TestPlugin } from '@mirai/sdk-plugin/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGeminiPlugin } from './index.ts';
import { candidate, type FakeGemini, reply, startFakeGemini } from './testing/fake-gemini-server.ts';

let gemini: FakeGemini;
let host: TestPlugin;

beforeEach(async () => {
  gemini = await startFakeGemini();
  // The fake Gemini listens on loopback, which only an operator's allow-list opens.
  host = await createTestHost(createGeminiPlugin({ backoff: { baseDelayMs: 1, maxDelayMs: 5_000 } }), { egressAllow: '127.0.0.1' });
});

afterEach(async () => {
  await gemini.close();
});

function tenant(overrides: JsonObject = {}, signal?: AbortSignal): TenantContext<JsonObject> {
  const context = host.tenant({
    apiKey: 'test-key',
    model: 'gemini-2.5-flash',
    baseUrl: gemini.baseUrl,
    thinkingBudget: 256,
    maxRetries: 2,
    ...overrides,
  });
  return signal === undefined ? context : { ...context, signal };
}

const ai = () => host.extension('ai');

async function collect(events: AsyncIterable<TextStreamEvent>, onDelta?: (text: string) => void): Promise<TextStreamEvent[]> {
  const seen: TextStreamEvent[] = [];
  for await (const event of events) {
    seen.push(event);
    if (event.type === 'delta') onDelta?.(event.text);
  }
  return seen;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

const outlineSchema: JsonSchema = {
  type: 'object',
  properties: { title: { type: 'string', minLength: 1 }, lessons: { type: 'array', items: { type: 'string' } } },
  required: ['title', 'lessons'],
  additionalProperties: false,
  'x-mirai-example': 'annotations stay on this side',
};

describe('ai-gemini plugin', () => {
  it('declares an ai provider whose API key is a secret', () => {
    expect(host.definition.capabilities).toEqual(['ai']);
    expect(host.definition.configSchema === undefined ? [] : secretFields(host.definition.configSchema)).toEqual(['apiKey']);
    expect(ai().label).toBe('Gemini');
  });
});

describe('generateText', () => {
  it('sends the prompt, system instruction and generation settings the way Gemini expects', async () => {
    gemini.queue(reply.text('Photosynthesis turns light into sugar.', { promptTokenCount: 12, candidatesTokenCount: 7, thoughtsTokenCount: 30 }));
    const result = await ai().generateText(
      { system: 'You are a biology tutor.', prompt: 'Explain photosynthesis.', temperature: 0.3, maxOutputTokens: 400 },
      tenant(),
    );

    expect(result).toEqual({
      text: 'Photosynthesis turns light into sugar.',
      provider: 'gemini',
      model: 'gemini-2.5-flash',
      usage: { inputTokens: 12, outputTokens: 7, thinkingTokens: 30 },
    });
    expect(gemini.requests).toHaveLength(1);
    const [sent] = gemini.requests;
    expect(sent?.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(sent?.headers['x-goog-api-key']).toBe('test-key');
    expect(sent?.body.contents).toEqual([{ role: 'user', parts: [{ text: 'Explain photosynthesis.' }] }]);
    expect(sent?.body.systemInstruction?.parts).toEqual([{ text: 'You are a biology tutor.' }]);
    expect(sent?.body.generationConfig).toEqual({ temperature: 0.3, maxOutputTokens: 400, thinkingConfig: { thinkingBudget: 256 } });
  });

  it("uses the request's model and thinking budget over the tenant's", async () => {
    gemini.queue(reply.text('ok'));
    const result = await ai().generateText({ prompt: 'hi', model: 'gemini-2.5-pro', thinkingBudget: 0 }, tenant());
    expect(result.model).toBe('gemini-2.5-pro');
    expect(gemini.requests[0]?.path).toBe('/v1beta/models/gemini-2.5-pro:generateContent');
    expect(gemini.requests[0]?.body.generationConfig?.thinkingConfig).toEqual({ thinkingBudget: 0 });
    expect(gemini.requests[0]?.body.systemInstruction).toBeUndefined();
  });

  it('retries a 429 and waits the delay Gemini asked for in RetryInfo', async () => {
    const retryInfo = { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.15s' };
    gemini.queue(reply.error(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded', [retryInfo]), reply.text('after the wait'));
    const started = performance.now();
    const result = await ai().generateText({ prompt: 'hi' }, tenant());
    expect(result.text).toBe('after the wait');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(gemini.requests).toHaveLength(2);
    expect(host.logs).toContainEqual(expect.objectContaining({ level: 'warn', message: 'Gemini call failed; retrying' }));
  });

  it('gives up on a lasting 429 after maxRetries with a transient RATE_LIMITED error', async () => {
    gemini.fallback = reply.error(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded');
    await expect(ai().generateText({ prompt: 'hi' }, tenant({ maxRetries: 2 }))).rejects.toMatchObject({
      name: 'PluginError',
      code: 'MIRAI_ERR_PLUGIN_RATE_LIMITED',
      transient: true,
      message: 'Gemini answered 429 RESOURCE_EXHAUSTED',
    });
    expect(gemini.requests).toHaveLength(3);
    // What Gemini said goes to the server log only.
    expect(JSON.stringify(host.logs)).toContain('Quota exceeded');
  });

  it('retries a 500 and succeeds', async () => {
    gemini.queue(reply.error(500, 'INTERNAL', 'Internal error'), reply.text('recovered'));
    await expect(ai().generateText({ prompt: 'hi' }, tenant())).resolves.toMatchObject({ text: 'recovered' });
    expect(gemini.requests).toHaveLength(2);
  });

  it('gives up on a lasting 503 with a transient UPSTREAM error', async () => {
    gemini.fallback = reply.error(503, 'UNAVAILABLE', 'The model is overloaded');
    await expect(ai().generateText({ prompt: 'hi' }, tenant({ maxRetries: 1 }))).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_UPSTREAM',
      transient: true,
    });
    expect(gemini.requests).toHaveLength(2);
  });

  it('fails a 401 at once as UNAUTHORIZED', async () => {
    gemini.fallback = reply.error(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials');
    await expect(ai().generateText({ prompt: 'hi' }, tenant())).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_UNAUTHORIZED', transient: false });
    expect(gemini.requests).toHaveLength(1);
  });

  it("treats Gemini's 400 API_KEY_INVALID as UNAUTHORIZED and other 400s as BAD_INPUT, without retrying", async () => {
    const keyInvalid = { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' };
    gemini.queue(
      reply.error(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [keyInvalid]),
      reply.error(400, 'INVALID_ARGUMENT', 'Budget 0 is invalid. This model only works in thinking mode.'),
    );
    await expect(ai().generateText({ prompt: 'hi' }, tenant())).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_UNAUTHORIZED' });
    await expect(ai().generateText({ prompt: 'hi' }, tenant())).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_BAD_INPUT',
      message: 'Gemini answered 400 INVALID_ARGUMENT',
    });
    expect(JSON.stringify(host.logs)).toContain('only works in thinking mode');
    expect(gemini.requests).toHaveLength(2);
  });

  it('tests a saved key with one small call, without retries, and reports a refusal instead of throwing', async () => {
    gemini.queue(reply.text('OK'));
    await expect(ai().checkKey?.(tenant())).resolves.toEqual({ ok: true, message: 'Gemini answered with model gemini-2.5-flash' });
    gemini.fallback = reply.error(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials');
    await expect(ai().checkKey?.(tenant())).resolves.toMatchObject({ ok: false, message: expect.stringMatching(/.+/) });
    expect(gemini.requests).toHaveLength(2);
  });

  it('retries network failures and then reports a transient UPSTREAM error', async () => {
    const unreachable = gemini.baseUrl;
    await gemini.close();
    await expect(ai().generateText({ prompt: 'hi' }, tenant({ baseUrl: unreachable, maxRetries: 1 }))).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_UPSTREAM',
      transient: true,
    });
    expect(host.logs.filter((entry) => entry.message === 'Gemini call failed; retrying')).toHaveLength(1);
    gemini = await startFakeGemini();
  });

  it('stops waiting to retry as soon as the tenant aborts', async () => {
    // Gemini asks for a 20 s pause; the abort comes once the first call is answered, so a call that
    // settles well before 20 s can only have stopped waiting because of the abort.
    const patient = await createTestHost(createGeminiPlugin({ backoff: { baseDelayMs: 1, maxDelayMs: 60_000 } }), { egressAllow: '127.0.0.1' });
    const retryInfo = { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '20s' };
    gemini.fallback = reply.error(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded', [retryInfo]);
    const controller = new AbortController();
    const context = { ...patient.tenant({ apiKey: 'test-key', baseUrl: gemini.baseUrl, maxRetries: 2 }), signal: controller.signal };
    const started = performance.now();
    const call = patient.extension('ai').generateText({ prompt: 'hi' }, context);
    await expect.poll(() => gemini.requests.length).toBe(1);
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(gemini.requests).toHaveLength(1);
  });
});

describe('streamText', () => {
  it('yields each chunk as a delta as it arrives, then one done event with usage', async () => {
    const firstSeen = deferred();
    gemini.queue({
      kind: 'sse',
      steps: [
        { data: candidate('Light ') },
        { wait: firstSeen.promise },
        { data: candidate('becomes ') },
        { data: candidate('sugar.', { finishReason: 'STOP', usage: { promptTokenCount: 9, candidatesTokenCount: 3, thoughtsTokenCount: 4 } }) },
      ],
    });
    // The server holds the rest back until the first delta reached the caller, so deltas must be yielded incrementally.
    const events = await collect(ai().streamText({ system: 'Be brief.', prompt: 'Explain photosynthesis.' }, tenant()), () => firstSeen.resolve());

    expect(events).toEqual([
      { type: 'delta', text: 'Light ' },
      { type: 'delta', text: 'becomes ' },
      { type: 'delta', text: 'sugar.' },
      {
        type: 'done',
        text: 'Light becomes sugar.',
        provider: 'gemini',
        model: 'gemini-2.5-flash',
        usage: { inputTokens: 9, outputTokens: 3, thinkingTokens: 4 },
      },
    ]);
    const [sent] = gemini.requests;
    expect(sent?.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    expect(sent?.query.get('alt')).toBe('sse');
    expect(sent?.headers['x-goog-api-key']).toBe('test-key');
    expect(sent?.body.systemInstruction?.parts).toEqual([{ text: 'Be brief.' }]);
    expect(sent?.body.generationConfig?.thinkingConfig).toEqual({ thinkingBudget: 256 });
  });

  it('retries a failure that comes before any delta', async () => {
    gemini.queue(reply.error(503, 'UNAVAILABLE', 'The model is overloaded'), reply.stream(['a', 'b']));
    const events = await collect(ai().streamText({ prompt: 'hi' }, tenant()));
    expect(events.filter((event) => event.type === 'done')).toEqual([expect.objectContaining({ text: 'ab' })]);
    expect(gemini.requests).toHaveLength(2);
  });

  it('does not retry once deltas went out; the stream fails instead', async () => {
    const firstSeen = deferred();
    gemini.queue({ kind: 'sse', steps: [{ data: candidate('partial ') }, { wait: firstSeen.promise }, { cut: true }] });
    const deltas: string[] = [];
    await expect(
      collect(ai().streamText({ prompt: 'hi' }, tenant()), (text) => {
        deltas.push(text);
        firstSeen.resolve();
      }),
    ).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_UPSTREAM',
      transient: true,
    });
    expect(deltas).toEqual(['partial ']);
    expect(gemini.requests).toHaveLength(1);
  });

  it('stops promptly when the tenant aborts mid-stream and closes the connection', async () => {
    gemini.queue({ kind: 'sse', steps: [{ data: candidate('first ') }, { hang: true }] });
    const controller = new AbortController();
    const deltas: string[] = [];
    let abortedAt = 0;
    const consuming = collect(ai().streamText({ prompt: 'hi' }, tenant({}, controller.signal)), (text) => {
      deltas.push(text);
      abortedAt = performance.now();
      controller.abort();
    });
    await expect(consuming).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - abortedAt).toBeLessThan(500);
    expect(deltas).toEqual(['first ']);
    await expect(gemini.requests[0]?.finished).resolves.toBe(false);
    expect(gemini.requests).toHaveLength(1);
  });

  it('ends the upstream request when the consumer stops early', async () => {
    gemini.queue({ kind: 'sse', steps: [{ data: candidate('first ') }, { hang: true }] });
    for await (const event of ai().streamText({ prompt: 'hi' }, tenant())) {
      expect(event).toEqual({ type: 'delta', text: 'first ' });
      break;
    }
    await expect(gemini.requests[0]?.finished).resolves.toBe(false);
  });
});

describe('generateJson', () => {
  it('asks for JSON with the schema and returns the validated value', async () => {
    gemini.queue(
      reply.text(JSON.stringify({ title: 'Cells', lessons: ['Membranes', 'Organelles'] }), { promptTokenCount: 20, candidatesTokenCount: 15 }),
    );
    const result = await ai().generateJson({ prompt: 'Outline a course on cells.', schemaName: 'outline', schema: outlineSchema }, tenant());

    expect(result).toEqual({
      value: { title: 'Cells', lessons: ['Membranes', 'Organelles'] },
      provider: 'gemini',
      model: 'gemini-2.5-flash',
      usage: { inputTokens: 20, outputTokens: 15 },
    });
    expect(gemini.requests).toHaveLength(1);
    const config = gemini.requests[0]?.body.generationConfig;
    expect(config?.responseMimeType).toBe('application/json');
    const { 'x-mirai-example': _annotation, ...wireSchema } = outlineSchema;
    expect(config?.responseJsonSchema).toEqual(wireSchema);
    expect(config?.thinkingConfig).toEqual({ thinkingBudget: 256 });
  });

  it('repairs malformed JSON with one more call that shows the model its mistake', async () => {
    gemini.queue(
      reply.text('{"title": "Cells", "lessons": ["Membranes"', { promptTokenCount: 20, candidatesTokenCount: 8 }),
      reply.text('{"title": "Cells", "lessons": ["Membranes"]}', { promptTokenCount: 40, candidatesTokenCount: 9 }),
    );
    const result = await ai().generateJson({ prompt: 'Outline a course on cells.', schemaName: 'outline', schema: outlineSchema }, tenant());

    expect(result.value).toEqual({ title: 'Cells', lessons: ['Membranes'] });
    expect(result.usage).toEqual({ inputTokens: 60, outputTokens: 17 });
    expect(gemini.requests).toHaveLength(2);
    const repair = gemini.requests[1]?.body;
    expect(repair?.contents?.map((content) => content.role)).toEqual(['user', 'model', 'user']);
    expect(repair?.contents?.[1]?.parts?.[0]?.text).toBe('{"title": "Cells", "lessons": ["Membranes"');
    expect(repair?.contents?.[2]?.parts?.[0]?.text).toContain('not JSON');
    expect(repair?.generationConfig?.responseMimeType).toBe('application/json');
  });

  it('fails with a coded, non-transient error when the output is invalid twice', async () => {
    gemini.queue(reply.text('{"title": "Cells"}'), reply.text('{"title": "", "lessons": [], "extra": 1}'));
    const failure = ai().generateJson({ prompt: 'Outline a course on cells.', schemaName: 'outline', schema: outlineSchema }, tenant());

    await expect(failure).rejects.toMatchObject({ name: 'PluginError', code: 'MIRAI_ERR_PLUGIN_UPSTREAM', transient: false });
    await expect(failure).rejects.toThrow('schema "outline" did not validate, even after one repair attempt');
    await expect(failure).rejects.toThrow('/title must NOT have fewer than 1 characters');
    await expect(failure).rejects.toThrow('must NOT have additional properties ("extra")');
    expect(gemini.requests).toHaveLength(2);
    expect(gemini.requests[1]?.body.contents?.[2]?.parts?.[0]?.text).toContain("must have required property 'lessons'");
  });
});

describe('egress', () => {
  it('refuses a baseUrl on loopback unless the operator allowed it, and never repeats what the endpoint said', async () => {
    const guarded = await createTestHost(createGeminiPlugin({ backoff: { baseDelayMs: 1, maxDelayMs: 5 } }));
    gemini.fallback = reply.error(400, 'INVALID_ARGUMENT', 'internal-admin-password=hunter2');
    const call = guarded.extension('ai').generateText({ prompt: 'hi' }, guarded.tenant({ apiKey: 'k', baseUrl: `${gemini.baseUrl}/anything#` }));
    await expect(call).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_EGRESS_REFUSED' });
    expect(gemini.requests).toHaveLength(0);
    // Allowed (as in the tests above), the endpoint's own words stay out of the error.
    await expect(ai().generateText({ prompt: 'hi' }, tenant({ maxRetries: 0 }))).rejects.toSatisfy(
      (error: Error) => !error.message.includes('hunter2'),
    );
  });

  it('keeps a non-JSON answer of the endpoint out of the error', async () => {
    gemini.fallback = { kind: 'json', status: 200, body: 'internal-body: secret-metadata-token' };
    const failure = ai().generateText({ prompt: 'hi' }, tenant({ maxRetries: 0 }));
    await expect(failure).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_UPSTREAM' });
    await expect(failure).rejects.toSatisfy((error: Error) => !error.message.includes('secret-metadata-token'));
  });
});
