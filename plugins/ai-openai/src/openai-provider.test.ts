import { type JsonObject, type JsonSchema, secretFields, type TenantContext, type TextStreamEvent } from '@mirai/sdk-plugin';
import { createTestHost, type TestPlugin } from '@mirai/sdk-plugin/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiPlugin } from './index.ts';
import { type FakeOpenAi, reply, startFakeOpenAi } from './testing/fake-openai-server.ts';

let server: FakeOpenAi;
let host: TestPlugin;

beforeAll(async () => {
  server = await startFakeOpenAi();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  server.requests.length = 0;
  host = await createTestHost(createOpenAiPlugin({ backoff: { baseDelayMs: 1, maxDelayMs: 5_000 } }), { egressAllow: '127.0.0.1' });
});
afterEach(async () => {
  await host.stop();
});

function tenant(overrides: JsonObject = {}, signal?: AbortSignal): TenantContext<JsonObject> {
  const context = host.tenant({ baseUrl: server.baseUrl, apiKey: 'sk-test', model: 'llama3.2', maxRetries: 2, ...overrides });
  return signal === undefined ? context : { ...context, signal };
}
const ai = () => host.extension('ai');

async function collect(events: AsyncIterable<TextStreamEvent>): Promise<TextStreamEvent[]> {
  const seen: TextStreamEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

const schema: JsonSchema = {
  type: 'object',
  properties: { title: { type: 'string', minLength: 1 } },
  required: ['title'],
  additionalProperties: false,
  'x-mirai-example': 'stays on this side',
};

describe('ai-openai', () => {
  it('declares an ai provider whose API key is its only secret', () => {
    expect(host.definition.capabilities).toEqual(['ai']);
    expect(host.definition.configSchema === undefined ? [] : secretFields(host.definition.configSchema)).toEqual(['apiKey']);
  });

  it('sends the chat completion the way OpenAI-compatible servers expect and reads its usage', async () => {
    server.queue(reply.text('Ladders lean at 75 degrees.', { prompt: 21, completion: 6 }));
    const result = await ai().generateText({ system: 'Be brief.', prompt: 'Explain.', temperature: 0.2, maxOutputTokens: 300 }, tenant());
    expect(result).toEqual({
      text: 'Ladders lean at 75 degrees.',
      provider: 'openai-compatible',
      model: 'llama3.2',
      usage: { inputTokens: 21, outputTokens: 6 },
    });
    const [sent] = server.requests;
    expect(sent?.headers.authorization).toBe('Bearer sk-test');
    expect(sent?.body).toEqual({
      model: 'llama3.2',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Explain.' },
      ],
      temperature: 0.2,
      max_tokens: 300,
    });
  });

  it('speaks Azure OpenAI: api-key header and api-version, and sends no key to servers that need none', async () => {
    server.queue(reply.text('one'), reply.text('two'));
    await ai().generateText({ prompt: 'x' }, tenant({ apiKeyHeader: 'api-key', apiVersion: '2024-10-21' }));
    await ai().generateText({ prompt: 'x' }, tenant({ apiKey: '' }));
    expect(server.requests[0]?.headers['api-key']).toBe('sk-test');
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(server.requests[0]?.query.get('api-version')).toBe('2024-10-21');
    expect(server.requests[1]?.headers.authorization).toBeUndefined();
  });

  it('streams deltas, takes usage from the final chunk and asks for it', async () => {
    server.queue(reply.stream(['Three ', 'points ', 'of contact.'], { prompt: 9, completion: 4 }));
    const events = await collect(ai().streamText({ prompt: 'x' }, tenant()));
    expect(events).toEqual([
      { type: 'delta', text: 'Three ' },
      { type: 'delta', text: 'points ' },
      { type: 'delta', text: 'of contact.' },
      {
        type: 'done',
        text: 'Three points of contact.',
        provider: 'openai-compatible',
        model: 'llama3.2',
        usage: { inputTokens: 9, outputTokens: 4 },
      },
    ]);
    expect(server.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('asks for structured output with the schema (annotations removed) and validates the answer', async () => {
    server.queue(reply.text('{"title":"Ladders"}'));
    const result = await ai().generateJson({ prompt: 'Outline.', schemaName: 'course outline', schema }, tenant());
    expect(result.value).toEqual({ title: 'Ladders' });
    expect(server.requests[0]?.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'course_outline',
        strict: false,
        schema: { type: 'object', properties: { title: { type: 'string', minLength: 1 } }, required: ['title'], additionalProperties: false },
      },
    });
  });

  it('in JSON mode puts the schema into the prompt, repairs once and adds both calls’ usage', async () => {
    server.queue(reply.text('{"name":"wrong"}', { prompt: 10, completion: 3 }), reply.text('{"title":"Ladders"}', { prompt: 30, completion: 4 }));
    const result = await ai().generateJson({ prompt: 'Outline.', schemaName: 'outline', schema }, tenant({ structuredOutput: 'json_object' }));
    expect(result).toMatchObject({ value: { title: 'Ladders' }, usage: { inputTokens: 40, outputTokens: 7 } });
    expect(server.requests[0]?.body.response_format).toEqual({ type: 'json_object' });
    const messages = server.requests[1]?.body.messages as Array<{ role: string; content: string }>;
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[0]?.content).toContain('"required":["title"]');
    expect(messages[2]?.content).toContain('does not validate');
  });

  it('gives up after one failed repair with a coded error', async () => {
    server.queue(reply.text('not json'), reply.text('{"title":""}'));
    await expect(ai().generateJson({ prompt: 'x', schemaName: 'outline', schema }, tenant())).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_UPSTREAM',
    });
  });

  it('retries 429 and 5xx with back-off, honouring retry-after-ms', async () => {
    server.queue(
      reply.error(429, 'rate_limit_exceeded', 'slow down', { 'retry-after-ms': '20' }),
      reply.error(503, 'overloaded', 'busy'),
      reply.text('ok'),
    );
    const result = await ai().generateText({ prompt: 'x' }, tenant());
    expect(result.text).toBe('ok');
    expect(server.requests).toHaveLength(3);
  });

  it('fails at once on a wrong key, without copying the upstream body into the error', async () => {
    server.queue(reply.error(401, 'invalid_api_key', 'Incorrect API key provided: sk-test. Internal host db-7.corp'));
    const failure = ai().generateText({ prompt: 'x' }, tenant());
    await expect(failure).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_UNAUTHORIZED' });
    await expect(failure).rejects.toSatisfy(
      (error: unknown) => error instanceof Error && !error.message.includes('db-7.corp') && error.message.includes('invalid_api_key'),
    );
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify(host.logs)).toContain('db-7.corp');
  });

  it('tests a saved key with one one-token call, without retries, and reports a refusal instead of throwing', async () => {
    server.queue(reply.text('OK', { prompt: 3, completion: 1 }));
    await expect(ai().checkKey?.(tenant())).resolves.toEqual({ ok: true, message: `${server.baseUrl} answered with model llama3.2` });
    expect(server.requests[0]?.body).toMatchObject({ model: 'llama3.2', max_tokens: 1 });
    server.queue(reply.error(500, 'server_error', 'down'));
    const refused = await ai().checkKey?.(tenant());
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/.+/) });
    // A 500 is retried during generation, but not while someone waits for the check.
    expect(server.requests).toHaveLength(2);
  });

  it('retries a stream that failed before any text, but not one cut after text went out', async () => {
    server.queue(reply.error(500, 'server_error', 'boom'), reply.stream(['fine']));
    expect((await collect(ai().streamText({ prompt: 'x' }, tenant()))).at(-1)).toMatchObject({ type: 'done', text: 'fine' });
    server.requests.length = 0;
    server.queue(reply.cut('partial'));
    await expect(collect(ai().streamText({ prompt: 'x' }, tenant()))).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_UPSTREAM' });
    expect(server.requests).toHaveLength(1);
  });

  it('reaches a loopback server only where the operator allows it', async () => {
    const strict = await createTestHost(createOpenAiPlugin());
    const refused = strict.extension('ai').generateText({ prompt: 'x' }, strict.tenant({ baseUrl: server.baseUrl }));
    await expect(refused).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_EGRESS_REFUSED' });
    expect(server.requests).toHaveLength(0);
  });

  it('closes the upstream request when the caller aborts a stream', async () => {
    server.queue(reply.stall('first '));
    const controller = new AbortController();
    const consumed = collect(
      (async function* () {
        for await (const event of ai().streamText({ prompt: 'x' }, tenant({}, controller.signal))) {
          yield event;
          controller.abort(new Error('author cancelled'));
        }
      })(),
    );
    await expect(consumed).rejects.toThrow('author cancelled');
    expect(await server.requests[0]?.finished).toBe(false);
  });
});
