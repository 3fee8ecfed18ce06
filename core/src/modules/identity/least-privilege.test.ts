import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';

// Each role reads what it needs and no more; another organisation's ids are 404 everywhere.
let t: TestServer;
let owner: SignedUp;
let author: SignedUp;
let learner: SignedUp;
let outsider: SignedUp;

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signup('narrow-owner@example.com');
  author = await t.join(owner, 'narrow-author@example.com', 'author');
  learner = await t.join(owner, 'narrow-learner@example.com', 'learner');
  outsider = await t.signup('narrow-outsider@example.com');
});
afterAll(() => t.close());

describe('least privilege', () => {
  it("a learner cannot sign a download of the organisation's uploads; authors can", async () => {
    const file = Buffer.from('answer key');
    const created = await t.inject({
      method: 'POST',
      url: '/v1/uploads',
      headers: author.auth,
      payload: { fileName: 'answers.txt', contentType: 'text/plain', size: file.length },
    });
    const { upload, request } = created.json<{ upload: { id: string }; request: { url: string; headers: Record<string, string> } }>();
    const put = new URL(request.url);
    expect((await t.inject({ method: 'PUT', url: `${put.pathname}${put.search}`, headers: request.headers, payload: file })).statusCode).toBeLessThan(
      300,
    );
    expect((await t.inject({ method: 'POST', url: `/v1/uploads/${upload.id}/complete`, headers: author.auth })).statusCode).toBe(200);

    const asLearner = await t.inject({ method: 'GET', url: `/v1/uploads/${upload.id}/download`, headers: learner.auth });
    expect(asLearner.statusCode).toBe(403);
    expect(asLearner.json().code).toBe('MIRAI_ERR_AUTH_FORBIDDEN');
    expect((await t.inject({ method: 'GET', url: `/v1/uploads/${upload.id}/download`, headers: author.auth })).statusCode).toBe(200);
  });

  it("only the organisation's managers read its billing", async () => {
    expect((await t.inject({ method: 'GET', url: '/v1/billing', headers: learner.auth })).statusCode).toBe(403);
    expect((await t.inject({ method: 'GET', url: '/v1/billing', headers: author.auth })).statusCode).toBe(403);
    expect((await t.inject({ method: 'GET', url: '/v1/billing', headers: owner.auth })).statusCode).toBe(200);
  });

  it("another organisation's course has no exports list: 404, as for every foreign id", async () => {
    const course = await t.inject({ method: 'POST', url: '/v1/courses', headers: owner.auth, payload: { title: 'Exported elsewhere' } });
    const courseId = course.json<{ id: string }>().id;
    expect((await t.inject({ method: 'GET', url: `/v1/courses/${courseId}/exports`, headers: owner.auth })).json()).toEqual({ items: [] });
    const foreign = await t.inject({ method: 'GET', url: `/v1/courses/${courseId}/exports`, headers: outsider.auth });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('MIRAI_ERR_COURSE_NOT_FOUND');
  });
});
