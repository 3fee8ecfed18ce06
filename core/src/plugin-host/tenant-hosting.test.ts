import type { PluginContext, PluginDefinition } from '@mirai/sdk-plugin';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Orm } from '../db/orm.ts';
import { PluginHost } from './plugin-host.ts';

const logger = pino({ level: 'silent' }) as FastifyBaseLogger;
// Nothing here uses the state store, so the database is never reached.
const orm = {} as Orm;
const ORG_A = '00000000-0000-4000-8000-00000000000a';
const ORG_B = '00000000-0000-4000-8000-00000000000b';

function newHost(): PluginHost {
  const host = new PluginHost({ orm, logger, publicUrl: 'http://x', dataDir: '/tmp/mirai-tenant-hosting-test', timeoutMs: 1000 });
  host.resolveTenantContextsWith(async (_name, tenantId) => ({ tenantId, config: { secret: `of ${tenantId}` } }));
  host.events.deliverTenantEventsWhen(async () => true);
  return host;
}

/** An organisation's plugin that records what it hears and keeps its context for the test to probe. */
function listener(version: string, heard: string[], contexts: PluginContext[], onRegister?: (context: PluginContext) => void): PluginDefinition {
  return {
    name: 'notes',
    version,
    engine: '^1.0.0',
    capabilities: ['exporter'],
    register(context) {
      contexts.push(context);
      context.events.on('member.added', (event) => void heard.push(`${version} ${event.tenantId}`));
      context.events.on('tenant.created', (event) => void heard.push(`operator ${event.tenantId}`));
      onRegister?.(context);
    },
  };
}

const loaded = (definition: PluginDefinition) => ({ definition, source: 'npm' as const, packageName: 'notes', dir: '/notes' });

describe("PluginHost: an organisation's own plugins", () => {
  it('are visible to their organisation only, hear only its tenant events, and resolve only its context', async () => {
    const host = newHost();
    const heard: string[] = [];
    const contexts: PluginContext[] = [];
    await host.bootForTenant({ tenantId: ORG_A, key: 'a:notes@1' }, loaded(listener('1.0.0', heard, contexts)));
    expect(host.getFor(ORG_A, 'notes')?.definition.version).toBe('1.0.0');
    expect(host.getFor(ORG_B, 'notes')).toBeUndefined();
    expect(host.get('notes')).toBeUndefined();
    await host.events.emit('member.added', { tenantId: ORG_B, userId: 'u', role: 'author' });
    await host.events.emit('tenant.created', { tenantId: ORG_B, name: 'B' });
    await host.events.emit('member.added', { tenantId: ORG_A, userId: 'u', role: 'author' });
    expect(heard).toEqual([`1.0.0 ${ORG_A}`]);
    const [context] = contexts;
    expect(await context?.tenantContext(ORG_B)).toBeNull();
    expect(await context?.tenantContext(ORG_A)).toEqual({ tenantId: ORG_A, config: { secret: `of ${ORG_A}` } });
    expect(() => context?.emit('member.added', { tenantId: ORG_B, userId: 'u', role: 'owner' })).toThrow(/own organisation/);
  });

  it('replace a version in place, keep the previous one when the new one fails, and stop on removal', async () => {
    const host = newHost();
    const heard: string[] = [];
    await host.bootForTenant({ tenantId: ORG_A, key: 'a:notes@1' }, loaded(listener('1.0.0', heard, [])));
    const broken = listener('3.0.0', heard, [], () => {
      throw new Error('boom');
    });
    await expect(host.bootForTenant({ tenantId: ORG_A, key: 'a:notes@3' }, loaded(broken))).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_INSTALL_FAILED',
    });
    await host.bootForTenant({ tenantId: ORG_A, key: 'a:notes@2' }, loaded(listener('2.0.0', heard, [])));
    expect(host.tenantPlugins(ORG_A).map((plugin) => plugin.key)).toEqual(['a:notes@2']);
    await host.events.emit('member.added', { tenantId: ORG_A, userId: 'u', role: 'author' });
    // Only the hosted version hears it: the replaced and the failed versions' handlers are gone.
    expect(heard).toEqual([`2.0.0 ${ORG_A}`]);
    expect(await host.stopForTenant(ORG_A, 'notes')).toBe('a:notes@2');
    await host.events.emit('member.added', { tenantId: ORG_A, userId: 'u', role: 'author' });
    expect(heard).toHaveLength(1);
    expect(host.getFor(ORG_A, 'notes')).toBeUndefined();
  });

  it('may not serve HTTP routes', async () => {
    const host = newHost();
    const routed: PluginDefinition = {
      ...listener('1.0.0', [], []),
      register: (context) => context.http.route({ method: 'GET', path: '/hook', handler: async () => ({ status: 200 }) }),
    };
    await expect(host.bootForTenant({ tenantId: ORG_A, key: 'a:notes@1' }, loaded(routed))).rejects.toThrow(/may not/);
  });
});
