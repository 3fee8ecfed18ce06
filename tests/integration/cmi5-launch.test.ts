import { type SignedUp, startTestServer, type TestServer, THIRD_PARTY_CMI5, zipScormFolder } from '@mirai/core/testing';
import type { Statement } from '@xapi/xapi';
import xapiPackage from '@xapi/xapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A cmi5 launch driven over HTTP the way an AU does, with a third-party xAPI client (@xapi/xapi):
// the launch URL's fetch URL gives the auth token, which is the AU's LRS credential.

type XapiClass = typeof xapiPackage.default;
const XAPI: XapiClass = (xapiPackage as unknown as { default?: XapiClass }).default ?? (xapiPackage as unknown as XapiClass);

let t: TestServer;
let url: string;
let author: SignedUp;
let learner: SignedUp;

const pathOf = (address: string) => `${new URL(address).pathname}${new URL(address).search}`;

async function launchUrl(): Promise<string> {
  const zip = zipScormFolder(THIRD_PARTY_CMI5.catapultMasteryScore);
  const { upload, request } = (
    await t.inject({
      method: 'POST',
      url: '/v1/uploads',
      headers: author.auth,
      payload: { fileName: 'c.zip', contentType: 'application/zip', size: zip.length },
    })
  ).json();
  await t.inject({ method: 'PUT', url: pathOf(request.url), headers: { ...request.headers }, payload: Buffer.from(zip) });
  await t.inject({ method: 'POST', url: `/v1/uploads/${upload.id}/complete`, headers: author.auth });
  const course = (await t.inject({ method: 'POST', url: '/v1/cmi5-courses', headers: author.auth, payload: { uploadId: upload.id } })).json();
  await t.inject({ method: 'POST', url: `/v1/courses/${course.courseId}/publish`, headers: author.auth });
  const enrolment = (await t.inject({ method: 'POST', url: `/v1/courses/${course.courseId}/enrolments`, headers: learner.auth })).json();
  const launch = await t.inject({
    method: 'POST',
    url: `/v1/enrolments/${enrolment.id}/lessons/${course.aus[0].lessonId}/cmi5-launch`,
    headers: learner.auth,
  });
  expect(launch.statusCode, launch.body).toBe(200);
  return launch.json().launchUrl;
}

beforeAll(async () => {
  t = await startTestServer({ MIRAI_CONTENT_ORIGIN: 'http://127.0.0.1:18083' });
  url = await t.server.app.listen({ port: 0, host: '127.0.0.1' });
  author = await t.signup('author@cmi5-client.example');
  learner = await t.join(author, 'learner@cmi5-client.example', 'learner');
});
afterAll(() => t.close());

describe('a cmi5 launch driven by @xapi/xapi', () => {
  it('fetches the token once, reads LaunchData, initializes, passes, terminates, and is refused after', async () => {
    const query = new URL(await launchUrl()).searchParams;
    // The launch URL names the configured public URL; this test's server listens on a free port.
    const endpoint = `${url}${pathOf(query.get('endpoint') ?? '')}`;
    const fetchUrl = `${url}${pathOf(query.get('fetch') ?? '')}`;
    const first = await (await fetch(fetchUrl, { method: 'POST' })).json();
    const replay = await fetch(fetchUrl, { method: 'POST' });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ 'error-code': '1', 'error-text': 'Already in Use' });

    const lrs = new XAPI({ endpoint: `${endpoint}/`, auth: `Basic ${first['auth-token']}` });
    const actor = JSON.parse(query.get('actor') ?? '{}');
    const registration = query.get('registration') ?? '';
    const activityId = query.get('activityId') ?? '';
    const launchData = (await lrs.getState({ agent: actor, activityId, registration, stateId: 'LMS.LaunchData' })).data as {
      contextTemplate: { contextActivities: Record<string, unknown>; extensions: Record<string, unknown> };
      masteryScore: number;
    };
    expect(launchData.masteryScore).toBe(0.3);
    const statement = (verb: string, result?: Statement['result']): Statement => ({
      actor,
      verb: { id: `http://adlnet.gov/expapi/verbs/${verb}` },
      object: { objectType: 'Activity', id: activityId },
      ...(result === undefined ? {} : { result }),
      context: {
        registration,
        contextActivities: {
          ...launchData.contextTemplate.contextActivities,
          category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }],
        },
        extensions: launchData.contextTemplate.extensions,
      },
    });
    await lrs.sendStatements({ statements: [statement('initialized'), statement('passed', { score: { scaled: 0.8 }, success: true })] });
    await lrs.sendStatement({ statement: statement('terminated') });
    const after = await lrs.sendStatement({ statement: statement('completed') }).then(
      () => 200,
      (error: { response?: { status?: number } }) => error.response?.status ?? 0,
    );
    expect(after).toBe(400);
    const verbs = (await lrs.getStatements({ registration, ascending: true })).data.statements.map((s) => s.verb.id.split('/').pop());
    expect(verbs).toEqual(['launched', 'initialized', 'passed', 'satisfied', 'terminated']);
  });
});
