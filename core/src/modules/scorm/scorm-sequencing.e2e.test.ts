import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { joinAs } from '../learning/testing/learning-fixture.ts';
import { MIRAI_SEQUENCING_SAMPLE, zipScormFolder } from './testing/scorm-fixtures.ts';

// The package is Mirai's own test package mirroring ADL's sequencing examples (see its SOURCE.md), not ADL's.
let t: TestServer;
let author: SignedUp;

const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

async function importAndEnrol(learnerEmail: string) {
  const zip = zipScormFolder(MIRAI_SEQUENCING_SAMPLE);
  const { upload, request } = (
    await t.inject({
      method: 'POST',
      url: '/v1/uploads',
      headers: author.auth,
      payload: { fileName: 'sequencing.zip', contentType: 'application/zip', size: zip.length },
    })
  ).json();
  await t.inject({ method: 'PUT', url: pathOf(request.url), headers: { ...request.headers }, payload: Buffer.from(zip) });
  await t.inject({ method: 'POST', url: `/v1/uploads/${upload.id}/complete`, headers: author.auth });
  const imported = await t.inject({ method: 'POST', url: '/v1/scorm-packages', headers: author.auth, payload: { uploadId: upload.id } });
  expect(imported.statusCode, imported.body).toBe(201);
  const body = imported.json();
  expect((await t.inject({ method: 'POST', url: `/v1/courses/${body.courseId}/publish`, headers: author.auth })).statusCode).toBe(200);
  const learner = await joinAs(t, author, learnerEmail, 'learner');
  const enrolment = (await t.inject({ method: 'POST', url: `/v1/courses/${body.courseId}/enrolments`, headers: learner.auth })).json();
  const lesson = Object.fromEntries(
    (body.scos as Array<{ itemIdentifier: string; lessonId: string }>).map((sco) => [sco.itemIdentifier, sco.lessonId]),
  );
  const url = (item: string) => `/v1/enrolments/${enrolment.id}/lessons/${lesson[item]}/scorm`;
  return {
    learner,
    enrolmentId: enrolment.id as string,
    lesson,
    launch: (item: string, via?: 'continue' | 'previous') =>
      t.inject({ method: 'GET', url: `${url(item)}${via === undefined ? '' : `?request=${via}`}`, headers: learner.auth }),
    /** One SCO session's end: a terminating commit carrying the SCO's adl.nav.request. */
    finish: async (item: string, cmi: Record<string, unknown>, navRequest: string) => {
      const response = await t.inject({
        method: 'PUT',
        url: url(item),
        headers: learner.auth,
        payload: { cmi: { ...cmi, total_time: 'PT1M' }, navRequest },
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    },
  };
}

const passed = (scaled: string) => ({
  completion_status: 'completed',
  success_status: Number(scaled) >= 0.8 ? 'passed' : 'failed',
  score: { scaled },
});

beforeAll(async () => {
  t = await startTestServer({ MIRAI_CONTENT_ORIGIN: 'http://127.0.0.1:18081', MIRAI_APP_URL: 'http://localhost:3000' });
  author = await t.signup('author@scorm-seq.example');
});
afterAll(() => t.close());

describe('SCORM 2004 sequencing through the API', () => {
  it('imports the package keeping its clusters’ sequencing and launches what the rules allow', async () => {
    const run = await importAndEnrol('first@scorm-seq.example');
    expect(Object.keys(run.lesson)).toEqual(['pretest_item', 'lesson_1_item', 'lesson_2_item', 'appendix_item', 'posttest_item']);
    // The post-test is disabled until the content's global objective is satisfied.
    const refused = await run.launch('posttest_item');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_SCORM_NAVIGATION_REFUSED', detail: expect.stringContaining('Post-test') });

    const pretest = (await run.launch('pretest_item')).json();
    expect(pretest.navigation.requestValid).toMatchObject({ continue: true, previous: false, choice: { posttest_item: false, lesson_1_item: true } });
    expect(pretest.navigation.lessons.find((l: { itemIdentifier: string }) => l.itemIdentifier === 'appendix_item')).toMatchObject({
      hidden: true,
      available: false,
    });
    expect(pretest.nextLessonId).toBe(run.lesson.lesson_1_item);

    // A failed pretest writes the global objective unsatisfied: the content is not skipped.
    expect((await run.finish('pretest_item', passed('0.5'), 'continue')).navigation).toEqual({
      action: 'launch',
      lessonId: run.lesson.lesson_1_item,
    });
    const lesson1 = (await run.launch('lesson_1_item')).json();
    // forwardOnly content cluster; the pretest's single attempt is used up.
    expect(lesson1.navigation.requestValid).toMatchObject({ previous: false, choice: { pretest_item: false } });
    expect(lesson1.cmi.objectives).toBeUndefined();

    // Leaving lesson 1 incomplete: the shared post-condition rule retries it.
    expect((await run.finish('lesson_1_item', { completion_status: 'incomplete' }, 'continue')).navigation).toEqual({
      action: 'launch',
      lessonId: run.lesson.lesson_1_item,
    });
    (await run.launch('lesson_1_item')).json();
    expect((await run.finish('lesson_1_item', passed('1'), 'continue')).navigation).toEqual({ action: 'launch', lessonId: run.lesson.lesson_2_item });
    const lesson2 = (await run.launch('lesson_2_item')).json();
    // cmi.objectives starts with the activity's objective ids (here its primary objective's).
    expect(lesson2.cmi.objectives).toEqual({ 0: { id: 'lesson_2_satisfied', success_status: 'unknown' } });
    expect(lesson2.previousLessonId).toBeNull();

    // Lesson 2 satisfied writes the global: flow goes on to the appendix, then the post-test opens.
    expect((await run.finish('lesson_2_item', passed('0.9'), 'continue')).navigation).toEqual({
      action: 'launch',
      lessonId: run.lesson.appendix_item,
    });
    const appendix = (await run.launch('appendix_item')).json();
    expect(appendix.nextLessonId).toBe(run.lesson.posttest_item);
    expect(appendix.navigation.requestValid.choice.posttest_item).toBe(true);
    const posttest = (await run.launch('posttest_item', 'continue')).json();
    expect(posttest.cmi.objectives).toEqual({
      0: { id: 'posttest_satisfied', success_status: 'unknown' },
      1: { id: 'content_mastered', success_status: 'passed' },
    });
    expect(posttest.navigation.course).toEqual({ completed: null, satisfied: null });

    // Passing the post-test (measure ≥ 0.8) satisfies the root; its post-condition exits the course.
    const done = await run.finish('posttest_item', passed('0.85'), '_none_');
    expect(done.navigation).toEqual({ action: 'end' });
    const { items } = (await t.inject({ method: 'GET', url: '/v1/me/enrolments', headers: run.learner.auth })).json();
    const mine = items.find((e: { id: string }) => e.id === run.enrolmentId);
    // The root's rollup completes the course although the hidden appendix and the pretest's lesson never completed.
    expect(mine.completedLessons).toBeLessThan(mine.totalLessons);
    expect(mine.completedAt).not.toBeNull();
  });

  it('skips the content cluster after a passed pretest, and refuses previous where flow does not allow it', async () => {
    const run = await importAndEnrol('second@scorm-seq.example');
    (await run.launch('pretest_item')).json();
    expect((await run.finish('pretest_item', passed('0.95'), 'continue')).navigation).toEqual({
      action: 'launch',
      lessonId: run.lesson.posttest_item,
    });
    const posttest = (await run.launch('posttest_item')).json();
    // Back from the post-test: the content is skipped and the pretest is attempted (skip), so nothing is before it.
    expect(posttest.navigation.requestValid.previous).toBe(false);
    expect((await run.launch('lesson_1_item', 'previous')).statusCode).toBe(409);
    // A failed post-test stays (no post-condition fires); the second attempt is the last one allowed.
    expect((await run.finish('posttest_item', { ...passed('0.3'), location: 'question-5' }, '_none_')).navigation).toEqual({
      action: 'stay',
      refusal: null,
    });
    const second = await run.launch('posttest_item');
    expect(second.statusCode).toBe(200);
    // A new attempt: the SCO starts afresh, not at the failed attempt's last question with its score.
    expect(second.json().cmi).toMatchObject({ entry: 'ab-initio' });
    expect(second.json().cmi.location).toBeUndefined();
    expect(second.json().cmi.completion_status).toBeUndefined();
    expect((await run.finish('posttest_item', passed('0.4'), 'exit')).navigation).toEqual({ action: 'stay', refusal: null });
    const third = await run.launch('posttest_item');
    expect(third.statusCode).toBe(409);
    expect(third.json().detail).toContain('not available');
  });
});
