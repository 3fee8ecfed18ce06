import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';

let t: TestServer;
let owner: SignedUp;
let basic: string;

const VERSION = { 'x-experience-api-version': '1.0.3' };
const actor = { mbox: 'mailto:learner@lrs.example' };
const statement = (verb: string, extra: Record<string, unknown> = {}) => ({
  actor,
  verb: { id: `http://adlnet.gov/expapi/verbs/${verb}` },
  object: { id: 'https://lrs.example/activities/a1' },
  ...extra,
});

async function issue(by: SignedUp, name = 'client'): Promise<{ id: string; header: string }> {
  const response = await t.inject({ method: 'POST', url: '/v1/xapi-credentials', headers: by.auth, payload: { name } });
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json<{ id: string; key: string; secret: string }>();
  return { id: body.id, header: `Basic ${Buffer.from(`${body.key}:${body.secret}`).toString('base64')}` };
}

const xapi = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.inject({
    method,
    url,
    headers: { ...VERSION, authorization: basic, ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signup('owner@lrs.example');
  basic = (await issue(owner)).header;
});
afterAll(() => t.close());

describe('xAPI LRS rules', () => {
  it('refuses requests without a 1.0.x version header, except About', async () => {
    const about = await t.inject({ method: 'GET', url: '/xapi/about' });
    expect(about.json()).toEqual({ version: ['1.0.3'], extensions: {} });
    expect(about.headers['x-experience-api-version']).toBe('1.0.3');
    expect(about.headers['access-control-expose-headers']).toContain('ETag');
    const response = await t.inject({
      method: 'GET',
      url: '/xapi/statements',
      headers: { authorization: basic, 'x-experience-api-version': '0.95' },
    });
    expect(response.json()).toMatchObject({ code: 'MIRAI_ERR_XAPI_VERSION_UNSUPPORTED' });
  });

  it('accepts the same statement twice under one id and refuses different content with 409', async () => {
    const id = crypto.randomUUID();
    expect((await xapi('PUT', `/xapi/statements?statementId=${id}`, statement('attempted'))).statusCode).toBe(204);
    expect((await xapi('PUT', `/xapi/statements?statementId=${id}`, statement('attempted'))).statusCode).toBe(204);
    const conflict = await xapi('POST', '/xapi/statements', [statement('experienced'), { ...statement('passed'), id }]);
    expect(conflict.statusCode).toBe(409);
    // All or none: the batch's first statement was not stored either.
    const page = (await xapi('GET', `/xapi/statements?verb=${encodeURIComponent('http://adlnet.gov/expapi/verbs/experienced')}`)).json();
    expect(page.statements).toEqual([]);
    const stored = (await xapi('GET', `/xapi/statements?statementId=${id}`)).json();
    expect(stored).toMatchObject({ id, version: '1.0.0', authority: { objectType: 'Agent' } });
    expect(typeof stored.stored).toBe('string');
    expect(stored.timestamp).toBe(stored.stored);
  });

  it('voids a statement: hidden from queries, found by voidedStatementId; a voiding statement cannot be voided', async () => {
    const [target] = (await xapi('POST', '/xapi/statements', statement('completed'))).json<string[]>();
    const [voiding] = (await xapi('POST', '/xapi/statements', statement('voided', { object: { objectType: 'StatementRef', id: target } }))).json<
      string[]
    >();
    expect((await xapi('GET', `/xapi/statements?statementId=${target}`)).statusCode).toBe(404);
    expect((await xapi('GET', `/xapi/statements?voidedStatementId=${target}`)).json()).toMatchObject({ id: target });
    const again = await xapi('POST', '/xapi/statements', statement('voided', { object: { objectType: 'StatementRef', id: voiding } }));
    expect(again.json()).toMatchObject({ code: 'MIRAI_ERR_XAPI_VOIDING_INVALID' });
  });

  it('pages with limit and more, in both directions', async () => {
    const activity = `https://lrs.example/activities/${crypto.randomUUID()}`;
    const ids = (
      await xapi(
        'POST',
        '/xapi/statements',
        [1, 2, 3, 4, 5].map(() => statement('experienced', { object: { id: activity } })),
      )
    ).json<string[]>();
    const seen: string[] = [];
    let url = `/xapi/statements?activity=${encodeURIComponent(activity)}&limit=2&ascending=true`;
    while (url !== '') {
      const page = (await xapi('GET', url)).json<{ statements: { id: string }[]; more: string }>();
      expect(page.statements.length).toBeLessThanOrEqual(2);
      seen.push(...page.statements.map((row) => row.id));
      url = page.more;
    }
    // One batch: stored together, ordered as sent.
    expect(seen).toEqual(ids);
    const newest = (await xapi('GET', `/xapi/statements?activity=${encodeURIComponent(activity)}&limit=5`)).json<{ statements: { id: string }[] }>();
    expect(newest.statements.map((row) => row.id)).toEqual([...ids].reverse());
  });

  it('refuses statementId together with filters', async () => {
    const response = await xapi('GET', `/xapi/statements?statementId=${crypto.randomUUID()}&limit=1`);
    expect(response.json()).toMatchObject({ code: 'MIRAI_ERR_XAPI_PARAMETER_INVALID' });
  });

  it('merges JSON state with POST and guards agent profiles with ETags', async () => {
    const scope = `activityId=${encodeURIComponent('https://lrs.example/activities/a1')}&agent=${encodeURIComponent(JSON.stringify(actor))}`;
    expect((await xapi('PUT', `/xapi/activities/state?${scope}&stateId=s`, { a: 1 })).statusCode).toBe(204);
    expect((await xapi('POST', `/xapi/activities/state?${scope}&stateId=s`, { b: 2 })).statusCode).toBe(204);
    expect((await xapi('GET', `/xapi/activities/state?${scope}&stateId=s`)).json()).toEqual({ a: 1, b: 2 });
    const text = await xapi('PUT', `/xapi/activities/state?${scope}&stateId=t`, undefined, { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(204);
    expect((await xapi('POST', `/xapi/activities/state?${scope}&stateId=t`, { c: 3 })).json()).toMatchObject({
      code: 'MIRAI_ERR_XAPI_DOCUMENT_NOT_MERGEABLE',
    });
    expect((await xapi('GET', `/xapi/activities/state?${scope}`)).json()).toEqual(['s', 't']);
    expect((await xapi('DELETE', `/xapi/activities/state?${scope}`)).statusCode).toBe(204);
    expect((await xapi('GET', `/xapi/activities/state?${scope}`)).json()).toEqual([]);

    const profile = `/xapi/agents/profile?agent=${encodeURIComponent(JSON.stringify(actor))}&profileId=prefs`;
    expect((await xapi('PUT', profile, { languagePreference: 'en' })).statusCode).toBe(204);
    expect((await xapi('PUT', profile, { languagePreference: 'fr' })).json()).toMatchObject({ code: 'MIRAI_ERR_XAPI_DOCUMENT_CONFLICT' });
    const etag = (await xapi('GET', profile)).headers.etag;
    expect(typeof etag).toBe('string');
    expect((await xapi('PUT', profile, { languagePreference: 'fr' }, { 'if-match': '"stale"' })).statusCode).toBe(412);
    expect((await xapi('PUT', profile, { languagePreference: 'fr' }, { 'if-match': String(etag) })).statusCode).toBe(204);
    expect((await xapi('GET', profile)).json()).toEqual({ languagePreference: 'fr' });
  });

  it('keeps organisations apart and stops a revoked credential at once', async () => {
    const other = await t.signup('owner@other-lrs.example');
    const otherCredential = await issue(other);
    const [id] = (await xapi('POST', '/xapi/statements', statement('experienced'))).json<string[]>();
    const fromOther = await xapi('GET', `/xapi/statements?statementId=${id}`, undefined, { authorization: otherCredential.header });
    expect(fromOther.statusCode).toBe(404);
    const listed = (await t.inject({ method: 'GET', url: '/v1/xapi-credentials', headers: other.auth })).json<{ id: string }[]>();
    expect(listed.map((credential) => credential.id)).toEqual([otherCredential.id]);
    expect((await t.inject({ method: 'DELETE', url: `/v1/xapi-credentials/${otherCredential.id}`, headers: other.auth })).statusCode).toBe(200);
    const revoked = await xapi('GET', '/xapi/statements', undefined, { authorization: otherCredential.header });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.headers['www-authenticate']).toContain('Basic');
  });

  it('lets only managers issue credentials', async () => {
    const author = await t.join(owner, 'author@lrs.example', 'author');
    expect((await t.inject({ method: 'POST', url: '/v1/xapi-credentials', headers: author.auth, payload: { name: 'x' } })).statusCode).toBe(403);
  });
});
