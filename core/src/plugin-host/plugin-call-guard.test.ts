import { describe, expect, it } from 'vitest';
import { guardImplementation } from './plugin-call-guard.ts';

const forever = () => new Promise<never>(() => {});

const hung = {
  format: 'hung',
  label: () => 'sync results pass through',
  answer: (_input: string, _tenant: { signal?: AbortSignal }) => forever(),
  async *stream(_options: { signal?: AbortSignal }) {
    yield 1;
    yield await forever();
  },
};

const guard = (timeoutMs: number) => guardImplementation(hung, { plugin: 'hung-plugin', capability: 'exporter', timeoutMs });

describe('guardImplementation', () => {
  it('leaves properties and synchronous results alone', () => {
    expect(guard(50).format).toBe('hung');
    expect(guard(50).label()).toBe('sync results pass through');
  });

  it('fails a promise that outlives the limit with a coded error naming the plugin and call', async () => {
    await expect(guard(30).answer('x', {})).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_CALL_TIMEOUT',
      extensions: { plugin: 'hung-plugin', call: 'exporter.answer', timeoutMs: 30 },
    });
  });

  it('fails a stream that stops producing before its end, after the chunks it did produce', async () => {
    const iterator = guard(30).stream({})[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    await expect(iterator.next()).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_CALL_TIMEOUT' });
  });

  it("stops awaiting at once when the caller's signal aborts, even if the plugin ignores it", async () => {
    const controller = new AbortController();
    const answer = guard(60_000).answer('x', { signal: controller.signal });
    const iterator = guard(60_000).stream({ signal: controller.signal })[Symbol.asyncIterator]();
    await iterator.next();
    const next = iterator.next();
    controller.abort(new DOMException('Job cancelled', 'AbortError'));
    await expect(answer).rejects.toMatchObject({ name: 'AbortError' });
    await expect(next).rejects.toMatchObject({ name: 'AbortError' });
  });
});
