import { type SignedUp, startTestServer, type TestServer } from '@mirai/core/testing';
import type { Statement, StatementsResponse } from '@xapi/xapi';
import xapiPackage from '@xapi/xapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Mirai's LRS driven over HTTP by a third-party xAPI client (@xapi/xapi), as an authoring tool or
// cmi5 AU would: send, query with paging, void, State, Agent Profile, About, and the refusals.

// The package's types declare an ES default export, its CommonJS build assigns module.exports:
// TypeScript sees the class at `.default`, Node's ESM loader hands over the class itself.
type XapiClass = typeof xapiPackage.default;
const XAPI: XapiClass = (xapiPackage as unknown as { default?: XapiClass }).default ?? (xapiPackage as unknown as XapiClass);

let t: TestServer;
let owner: SignedUp;
let endpoint: string;
let lrs: InstanceType<XapiClass>;

const learner = { objectType: 'Agent' as const, name: 'Ada', mbox: 'mailto:ada@xapi-client.example' };
const activityId = 'https://xapi-client.example/activities/safety-au';
const registration = crypto.randomUUID();

const statement = (verb: string): Statement => ({
  actor: learner,
  verb: { id: `http://adlnet.gov/expapi/verbs/${verb}`, display: { 'en-US': verb } },
  object: { objectType: 'Activity', id: activityId, definition: { name: { 'en-US': 'Safety AU' } } },
  result: { score: { scaled: 0.9 }, success: true },
  context: { registration },
});

async function credentialsOf(user: SignedUp): Promise<string> {
  const response = await t.inject({ method: 'POST', url: '/v1/xapi-credentials', headers: user.auth, payload: { name: '@xapi/xapi test' } });
  expect(response.statusCode, response.body).toBe(201);
  const { key, secret } = response.json<{ key: string; secret: string }>();
  return XAPI.toBasicAuth(key, secret);
}

/** The HTTP status a failed @xapi/xapi call (axios underneath) answered with. */
async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    const response = (error as { response?: { status?: number } }).response;
    return response?.status ?? 0;
  }
}

beforeAll(async () => {
  t = await startTestServer();
  const url = await t.server.app.listen({ port: 0, host: '127.0.0.1' });
  endpoint = `${url}/xapi/`;
  owner = await t.signup('owner@xapi-client.example');
  lrs = new XAPI({ endpoint, auth: await credentialsOf(owner) });
});
afterAll(() => t.close());

