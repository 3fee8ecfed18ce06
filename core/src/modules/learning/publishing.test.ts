import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { authoredCourse, joinAs, saveBlocks } from './testing/learning-fixture.ts';

let t: TestServer;
let owner: SignedUp;
let learner: SignedUp;

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signup('owner@publish.example');
  learner = await joinAs(t, owner, 'learner@publish.example', 'learner');
});
afterAll(() => t.close());

const catalogue = async (user: SignedUp) => (await t.inject({ method: 'GET', url: '/v1/catalogue', headers: user.auth })).json().items;

describe('publishing', () => {
  it('refuses a course with a lesson without content, naming the lesson', async () => {
    const { courseId } = await authoredCourse(t, owner, false);
    const response = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/publish`, headers: owner.auth });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'MIRAI_ERR_COURSE_NOT_PUBLISHABLE' });
    expect(response.json().detail).toContain('"Team lifts"');
    expect(await catalogue(learner)).toEqual([]);
  });

  it('refuses an empty outline', async () => {
    const courseId = (await t.inject({ method: 'POST', url: '/v1/courses', headers: owner.auth, payload: { title: 'Empty' } })).json().id;
    const response = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/publish`, headers: owner.auth });
    expect(response.json()).toMatchObject({ status: 409, code: 'MIRAI_ERR_COURSE_NOT_PUBLISHABLE' });
    const publication = await t.inject({ method: 'GET', url: `/v1/courses/${courseId}/publication`, headers: owner.auth });
    expect(publication.statusCode).toBe(200);
    expect(publication.json()).toBeNull();
  });

  it('only lets authors publish', async () => {
    const { courseId } = await authoredCourse(t, owner);
    const response = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/publish`, headers: learner.auth });
    expect(response.json()).toMatchObject({ status: 403, code: 'MIRAI_ERR_AUTH_FORBIDDEN' });
  });

  it('pins the lesson versions: later edits reach learners only after republishing', async () => {
    const { courseId, lessonIds } = await authoredCourse(t, owner);
    const first = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/publish`, headers: owner.auth });
    expect(first.json()).toMatchObject({ courseId, number: 1, lessonCount: 2, status: 'published' });
    expect((await catalogue(learner)).map((c: { id: string }) => c.id)).toContain(courseId);

    await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/enrolments`, headers: learner.auth });
    const lessonUrl = `/v1/catalogue/${courseId}/lessons/${lessonIds[1]}`;
    const changes = async () => {
      const { changedLessons, outlineChanged } = (
        await t.inject({ method: 'GET', url: `/v1/courses/${courseId}/publication`, headers: owner.auth })
      ).json();
      return { changedLessons, outlineChanged };
    };
    expect(await changes()).toEqual({ changedLessons: 0, outlineChanged: false });
    await saveBlocks(t, owner, lessonIds[1], [{ id: 'intro', type: 'markdown', markdown: 'Edited after publishing.' }]);
    expect(await changes()).toEqual({ changedLessons: 1, outlineChanged: false });
    await t.inject({
      method: 'PUT',
      url: `/v1/courses/${courseId}/outline`,
      headers: owner.auth,
      payload: { modules: [{ title: 'Renamed', lessons: [{ id: lessonIds[0], title: 'Posture', objectives: [] }] }] },
    });
    // The edited lesson left the outline: still one lesson that publishing would change (remove).
    expect(await changes()).toEqual({ changedLessons: 1, outlineChanged: true });
    const before = (await t.inject({ method: 'GET', url: lessonUrl, headers: learner.auth })).json();
    expect(before.blocks).toEqual([{ id: 'intro', type: 'markdown', markdown: 'One person gives the commands.' }]);
    expect((await t.inject({ method: 'GET', url: `/v1/catalogue/${courseId}`, headers: learner.auth })).json().modules[0].title).toBe('Basics');

    const second = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/publish`, headers: owner.auth });
    expect(second.json()).toMatchObject({ number: 2, lessonCount: 1 });
    expect(await changes()).toEqual({ changedLessons: 0, outlineChanged: false });
    const course = (await t.inject({ method: 'GET', url: `/v1/catalogue/${courseId}`, headers: learner.auth })).json();
    expect(course.modules).toEqual([{ id: expect.any(String), title: 'Renamed', lessons: [{ id: lessonIds[0], title: 'Posture', objectives: [] }] }]);
    expect((await t.inject({ method: 'GET', url: lessonUrl, headers: learner.auth })).json()).toMatchObject({ code: 'MIRAI_ERR_LESSON_NOT_FOUND' });
  });

  it('unpublishing hides the course but keeps enrolments', async () => {
    const { courseId, lessonIds } = await authoredCourse(t, owner);
    await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/publish`, headers: owner.auth });
    await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/enrolments`, headers: learner.auth });
    const off = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/unpublish`, headers: owner.auth });
    expect(off.json()).toMatchObject({ status: 'unpublished', number: 1 });
    expect((await t.inject({ method: 'GET', url: `/v1/courses/${courseId}`, headers: owner.auth })).json().status).toBe('ready');
    expect((await catalogue(learner)).map((c: { id: string }) => c.id)).not.toContain(courseId);
    const lesson = await t.inject({ method: 'GET', url: `/v1/catalogue/${courseId}/lessons/${lessonIds[0]}`, headers: learner.auth });
    expect(lesson.json()).toMatchObject({ status: 404, code: 'MIRAI_ERR_COURSE_NOT_PUBLISHED' });
    const mine = (await t.inject({ method: 'GET', url: '/v1/me/enrolments', headers: learner.auth })).json().items;
    expect(mine.find((e: { courseId: string }) => e.courseId === courseId)).toMatchObject({ courseAvailable: false, totalLessons: 2 });
    const again = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/unpublish`, headers: owner.auth });
    expect(again.json()).toMatchObject({ status: 409, code: 'MIRAI_ERR_COURSE_STATE' });
    expect((await t.inject({ method: 'GET', url: `/v1/courses/${courseId}/publication`, headers: owner.auth })).json()).toMatchObject({
      status: 'unpublished',
    });
  });
});
