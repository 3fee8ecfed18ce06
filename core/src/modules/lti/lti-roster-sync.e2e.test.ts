import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootsWithFixtures } from '../../testing/plugin-fixtures.ts';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { authoredCourse } from '../learning/testing/learning-fixture.ts';
import { initiateLogin, postLaunch, registerPlatform } from './testing/lti-fixture.ts';
import { SPEC_EXAMPLE, TestPlatform } from './testing/test-platform.ts';

const NRPS_CLAIM = 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice';
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';

let t: TestServer;
let owner: SignedUp;
let platform: TestPlatform;
let platformId: string;
let courseId: string;

async function launchAs(sub: string, nrps: boolean) {
  const login = await initiateLogin(t, platform);
  const claims: Record<string, unknown> = { sub, 'https://purl.imsglobal.org/spec/lti/claim/custom': { course_id: courseId } };
  if (nrps) claims[NRPS_CLAIM] = { context_memberships_url: platform.membershipsUrl, service_versions: ['2.0'] };
  const response = await postLaunch(t, login, await platform.idToken(login.nonce, claims));
  expect(response.statusCode, response.body).toBe(303);
}

/** The organisation role and enrolment of the platform's `sub` on this Mirai. */
async function standing(sub: string): Promise<{ role: string | null; enrolled: boolean }> {
  const rows = await t.server.orm.em.fork().execute<{ role: string; enrolled: boolean }[]>(
    `select m.role, exists (select 1 from enrolment e where e.user_id = u.id and e.course_id = ?) as enrolled
       from app_user u join membership m on m.user_id = u.id where u.auth_provider = 'lti' and u.auth_subject = ?`,
    [courseId, `${platformId}:${sub}`],
  );
  return { role: rows[0]?.role ?? null, enrolled: rows[0]?.enrolled ?? false };
}

const contexts = async (who: SignedUp) => (await t.inject({ method: 'GET', url: '/v1/lti/contexts', headers: who.auth })).json();
const sync = (who: SignedUp, id: string) => t.inject({ method: 'POST', url: `/v1/lti/contexts/${id}/roster-syncs`, headers: who.auth });

beforeAll(async () => {
  t = await startTestServer({ MIRAI_EGRESS_ALLOW: '127.0.0.1' }, { pluginRoots: await rootsWithFixtures('billing-fake') });
  platform = await TestPlatform.start();
  owner = await t.signup('owner@lti-roster.example');
  courseId = (await authoredCourse(t, owner)).courseId;
  await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/publish`, headers: owner.auth });
  platformId = (await registerPlatform(t, owner, platform)).id;
  // Four seats: the owner, the launching learner and two people of the roster.
  const billing = await t.inject({
    method: 'PUT',
    url: '/v1/plugins/billing-fake',
    headers: owner.auth,
    payload: { enabled: true, config: { remote: { plan: 'team', seats: 4 } } },
  });
  expect(billing.statusCode, billing.body).toBe(200);
  platform.roster = [
    { user_id: 'learner-one', status: 'Active', roles: [LEARNER] },
    { user_id: 'teacher-7', status: 'Active', roles: SPEC_EXAMPLE.instructorRoles },
    { user_id: 'learner-gone', status: 'Inactive', roles: [LEARNER] },
    { user_id: 'learner-two', roles: [LEARNER] },
    { user_id: 'learner-three', status: 'Active', roles: SPEC_EXAMPLE.learnerRoles },
  ];
});
afterAll(async () => {
  await platform.close();
  await t.close();
});

describe('Mirai as an LTI 1.3 tool: roster sync by NRPS 2.0', () => {
  it('remembers only launches that offer the membership service', async () => {
    await launchAs('no-nrps', false);
    expect(await contexts(owner)).toEqual([]);
    await launchAs('learner-one', true);
    expect(await contexts(owner)).toEqual([
      expect.objectContaining({ platformId, courseId, contextId: 'c1d887f0-a1a3-4bca-ae25-c375edcc131a', membershipsUrl: platform.membershipsUrl }),
    ]);
  });

  it('provisions the active members a launch would, following next links, a seat per newcomer', async () => {
    const [context] = await contexts(owner);
    const response = await sync(owner, context.id);
    expect(response.statusCode, response.body).toBe(200);
    // Owner, no-nrps and learner-one hold three of the four seats: teacher-7 takes the last one.
    expect(response.json()).toMatchObject({ members: 4, added: 1, enrolled: 0, refusedForSeats: 2, pages: 3, truncated: false });
    expect(platform.membershipRequests).toEqual([platform.membershipsUrl, `${platform.membershipsUrl}?from=2`, `${platform.membershipsUrl}?from=4`]);
    expect(await standing('teacher-7')).toEqual({ role: 'author', enrolled: false });
    expect(await standing('learner-one')).toEqual({ role: 'learner', enrolled: true });
    expect(await standing('learner-two')).toEqual({ role: null, enrolled: false });
    expect(await standing('learner-gone')).toEqual({ role: null, enrolled: false });
    expect((await contexts(owner))[0].lastSyncedAt).not.toBeNull();
  });

  it('enrols the roster’s learners once seats allow, and a second sync changes nothing', async () => {
    const billing = await t.inject({
      method: 'PUT',
      url: '/v1/plugins/billing-fake',
      headers: owner.auth,
      payload: { enabled: true, config: { remote: { plan: 'team', seats: 10 } } },
    });
    expect(billing.statusCode, billing.body).toBe(200);
    const [context] = await contexts(owner);
    expect((await sync(owner, context.id)).json()).toMatchObject({ members: 4, added: 2, enrolled: 2, refusedForSeats: 0 });
    expect(await standing('learner-two')).toEqual({ role: 'learner', enrolled: true });
    expect(await standing('learner-three')).toEqual({ role: 'learner', enrolled: true });
    expect((await sync(owner, context.id)).json()).toMatchObject({ members: 4, added: 0, enrolled: 0, refusedForSeats: 0 });
  });

  it('refuses learners, other organisations and unknown contexts', async () => {
    const [context] = await contexts(owner);
    const learner = await t.join(owner, 'learner@lti-roster.example', 'learner');
    expect((await sync(learner, context.id)).statusCode).toBe(403);
    const stranger = await t.signup('owner@other-roster.example');
    expect(await contexts(stranger)).toEqual([]);
    const foreign = await sync(stranger, context.id);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('MIRAI_ERR_LTI_CONTEXT_NOT_FOUND');
    expect((await sync(owner, crypto.randomUUID())).statusCode).toBe(404);
  });

  it('fails as a problem, provisioning nobody, when a next link leaves the service’s origin or the token is refused', async () => {
    const [context] = await contexts(owner);
    platform.roster = [...platform.roster, { user_id: 'learner-four', roles: [LEARNER] }];
    platform.rosterNext = 'https://attacker.example/roster';
    const offOrigin = await sync(owner, context.id);
    expect(offOrigin.statusCode).toBe(502);
    expect(offOrigin.json()).toMatchObject({ code: 'MIRAI_ERR_LTI_ROSTER_SYNC_FAILED', reason: expect.stringMatching(/origin/) });
    expect(await standing('learner-four')).toEqual({ role: null, enrolled: false });
    platform.rosterNext = null;
    platform.trustTool({ keys: [] });
    const refused = await sync(owner, context.id);
    expect(refused.statusCode).toBe(502);
    expect(refused.json().reason).toMatch(/token endpoint/);
    expect(await standing('learner-four')).toEqual({ role: null, enrolled: false });
  });
});
