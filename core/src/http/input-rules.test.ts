import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../testing/test-server.ts';
import { UUID_PATTERN } from './common.schemas.ts';

// Runs on embedded PGlite, and on PostgreSQL with MIRAI_TEST_DATABASE_URL set.
let t: TestServer;
let owner: SignedUp;
let smeId: string;

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signup('input-rules@example.com');
  smeId = (await t.inject({ method: 'POST', url: '/v1/smes', headers: owner.auth, payload: { name: 'Dr. Rule', expertise: 'Input' } })).json().id;
}, 180_000);
afterAll(() => t.close());

type Schema = Record<string, unknown>;
interface Finding {
  where: string;
  problem: string;
}

/** Every string and number reachable from a request schema, with its path. */
function leaves(schema: unknown, path: string, components: Record<string, Schema>, out: Array<{ path: string; schema: Schema }>): void {
  if (typeof schema !== 'object' || schema === null) return;
  const s = schema as Schema;
  if (typeof s.$ref === 'string') {
    leaves(components[s.$ref.split('/').pop() ?? ''], path, components, out);
    return;
  }
  if (s.type === 'string' || s.type === 'integer' || s.type === 'number') out.push({ path, schema: s });
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
    for (const item of (s[key] as unknown[] | undefined) ?? []) leaves(item, path, components, out);
  for (const [name, item] of Object.entries((s.properties as Record<string, unknown> | undefined) ?? {}))
    leaves(item, `${path}/${name}`, components, out);
  leaves(s.additionalProperties, `${path}/*`, components, out);
  leaves(s.items, `${path}/0`, components, out);
}

function check(where: string, s: Schema): string | null {
  if (s.enum !== undefined || s.const !== undefined) return null;
  if (s.type !== 'string') {
    // An exclusive bound bounds as well (a score maximum must be above 0, not at least 0).
    const low = typeof s.minimum === 'number' || typeof s.exclusiveMinimum === 'number';
    const high = typeof s.maximum === 'number' || typeof s.exclusiveMaximum === 'number';
    return low && high ? null : 'a number without minimum and maximum';
  }
  if (typeof s.maxLength !== 'number') return 'a string without maxLength';
  if (typeof s.pattern !== 'string') return 'a string without the text rule (pattern)';
  if (s.format === 'uuid' && s.pattern !== UUID_PATTERN) return 'an id without the id rule';
  const pattern = new RegExp(s.pattern, 'u');
  if (pattern.test('a\u0000b') || pattern.test('\u0000')) return `a pattern that admits U+0000 (${where})`;
  if (pattern.test('a\uD800b')) return 'a pattern that admits a lone surrogate';
  return null;
}

describe('the OpenAPI document', () => {
  it('gives every request string the text or id rule and a maximum length, and every number bounds', async () => {
    const document = (await t.inject({ method: 'GET', url: '/openapi.json' })).json();
    const components = (document.components?.schemas ?? {}) as Record<string, Schema>;
    const findings: Finding[] = [];
    let checked = 0;
    for (const [route, operations] of Object.entries(document.paths as Record<string, Record<string, Schema>>))
      for (const [method, operation] of Object.entries(operations)) {
        const found: Array<{ path: string; schema: Schema }> = [];
        for (const parameter of (operation.parameters as Array<{ in: string; name: string; schema: unknown }> | undefined) ?? [])
          leaves(parameter.schema, `/${parameter.in}/${parameter.name}`, components, found);
        const body = operation.requestBody as { content: Record<string, { schema: unknown }> } | undefined;
        for (const content of Object.values(body?.content ?? {})) leaves(content.schema, '/body', components, found);
        for (const leaf of found) {
          checked++;
          const problem = check(leaf.path, leaf.schema);
          if (problem !== null) findings.push({ where: `${method.toUpperCase()} ${route} ${leaf.path}`, problem });
        }
      }
    expect(checked).toBeGreaterThan(100);
    expect(findings).toEqual([]);
  });
});

describe('text, ids and integers that the database cannot hold', () => {
  const refused = async (response: { statusCode: number; json: () => { code: string; errors: Array<{ field: string }> } }, field: string) => {
    expect(response.statusCode).toBe(400);
    const problem = response.json();
    expect(problem.code).toBe('MIRAI_ERR_REQUEST_VALIDATION');
    expect(problem.errors[0]?.field).toBe(field);
  };

  it('answers 400 naming the field for U+0000 in a body, a query, a path and a schema-less plugin configuration', async () => {
    await refused(
      await t.inject({ method: 'POST', url: '/v1/smes', headers: owner.auth, payload: { name: 'Dr.\u0000', expertise: '' } }),
      '/body/name',
    );
    await refused(await t.inject({ method: 'PATCH', url: '/v1/tenant', headers: owner.auth, payload: { name: 'Org\u0000' } }), '/body/name');
    await refused(
      await t.inject({ method: 'POST', url: '/v1/courses', headers: owner.auth, payload: { title: 'Lifting', desiredOutcome: 'safe\u0000' } }),
      '/body/desiredOutcome',
    );
    await refused(await t.inject({ method: 'GET', url: `/v1/smes/${smeId}/search?q=lift%00`, headers: owner.auth }), '/querystring/q');
    await refused(
      await t.inject({ method: 'PUT', url: '/v1/plugins/ai-offline', headers: owner.auth, payload: { config: { note: 'x\u0000' } } }),
      '/body/config/note',
    );
  });

  it('answers 400 for an unpaired surrogate', async () => {
    const payload = '{"name":"Dr. \\ud800","expertise":""}';
    const response = await t.inject({ method: 'POST', url: '/v1/smes', headers: { ...owner.auth, 'content-type': 'application/json' }, payload });
    await refused(response, '/body/name');
  });

  it('answers 400 for a 36-character non-UUID chunk id and a urn:uuid path id', async () => {
    await refused(await t.inject({ method: 'GET', url: `/v1/chunks?ids=${'-'.repeat(36)}`, headers: owner.auth }), '/querystring/ids');
    await refused(
      await t.inject({ method: 'GET', url: '/v1/courses/urn:uuid:00000000-0000-4000-8000-000000000000', headers: owner.auth }),
      '/params/id',
    );
  });

  it('answers 400 for an out-of-range aiMonthlyTokenCap and an integer past int4', async () => {
    await refused(
      await t.inject({ method: 'PATCH', url: '/v1/tenant', headers: owner.auth, payload: { aiMonthlyTokenCap: 1e20 } }),
      '/body/aiMonthlyTokenCap',
    );
    const lesson = '00000000-0000-4000-8000-000000000000';
    await refused(
      await t.inject({ method: 'POST', url: `/v1/lessons/${lesson}/restore`, headers: owner.auth, payload: { version: 2 ** 31 } }),
      '/body/version',
    );
  });
});
