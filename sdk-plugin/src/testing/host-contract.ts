import type { MiraiEventName, MiraiEvents } from '../events.ts';
import type { JsonObject, JsonValue } from '../json-schema.ts';
import type { PluginDefinition } from '../plugin-definition.ts';
import type { ContractTestApi } from './storage-contract.ts';

export interface HostResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
}

/** One host (the real one, or `createTestHost`) running the contract's probe plugin. */
export interface HostContractHarness {
  /** A new tenant that enables the probe with `config`, or the fields (e.g. `level`) the host refused. */
  enable(config: JsonObject): Promise<{ tenantId: string } | { invalidFields: string[] }>;
  /** A tenant that exists but has not enabled the probe. */
  bystander(): Promise<string>;
  /** The host publishes a domain event, as core does after a commit. */
  emit<E extends MiraiEventName>(event: E, payload: MiraiEvents[E]): Promise<void>;
  /** An anonymous HTTP request to one of the probe's routes (path below its mount point). */
  request(method: 'GET' | 'POST', path: string, headers: Record<string, string>): Promise<HostResponse>;
  close(): Promise<void>;
}

export interface HostContractSubject {
  start(plugin: PluginDefinition): Promise<HostContractHarness>;
}

/** What the probe saw; served by its `GET /heard` route so every host can be asked the same way. */
const heard: JsonValue[] = [];

const probe: PluginDefinition = {
  name: 'host-contract-probe',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: [],
  configSchema: {
    type: 'object',
    properties: { level: { type: 'integer', minimum: 1, maximum: 3 } },
    required: ['level'],
    additionalProperties: false,
  },
  register(context) {
    context.events.on('course.created', () => {
      throw new Error('a handler that fails');
    });
    context.events.on('course.created', (payload) => void heard.push({ event: 'course.created', tenantId: payload.tenantId }));
    context.events.on('tenant.created', (payload) => void heard.push({ event: 'tenant.created', tenantId: payload.tenantId }));
    context.http.route({
      method: 'GET',
      path: '/heard',
      handler: async () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(heard) }),
    });
    context.http.route({
      method: 'GET',
      path: '/headers',
      handler: async (request) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.headers) }),
    });
    context.http.route({ method: 'GET', path: '/me', auth: 'session', handler: async () => ({ status: 200, body: 'signed in' }) });
  },
};

/**
 * The behaviour every Mirai host shares, run against the real host (core) and against
 * `createTestHost` (the SDK), so a plugin tested with the second behaves the same in the first.
 */
export function defineHostContract(api: ContractTestApi, name: string, subject: HostContractSubject): void {
  const { describe, it, expect, beforeAll, afterAll } = api;
  describe(`plugin host contract: ${name}`, () => {
    let host: HostContractHarness;
    const heardNow = async () => JSON.parse((await host.request('GET', '/heard', {})).body) as Array<{ event: string; tenantId: string }>;

    beforeAll(async () => {
      heard.length = 0;
      host = await subject.start(probe);
    });
    afterAll(async () => {
      await host.close();
    });

    it('validates a tenant configuration against the configSchema, naming the field', async () => {
      expect(await host.enable({ level: 9 })).toEqual({ invalidFields: ['level'] });
      expect(await host.enable({})).toEqual({ invalidFields: ['level'] });
      const accepted = await host.enable({ level: 2 });
      expect('tenantId' in accepted).toBe(true);
    });

    it('never rethrows a handler error from emit, and still runs the other handlers', async () => {
      const enabled = await host.enable({ level: 1 });
      if (!('tenantId' in enabled)) throw new Error('enabling the probe failed');
      await host.emit('course.created', { tenantId: enabled.tenantId, courseId: 'c1' });
      expect((await heardNow()).filter((e) => e.event === 'course.created' && e.tenantId === enabled.tenantId)).toEqual([
        { event: 'course.created', tenantId: enabled.tenantId },
      ]);
    });

    it('delivers tenant-scope events only for tenants that enabled the plugin, operator-scope ones always', async () => {
      const bystander = await host.bystander();
      await host.emit('course.created', { tenantId: bystander, courseId: 'c2' });
      expect((await heardNow()).filter((e) => e.event === 'course.created' && e.tenantId === bystander)).toEqual([]);
      // A tenant no plugin can have enabled yet: operator-scope events reach every plugin.
      const brandNew = globalThis.crypto.randomUUID();
      await host.emit('tenant.created', { tenantId: brandNew, name: 'Brand new' });
      expect((await heardNow()).filter((e) => e.tenantId === brandNew)).toEqual([{ event: 'tenant.created', tenantId: brandNew }]);
    });

    it('answers an unknown plugin route with a problem+json 404', async () => {
      const response = await host.request('GET', '/no-such-route', {});
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(response.body)).toMatchObject({ status: 404, code: 'MIRAI_ERR_ROUTE_NOT_FOUND' });
    });

    it('never hands a route the cookies or the Authorization header', async () => {
      const response = await host.request('GET', '/headers', { cookie: 'session=secret', authorization: 'Bearer secret', 'x-kept': 'yes' });
      const headers = JSON.parse(response.body) as Record<string, string>;
      expect(headers['x-kept']).toBe('yes');
      expect(headers.cookie).toBeUndefined();
      expect(headers.authorization).toBeUndefined();
    });

    it('answers 401 on an auth: session route without a signed-in caller', async () => {
      const response = await host.request('GET', '/me', {});
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'MIRAI_ERR_AUTH_UNAUTHENTICATED' });
    });
  });
}
