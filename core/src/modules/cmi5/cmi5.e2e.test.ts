import { strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { joinAs } from '../learning/testing/learning-fixture.ts';
import { zipScormFolder } from '../scorm/testing/scorm-fixtures.ts';
import { THIRD_PARTY_CMI5 } from './testing/cmi5-fixtures.ts';

let t: TestServer;
let author: SignedUp;
let learner: SignedUp;
const CONTENT_ORIGIN = 'http://127.0.0.1:18082';
const VERSION = { 'x-experience-api-version': '1.0.3' };
const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

async function importBytes(bytes: Uint8Array, fileName = 'course.zip') {
  const { upload, request } = (
    await t.inject({
      method: 'POST',
      url: '/v1/uploads',
      headers: author.auth,
      payload: { fileName, contentType: 'application/zip', size: bytes.length },
    })
  ).json();
  await t.inject({ method: 'PUT', url: pathOf(request.url), headers: { ...request.headers }, payload: Buffer.from(bytes) });
  await t.inject({ method: 'POST', url: `/v1/uploads/${upload.id}/complete`, headers: author.auth });
  return t.inject({ method: 'POST', url: '/v1/cmi5-courses', headers: author.auth, payload: { uploadId: upload.id } });
}

async function launched() {
  const imported = await importBytes(zipScormFolder(THIRD_PARTY_CMI5.catapultMasteryScore));
  expect(imported.statusCode, imported.body).toBe(201);
  const course = imported.json();
  expect((await t.inject({ method: 'POST', url: `/v1/courses/${course.courseId}/publish`, headers: author.auth })).statusCode).toBe(200);
  const enrolment = (await t.inject({ method: 'POST', url: `/v1/courses/${course.courseId}/enrolments`, headers: learner.auth })).json();
  const lessonId: string = course.aus[0].lessonId;
  const launch = async () => {
    const response = await t.inject({ method: 'POST', url: `/v1/enrolments/${enrolment.id}/lessons/${lessonId}/cmi5-launch`, headers: learner.auth });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  return { course, enrolmentId: enrolment.id as string, lessonId, launch };
}

/** The AU's side: read the launch URL, POST to the fetch URL, then talk xAPI with the token. */
async function auOf(launchUrl: string) {
  const query = new URL(launchUrl).searchParams;
  const fetched = (await t.inject({ method: 'POST', url: pathOf(query.get('fetch') ?? '') })).json();
  const token = fetched['auth-token'] as string;
  const actor = JSON.parse(query.get('actor') ?? '{}');
  const registration = query.get('registration') ?? '';
  const activityId = query.get('activityId') ?? '';
  const headers = { ...VERSION, authorization: `Basic ${token}`, 'content-type': 'application/json' };
  const launchData = JSON.parse(
    (
      await t.inject({
        method: 'GET',
        url: `/xapi/activities/state?${new URLSearchParams({ stateId: 'LMS.LaunchData', activityId, agent: JSON.stringify(actor), registration })}`,
        headers,
      })
    ).body,
  );
  const statement = (verb: string, extra: Record<string, unknown> = {}) => ({
    actor,
    verb: { id: verb.includes(':') ? verb : `http://adlnet.gov/expapi/verbs/${verb}` },
    object: { objectType: 'Activity', id: activityId },
    context: {
      ...launchData.contextTemplate,
      registration,
      contextActivities: {
        ...launchData.contextTemplate.contextActivities,
        category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }],
      },
    },
    ...extra,
  });
  const send = (body: unknown) => t.inject({ method: 'POST', url: '/xapi/statements', headers, payload: JSON.stringify(body) });
  return { query, token, actor, registration, activityId, headers, launchData, statement, send };
}

beforeAll(async () => {
  t = await startTestServer({ MIRAI_CONTENT_ORIGIN: CONTENT_ORIGIN, MIRAI_APP_URL: 'http://localhost:3000', LOG_LEVEL: 'error' });
  author = await t.signup('author@cmi5.example');
  learner = await joinAs(t, author, 'learner@cmi5.example', 'learner');
});
afterAll(() => t.close());

