import type { EntityManager } from '@mikro-orm/postgresql';
import type { AiProvider } from '@mirai/sdk-plugin';
import { describe, expect, it } from 'vitest';
import { withFallback } from './ai-fallback.ts';
import type { AiRouting } from './ai-routing.schemas.ts';
import type { RoutingUsage } from './ai-routing.service.ts';
import { AiRoutingService } from './ai-routing.service.ts';

/** A free provider (no caps apply, so no usage is read) that may refuse some instructions. */
function provider(label: string, refuses?: string): AiProvider {
  const unused = () => Promise.reject(new Error('not called in these tests'));
  return {
    label,
    metered: false,
    ...(refuses === undefined ? {} : { refuseInstruction: (instruction: string) => (instruction === refuses ? `${label} cannot ${refuses}` : null) }),
    generateText: unused,
    generateJson: unused,
    streamText: () => ({ [Symbol.asyncIterator]: () => ({ next: unused }) }),
  };
}

const enabled = [
  { plugin: 'ai-first', implementation: provider('First') },
  { plugin: 'ai-second', implementation: provider('Second', 'rhyme') },
  { plugin: 'ai-third', implementation: provider('Third') },
].map((entry) => ({ ...entry, tenant: { tenantId: 't1', config: {} } }));

function setup(routing: AiRouting) {
  // The routing row is the only thing read from the database for free providers.
  const em = { execute: async () => [{ ai_routing: routing }] } as unknown as EntityManager;
  const service = new AiRoutingService({ plugins: { enabled: async () => enabled }, usage: {} as RoutingUsage });
  return { em, service };
}

const chain: AiRouting = { lessonBody: [{ provider: 'ai-first', model: 'big' }, { provider: 'ai-second' }, { provider: 'ai-third' }] };

describe('withFallback', () => {
  it('hands over to the next provider when one fails, passing the route’s model and recording why', async () => {
    const { em, service } = setup(chain);
    const seen: string[] = [];
    const routed = await withFallback(
      service,
      em,
      { tenantId: 't1', task: 'lessonBody', signal: new AbortController().signal },
      async (candidate) => {
        seen.push(`${candidate.plugin}:${candidate.model ?? '-'}`);
        if (candidate.plugin === 'ai-first') throw new Error('upstream 503');
        return candidate.ai.label;
      },
    );
    expect(seen).toEqual(['ai-first:big', 'ai-second:-']);
    expect(routed).toMatchObject({ value: 'Second', fallbacks: [{ task: 'lessonBody', plugin: 'ai-first', reason: 'upstream 503' }] });
  });

  it('passes over a provider that cannot follow the instruction, and uses the default provider for a task without a route', async () => {
    const { em, service } = setup(chain);
    const signal = new AbortController().signal;
    const calls: string[] = [];
    const routed = await withFallback(service, em, { tenantId: 't1', task: 'rewrite', signal, instruction: 'rhyme' }, async (candidate) => {
      calls.push(candidate.plugin);
      if (candidate.plugin === 'ai-first') throw new Error('down');
      return candidate.plugin;
    });
    expect(calls).toEqual(['ai-first', 'ai-third']);
    expect(routed.fallbacks.map((f) => f.reason)).toEqual(['down', 'Second cannot rhyme']);
    expect((await withFallback(service, em, { tenantId: 't1', task: 'outline', signal }, async (c) => c.plugin)).value).toBe('ai-first');
  });

  it('never falls back from an abort, and throws the last failure when every provider fails', async () => {
    const { em, service } = setup(chain);
    const controller = new AbortController();
    const calls: string[] = [];
    const aborted = withFallback(service, em, { tenantId: 't1', task: 'lessonBody', signal: controller.signal }, async (candidate) => {
      calls.push(candidate.plugin);
      controller.abort(new Error('author cancelled'));
      throw new Error('stream closed');
    });
    await expect(aborted).rejects.toThrow('author cancelled');
    expect(calls).toEqual(['ai-first']);

    const failing = withFallback(service, em, { tenantId: 't1', task: 'lessonBody', signal: new AbortController().signal }, async (candidate) => {
      throw new Error(`${candidate.plugin} failed`);
    });
    await expect(failing).rejects.toThrow('ai-third failed');
  });
});
