import { strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { joinAs } from '../learning/testing/learning-fixture.ts';
import { THIRD_PARTY_SCORM, zipScormFolder } from './testing/scorm-fixtures.ts';

let t: TestServer;
let author: SignedUp;
let learner: SignedUp;

const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

/** The author's flow: announce, PUT to the presigned URL, complete, import. */
async function importZip(zip: Uint8Array) {
  const { upload, request } = (
    await t.inject({
      method: 'POST',
      url: '/v1/uploads',
      headers: author.auth,
      payload: { fileName: 'package.zip', contentType: 'application/zip', size: zip.length },
    })
  ).json();
  await t.inject({ method: 'PUT', url: pathOf(request.url), headers: { ...request.headers }, payload: Buffer.from(zip) });
  await t.inject({ method: 'POST', url: `/v1/uploads/${upload.id}/complete`, headers: author.auth });
  return t.inject({ method: 'POST', url: '/v1/scorm-packages', headers: author.auth, payload: { uploadId: upload.id } });
}

async function publishedAndEnrolled(zip: Uint8Array) {
  const imported = await importZip(zip);
  expect(imported.statusCode, imported.body).toBe(201);
  const body = imported.json();
  expect((await t.inject({ method: 'POST', url: `/v1/courses/${body.courseId}/publish`, headers: author.auth })).statusCode).toBe(200);
  const enrolment = (await t.inject({ method: 'POST', url: `/v1/courses/${body.courseId}/enrolments`, headers: learner.auth })).json();
  return { imported: body, enrolmentId: enrolment.id as string, lessonId: body.scos[0].lessonId as string };
}

const content = () => {
  const server = t.server.content;
  if (server === undefined) throw new Error('no content server');
  return server;
};

beforeAll(async () => {
  t = await startTestServer({ MIRAI_CONTENT_ORIGIN: 'http://127.0.0.1:18081', MIRAI_APP_URL: 'http://localhost:3000' });
  author = await t.signup('author@scorm.example');
  learner = await joinAs(t, author, 'learner@scorm.example', 'learner');
});
afterAll(() => t.close());

describe('SCORM import, launch, CMI persistence and resume', () => {
  it('imports the third-party SCORM 1.2 Golf sample as a course with one lesson per SCO', async () => {
    const response = await importZip(zipScormFolder(THIRD_PARTY_SCORM.scorm12));
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      version: '1.2',
      identifier: 'com.scorm.golfsamples.runtime.basicruntime.12',
      title: 'Golf Explained - Run-time Basic Calls',
    });
    expect(body.scos).toHaveLength(1);
    const outline = (await t.inject({ method: 'GET', url: `/v1/courses/${body.courseId}/outline`, headers: author.auth })).json();
    expect(JSON.stringify(outline)).toContain('Golf Explained');
  });

  it('refuses a bad package with problem+json naming the missing file', async () => {
    const response = await importZip(zipScormFolder(THIRD_PARTY_SCORM.scorm12, (files) => delete files['shared/scormfunctions.js']));
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'MIRAI_ERR_SCORM_FILE_MISSING', files: ['shared/scormfunctions.js'] });
  });

  it('only lets authors import', async () => {
    const response = await t.inject({ method: 'POST', url: '/v1/scorm-packages', headers: learner.auth, payload: { uploadId: crypto.randomUUID() } });
    expect(response.statusCode).toBe(403);
  });

  it('persists every commit, resumes from it on the next launch and completes the lesson', async () => {
    const { imported, enrolmentId, lessonId } = await publishedAndEnrolled(zipScormFolder(THIRD_PARTY_SCORM.scorm12));
    const url = `/v1/enrolments/${enrolmentId}/lessons/${lessonId}/scorm`;
    const first = (await t.inject({ method: 'GET', url, headers: learner.auth })).json();
    expect(first).toMatchObject({ version: '1.2', cmi: { core: { entry: 'ab-initio', student_id: learner.userId } } });
    expect(first.launcherUrl.startsWith('http://127.0.0.1:18081/scorm-launcher/')).toBe(true);
    expect(first.scoUrl).toMatch(/^http:\/\/127\.0\.0\.1:18081\/scorm\/[^/]+\/shared\/launchpage\.html$/);

    const suspended = {
      core: {
        lesson_location: 'Playing/Par.html',
        lesson_status: 'incomplete',
        exit: 'suspend',
        session_time: '00:02:00',
        score: { raw: '', min: '', max: '' },
      },
      suspend_data: 'page=3',
      interactions: { 0: { id: 'q1', result: 'correct', student_response: 'a' } },
      objectives: { 0: { id: 'obj_etiquette', status: 'passed' } },
    };
    const commit = await t.inject({ method: 'PUT', url, headers: learner.auth, payload: { cmi: suspended } });
    expect(commit.json()).toMatchObject({ completionStatus: 'incomplete', lessonCompleted: false, commits: 1 });
    const terminated = { ...suspended, core: { ...suspended.core, total_time: '00:02:00' } };
    expect((await t.inject({ method: 'PUT', url, headers: learner.auth, payload: { cmi: terminated } })).json()).toMatchObject({
      totalTime: '00:02:00',
      commits: 2,
    });

    // Another device: the launch carries the stored data, marked as a resume, without the old session time.
    const resumed = (await t.inject({ method: 'GET', url, headers: learner.auth })).json();
    expect(resumed.cmi).toMatchObject({
      suspend_data: 'page=3',
      core: { lesson_location: 'Playing/Par.html', entry: 'resume', total_time: '00:02:00' },
      interactions: { 0: { id: 'q1', result: 'correct' } },
      objectives: { 0: { id: 'obj_etiquette', status: 'passed' } },
    });
    expect(resumed.cmi.core.session_time).toBeUndefined();

    const passed = { ...terminated, core: { ...terminated.core, lesson_status: 'passed', exit: '', score: { raw: '80', min: '0', max: '100' } } };
    const done = (await t.inject({ method: 'PUT', url, headers: learner.auth, payload: { cmi: passed } })).json();
    expect(done).toMatchObject({ completionStatus: 'completed', successStatus: 'passed', scoreScaled: 0.8, scoreRaw: 80, lessonCompleted: true });
    const { items } = (await t.inject({ method: 'GET', url: '/v1/me/enrolments', headers: learner.auth })).json();
    const mine = items.find((e: { id: string }) => e.id === enrolmentId);
    expect(mine).toMatchObject({ completedLessons: 1, totalLessons: 1 });
    expect(mine.completedAt).not.toBeNull();
    // The scored, terminated sitting is kept with quiz attempts, so reports and the gradebook show it.
    const report = (await t.inject({ method: 'GET', url: `/v1/courses/${imported.courseId}/enrolments`, headers: author.auth })).body;
    expect(report).toContain('scorm-sco');
    expect(report).toContain('"bestCorrect":80');
    // The SCO's own total time is the lesson's time spent; the lesson page's report of the same sitting is not added to it.
    const timeSpent = async () =>
      (await t.inject({ method: 'GET', url: `/v1/courses/${imported.courseId}/gradebook`, headers: author.auth }))
        .json()
        .items.find((row: { email: string }) => row.email === 'learner@scorm.example').timeSpentSeconds;
    expect(await timeSpent()).toBe(120);
    await t.inject({
      method: 'POST',
      url: `/v1/enrolments/${enrolmentId}/lessons/${lessonId}/time`,
      headers: learner.auth,
      payload: { seconds: 30 },
    });
    expect(await timeSpent()).toBe(120);
  });

  it('keeps one learner out of another learner’s attempt', async () => {
    const { enrolmentId, lessonId } = await publishedAndEnrolled(zipScormFolder(THIRD_PARTY_SCORM.scorm12));
    const other = await joinAs(t, author, 'other@scorm.example', 'learner');
    const url = `/v1/enrolments/${enrolmentId}/lessons/${lessonId}/scorm`;
    expect((await t.inject({ method: 'GET', url, headers: other.auth })).statusCode).toBe(404);
    expect((await t.inject({ method: 'PUT', url, headers: other.auth, payload: { cmi: {} } })).statusCode).toBe(404);
  });

  it('serves package files only from the content origin, with a CSP and no cookies', async () => {
    const { enrolmentId, lessonId } = await publishedAndEnrolled(zipScormFolder(THIRD_PARTY_SCORM.scorm2004));
    const launch = (await t.inject({ method: 'GET', url: `/v1/enrolments/${enrolmentId}/lessons/${lessonId}/scorm`, headers: learner.auth })).json();
    expect(launch.version).toBe('2004');
    const page = await content().inject({ method: 'GET', url: pathOf(launch.scoUrl) });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('scormfunctions.js');
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'self' http://localhost:3000");
    expect(page.headers['set-cookie']).toBeUndefined();
    const launcher = await content().inject({ method: 'GET', url: pathOf(launch.launcherUrl) });
    expect(launcher.body).toContain('/scorm-launcher-assets/scorm2004.js');
    expect(launcher.headers['content-security-policy']).toContain("script-src 'self'");
    // A forged or altered token serves nothing, and the API does not serve package files at all.
    const forged = pathOf(launch.scoUrl).replace(/\/scorm\/([^/]+)\//, (_m, token: string) => `/scorm/${token.slice(0, -2)}xx/`);
    expect((await content().inject({ method: 'GET', url: forged })).statusCode).toBe(404);
    expect((await t.inject({ method: 'GET', url: pathOf(launch.scoUrl) })).statusCode).toBe(404);
    expect(
      (await content().inject({ method: 'GET', url: `${pathOf(launch.scoUrl).replace(/shared\/launchpage\.html$/, '')}..%2Fimsmanifest.xml` }))
        .statusCode,
    ).toBe(404);
  });

  it('refuses a package script calling the API with the learner’s cookie from the content origin', async () => {
    const { enrolmentId, lessonId } = await publishedAndEnrolled(zipScormFolder(THIRD_PARTY_SCORM.scorm12));
    const cookie = `mirai_session=${learner.token}`;
    const url = `/v1/enrolments/${enrolmentId}/lessons/${lessonId}/scorm`;
    const forged = await t.inject({
      method: 'PUT',
      url,
      headers: { cookie, origin: 'http://127.0.0.1:18081', 'content-type': 'application/json' },
      payload: strToU8(JSON.stringify({ cmi: { core: { lesson_status: 'passed' } } })),
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('MIRAI_ERR_ORIGIN_REFUSED');
    const launch = (await t.inject({ method: 'GET', url, headers: learner.auth })).json();
    expect(launch.cmi.core.lesson_status).toBeUndefined();
    const preflight = await t.inject({
      method: 'OPTIONS',
      url,
      headers: { origin: 'http://127.0.0.1:18081', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});