describe('Mirai as an LRS for @xapi/xapi', () => {
  it('answers About with 1.0.3', async () => {
    expect((await lrs.getAbout()).data.version).toContain('1.0.3');
  });

  it('stores statements, finds them by id and by filters, and pages with more', async () => {
    const [id] = (await lrs.sendStatement({ statement: statement('launched') })).data;
    const ids = (await lrs.sendStatements({ statements: [statement('initialized'), statement('passed'), statement('completed')] })).data;
    const one = (await lrs.getStatement({ statementId: String(id) })).data;
    expect(one).toMatchObject({ id, actor: { mbox: learner.mbox }, verb: { id: 'http://adlnet.gov/expapi/verbs/launched' } });
    expect(one.authority).toMatchObject({ objectType: 'Agent', name: '@xapi/xapi test' });

    const passed = (await lrs.getStatements({ agent: learner, verb: 'http://adlnet.gov/expapi/verbs/passed', registration })).data;
    expect(passed.statements.map((row) => row.id)).toEqual([ids[1]]);

    const first = (await lrs.getStatements({ activity: activityId, limit: 3, ascending: true })).data;
    expect(first.statements.map((row) => row.id)).toEqual([id, ids[0], ids[1]]);
    expect(first.more).not.toBe('');
    // Without attachments the more page is a plain StatementResult.
    const rest = (await lrs.getMoreStatements({ more: String(first.more) })).data as StatementsResponse;
    expect(rest.statements.map((row) => row.id)).toEqual([ids[2]]);
    expect(rest.more).toBe('');
  });

  it('voids a statement', async () => {
    const [id] = (await lrs.sendStatement({ statement: statement('failed') })).data;
    await lrs.voidStatement({ actor: learner, statementId: String(id) });
    expect(await statusOf(lrs.getStatement({ statementId: String(id) }))).toBe(404);
    expect((await lrs.getVoidedStatement({ voidedStatementId: String(id) })).data.id).toBe(id);
    const failed = (await lrs.getStatements({ verb: 'http://adlnet.gov/expapi/verbs/failed' })).data;
    expect(failed.statements).toEqual([]);
  });

  it('keeps State (cmi5 LMS.LaunchData) and the agent profile (cmi5LearnerPreferences)', async () => {
    const launchData = { contextTemplate: { registration }, launchMode: 'Normal', moveOn: 'CompletedAndPassed', masteryScore: 0.8 };
    await lrs.setState({ agent: learner, activityId, registration, stateId: 'LMS.LaunchData', state: launchData });
    expect((await lrs.getState({ agent: learner, activityId, registration, stateId: 'LMS.LaunchData' })).data).toEqual(launchData);
    await lrs.createState({ agent: learner, activityId, registration, stateId: 'bookmark', state: { page: 2 } });
    expect((await lrs.getStates({ agent: learner, activityId, registration })).data).toEqual(['LMS.LaunchData', 'bookmark']);
    await lrs.deleteState({ agent: learner, activityId, registration, stateId: 'bookmark' });
    expect(await statusOf(lrs.getState({ agent: learner, activityId, registration, stateId: 'bookmark' }))).toBe(404);

    const preferences = { languagePreference: 'en-US,fr-FR', audioPreference: 'on' };
    await lrs.setAgentProfile({ agent: learner, profileId: 'cmi5LearnerPreferences', profile: preferences, etag: '*', matchHeader: 'If-None-Match' });
    const stored = await lrs.getAgentProfile({ agent: learner, profileId: 'cmi5LearnerPreferences' });
    expect(stored.data).toEqual(preferences);
    const etag = String(stored.headers.etag);
    const changed = { ...preferences, audioPreference: 'off' };
    await lrs.setAgentProfile({ agent: learner, profileId: 'cmi5LearnerPreferences', profile: changed, etag, matchHeader: 'If-Match' });
    const stale = lrs.setAgentProfile({ agent: learner, profileId: 'cmi5LearnerPreferences', profile: preferences, etag, matchHeader: 'If-Match' });
    expect(await statusOf(stale)).toBe(412);
    expect((await lrs.getAgentProfiles({ agent: learner })).data).toEqual(['cmi5LearnerPreferences']);
  });

  it('refuses a statement that breaks the xAPI rules, naming the field', async () => {
    const bad = { ...statement('passed'), result: { score: { scaled: 2 } } };
    try {
      await lrs.sendStatement({ statement: bad });
      expect.unreachable('the LRS accepted a scaled score of 2');
    } catch (error) {
      const response = (error as { response: { status: number; data: { errors: { field: string }[] } } }).response;
      expect(response.status).toBe(400);
      expect(response.data.errors.map((entry) => entry.field)).toContain('/body/result/score/scaled');
    }
  });

  it('refuses wrong credentials, and another organisation reads none of these statements', async () => {
    const wrong = new XAPI({ endpoint, auth: XAPI.toBasicAuth('xapi-unknown', 'guess') });
    expect(await statusOf(wrong.getStatements({}))).toBe(401);
    const other = new XAPI({ endpoint, auth: await credentialsOf(await t.signup('owner@other-xapi.example')) });
    expect((await other.getStatements({ activity: activityId })).data.statements).toEqual([]);
    const [id] = (await lrs.sendStatement({ statement: statement('experienced') })).data;
    expect(await statusOf(other.getStatement({ statementId: String(id) }))).toBe(404);
    expect(await statusOf(other.getState({ agent: learner, activityId, registration, stateId: 'LMS.LaunchData' }))).toBe(404);
  });
});
