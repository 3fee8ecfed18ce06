import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootsWithFixtures } from '../../testing/plugin-fixtures.ts';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { authoredCourse } from '../learning/testing/learning-fixture.ts';
import { initiateLogin, postLaunch, redeem, registerPlatform } from './testing/lti-fixture.ts';
import { TestPlatform } from './testing/test-platform.ts';

let t: TestServer;
let owner: SignedUp;
let platform: TestPlatform;
let courseId: string;

beforeAll(async () => {
  t = await startTestServer({ MIRAI_EGRESS_ALLOW: '127.0.0.1' }, { pluginRoots: await rootsWithFixtures('billing-fake') });
  platform = await TestPlatform.start();
  owner = await t.signup('owner@lti-seats.example');
  courseId = (await authoredCourse(t, owner)).courseId;
  await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/publish`, headers: owner.auth });
  await registerPlatform(t, owner, platform);
  // Two seats: the owner and one more person.
  const billing = await t.inject({
    method: 'PUT',
    url: '/v1/plugins/billing-fake',
    headers: owner.auth,
    payload: { enabled: true, config: { remote: { plan: 'team', seats: 2 } } },
  });
  expect(billing.statusCode, billing.body).toBe(200);
});
afterAll(async () => {
  await platform.close();
  await t.close();
});

async function launchAs(sub: string) {
  const login = await initiateLogin(t, platform);
  const claims = { sub, 'https://purl.imsglobal.org/spec/lti/claim/custom': { course_id: courseId } };
  return postLaunch(t, login, await platform.idToken(login.nonce, claims));
}

describe('Mirai as an LTI 1.3 tool: the plan’s seats', () => {
  it('takes a seat for a new person, refuses one more when the plan is full, and still lets members in', async () => {
    const first = await launchAs('learner-one');
    expect(first.statusCode, first.body).toBe(303);
    await redeem(t, String(first.headers.location));

    const refused = await launchAs('learner-two');
    expect(refused.statusCode).toBe(402);
    expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_BILLING_SEATS_EXHAUSTED', seats: 2, members: 2 });
    const members = (await t.inject({ method: 'GET', url: '/v1/members', headers: owner.auth })).json<{ items: unknown[] }>();
    expect(members.items).toHaveLength(2);

    // Already a member: the full plan does not keep them out.
    const again = await launchAs('learner-one');
    expect(again.statusCode, again.body).toBe(303);
  });
});
