import { describe, expect, it } from 'vitest';
import { guardImplementation } from '../plugin-host/plugin-call-guard.ts';
import { MiraiMetrics } from './mirai-metrics.ts';
import { PluginCallObserver } from './plugin-call-observer.ts';

const provider = {
  label: () => 'synchronous',
  answer: async (value: string) => value.toUpperCase(),
  broken: async () => {
    throw new Error('upstream refused');
  },
  hangs: () => new Promise<never>(() => {}),
  async *stream() {
    yield 1;
    yield 2;
  },
};

async function countOf(metrics: MiraiMetrics, name: string, extensionPoint: string): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((entry) => entry.name === name);
  const samples = (metric?.values ?? []) as Array<{ value: number; labels: Record<string, string | number>; metricName?: string }>;
  return samples
    .filter((sample) => sample.labels.extension_point === extensionPoint && (sample.metricName === undefined || sample.metricName.endsWith('_count')))
    .reduce((sum, sample) => sum + sample.value, 0);
}

describe('plugin call metrics (through the call guard)', () => {
  it('times every call by plugin, extension point and trust, and counts failures and time-outs as errors', async () => {
    const metrics = new MiraiMetrics({ processRole: 'all' });
    const guarded = guardImplementation(provider, {
      plugin: 'ai-test',
      capability: 'ai',
      timeoutMs: 30,
      observer: { calls: new PluginCallObserver(metrics), trust: 'sandboxed' },
    });
    expect(await guarded.answer('ok')).toBe('OK');
    await expect(guarded.broken()).rejects.toThrow('upstream refused');
    await expect(guarded.hangs()).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_CALL_TIMEOUT' });
    const chunks: number[] = [];
    for await (const chunk of guarded.stream()) chunks.push(chunk);
    expect(chunks).toEqual([1, 2]);
    expect(guarded.label()).toBe('synchronous');

    const duration = 'mirai_plugin_call_duration_seconds';
    const errors = 'mirai_plugin_call_errors_total';
    expect(await countOf(metrics, duration, 'ai.answer')).toBe(1);
    expect(await countOf(metrics, duration, 'ai.stream')).toBe(1);
    expect(await countOf(metrics, errors, 'ai.answer')).toBe(0);
    expect(await countOf(metrics, errors, 'ai.broken')).toBe(1);
    expect(await countOf(metrics, errors, 'ai.hangs')).toBe(1);
    const text = await metrics.render();
    expect(text).toContain(
      'mirai_plugin_call_duration_seconds_count{process_role="all",plugin="ai-test",extension_point="ai.answer",trust="sandboxed"} 1',
    );
  });
});