describe('cmi5 import', () => {
  it('imports the third-party CATAPULT course: one lesson per AU, its files on the content origin', async () => {
    const response = await importBytes(zipScormFolder(THIRD_PARTY_CMI5.catapultMasteryScore));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      courseIri: 'https://w3id.org/xapi/cmi5/catapult/lts/course/geology-intro-single-au-mastery-score-responsive',
      aus: [{ url: 'index.html', moveOn: 'CompletedOrPassed', masteryScore: 0.3 }],
    });
  });

  it('refuses a cmi5.xml that breaks the schema, naming what is wrong', async () => {
    const response = await importBytes(
      zipScormFolder(THIRD_PARTY_CMI5.catapultMasteryScore, (files) => {
        files['cmi5.xml'] = strToU8(new TextDecoder().decode(files['cmi5.xml']).replace('moveOn="CompletedOrPassed"', 'moveOn="Whenever"'));
      }),
    );
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'MIRAI_ERR_CMI5_STRUCTURE_INVALID' });
    expect(response.json().detail).toContain('moveOn');
  });

  it('refuses a missing AU file, a plain-http AU URL and a zip without cmi5.xml', async () => {
    const missing = await importBytes(zipScormFolder(THIRD_PARTY_CMI5.catapultMasteryScore, (files) => delete files['index.html']));
    expect(missing.json()).toMatchObject({ code: 'MIRAI_ERR_CMI5_FILE_MISSING', files: ['index.html'] });
    const http = await importBytes(
      zipScormFolder(THIRD_PARTY_CMI5.catapultMasteryScore, (files) => {
        files['cmi5.xml'] = strToU8(
          new TextDecoder().decode(files['cmi5.xml']).replace('<url>index.html</url>', '<url>http://au.example/index.html</url>'),
        );
      }),
    );
    expect(http.json()).toMatchObject({ code: 'MIRAI_ERR_CMI5_AU_URL_REFUSED' });
    const none = await importBytes(zipScormFolder(THIRD_PARTY_CMI5.catapultMasteryScore, (files) => delete files['cmi5.xml']));
    expect(none.json()).toMatchObject({ code: 'MIRAI_ERR_CMI5_STRUCTURE_MISSING' });
  });

  it('imports a bare cmi5.xml whose AU is absolute https', async () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://au.example/course"><title><langstring lang="en">Remote</langstring></title><description><langstring lang="en">d</langstring></description></course>
  <au id="https://au.example/au/1"><title><langstring lang="en">Remote AU</langstring></title><description><langstring lang="en">d</langstring></description><url>https://au.example/index.html</url></au>
</courseStructure>`;
    const response = await importBytes(strToU8(xml), 'cmi5.xml');
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ fileCount: 0, aus: [{ url: 'https://au.example/index.html', moveOn: 'NotApplicable' }] });
  });
});

describe('cmi5 launch with Mirai as the LRS', () => {
  it('launches: launch URL parameters, LaunchData, learner preferences, launched statement; the fetch URL works once', async () => {
    const { launch } = await launched();
    const first = await launch();
    expect(first.launchUrl.startsWith(`${CONTENT_ORIGIN}/cmi5/`)).toBe(true);
    const query = new URL(first.launchUrl).searchParams;
    expect(query.get('endpoint')).toMatch(/\/xapi$/);
    expect(query.get('registration')).toBe(first.registration);
    const content = t.server.content;
    if (content === undefined) throw new Error('no content server');
    const page = await content.inject({ method: 'GET', url: pathOf(first.launchUrl) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('cmi5.min.js');
    // The AU may connect to the LRS and nothing else of the API.
    expect(page.headers['content-security-policy']).toMatch(/connect-src 'self' http:\/\/[^ ;]+\/xapi\/;/);
    const au = await auOf(first.launchUrl);
    expect(au.launchData).toMatchObject({
      launchMode: 'Normal',
      moveOn: 'CompletedOrPassed',
      masteryScore: 0.3,
      contextTemplate: { extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': first.sessionId } },
    });
    expect(au.launchData.returnURL).toContain('http://localhost:3000/learn/');
    const again = await t.inject({ method: 'POST', url: pathOf(au.query.get('fetch') ?? '') });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ 'error-code': '1', 'error-text': 'Already in Use' });
    const prefs = await t.inject({
      method: 'GET',
      url: `/xapi/agents/profile?${new URLSearchParams({ profileId: 'cmi5LearnerPreferences', agent: JSON.stringify(au.actor) })}`,
      headers: au.headers,
    });
    expect(prefs.json()).toMatchObject({ languagePreference: expect.any(String) });
    const statements = (await t.inject({ method: 'GET', url: '/xapi/statements', headers: au.headers })).json().statements;
    expect(statements.map((s: { verb: { id: string } }) => s.verb.id)).toEqual(['http://adlnet.gov/expapi/verbs/launched']);
  });

  it('keeps cmi5 order, rolls a pass into progress and the gradebook, and sends satisfied for the course', async () => {
    const { launch, enrolmentId, course } = await launched();
    const au = await auOf((await launch()).launchUrl);
    const early = await au.send(au.statement('completed'));
    expect(early.statusCode).toBe(400);
    expect(early.json()).toMatchObject({ code: 'MIRAI_ERR_CMI5_STATEMENT_REFUSED' });
    expect(early.json().detail).toContain('initialized');
    expect((await au.send(au.statement('initialized'))).statusCode).toBe(200);
    const lms = await au.send(au.statement('https://w3id.org/xapi/adl/verbs/satisfied'));
    expect(lms.json().detail).toContain("LMS's to send");
    const noSession = au.statement('passed', { result: { score: { scaled: 0.9 }, success: true } });
    const noSessionContext = { ...noSession, context: { ...noSession.context, extensions: {} } };
    expect((await au.send(noSessionContext)).json().detail).toContain('sessionid');
    const lowPass = await au.send(au.statement('passed', { result: { score: { scaled: 0.1 }, success: true } }));
    expect(lowPass.json().detail).toContain('mastery score');
    const passed = await au.send(au.statement('passed', { result: { score: { scaled: 0.9 }, success: true } }));
    expect(passed.statusCode, passed.body).toBe(200);
    expect((await au.send(au.statement('terminated'))).statusCode).toBe(200);
    const late = await au.send(au.statement('experienced'));
    expect(late.json().detail).toContain('terminated');
    const mine = (await t.inject({ method: 'GET', url: '/v1/me/enrolments', headers: learner.auth })).json();
    const enrolment = mine.items.find((item: { id: string }) => item.id === enrolmentId);
    expect(enrolment).toMatchObject({
      completedLessons: 1,
      totalLessons: 1,
      lessons: [{ quizzes: [{ blockId: 'cmi5-au', bestCorrect: 90, total: 100, passed: true }] }],
    });
    const book = await t.inject({ method: 'GET', url: `/v1/courses/${course.courseId}/gradebook`, headers: author.auth });
    expect(book.statusCode, book.body).toBe(200);
    expect(book.body).toContain('90');
    const satisfied = (
      await t.inject({
        method: 'GET',
        url: `/xapi/statements?${new URLSearchParams({ verb: 'https://w3id.org/xapi/adl/verbs/satisfied' })}`,
        headers: au.headers,
      })
    ).json().statements;
    expect(satisfied.map((s: { object: { id: string } }) => s.object.id)).toEqual([course.courseIri]);
  });

  it('scopes the token to its registration and learner', async () => {
    const { launch } = await launched();
    const au = await auOf((await launch()).launchUrl);
    const other = crypto.randomUUID();
    const state = await t.inject({
      method: 'GET',
      url: `/xapi/activities/state?${new URLSearchParams({ stateId: 'LMS.LaunchData', activityId: au.activityId, agent: JSON.stringify(au.actor), registration: other })}`,
      headers: au.headers,
    });
    expect(state.statusCode).toBe(403);
    const foreign = await au.send({ ...au.statement('initialized'), context: { ...au.statement('initialized').context, registration: other } });
    expect(foreign.statusCode).toBe(400);
    const profile = await t.inject({
      method: 'GET',
      url: `/xapi/agents/profile?${new URLSearchParams({ profileId: 'cmi5LearnerPreferences', agent: JSON.stringify({ mbox: 'mailto:x@y.example' }) })}`,
      headers: au.headers,
    });
    expect(profile.statusCode).toBe(403);
  });

  it('answers CORS for the content origin on /xapi/ only', async () => {
    const preflight = (url: string) =>
      t.inject({
        method: 'OPTIONS',
        url,
        headers: { origin: CONTENT_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    expect((await preflight('/xapi/statements')).headers['access-control-allow-origin']).toBe(CONTENT_ORIGIN);
    expect((await preflight('/v1/cmi5-courses')).headers['access-control-allow-origin']).toBeUndefined();
  });
});
