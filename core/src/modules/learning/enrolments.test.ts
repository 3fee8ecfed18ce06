import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { authoredCourse, joinAs, type PublishedFixture, saveBlocks } from './testing/learning-fixture.ts';

let t: TestServer;
let owner: SignedUp;
let learner: SignedUp;
let course: PublishedFixture;
let enrolmentId: string;

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signup('owner@learn.example');
  learner = await joinAs(t, owner, 'learner@learn.example', 'learner');
  course = await authoredCourse(t, owner);
  await t.inject({ method: 'POST', url: `/v1/courses/${course.courseId}/publish`, headers: owner.auth });
});
afterAll(() => t.close());

const progressUrl = (lesson: number) => `/v1/enrolments/${enrolmentId}/lessons/${course.lessonIds[lesson]}/progress`;
const attemptUrl = () => `/v1/enrolments/${enrolmentId}/lessons/${course.lessonIds[0]}/quiz-attempts`;
const answer = (a1: number, a2: number) => ({
  blockId: 'check',
  answers: [
    { questionId: 'q1', choiceIndex: a1 },
    { questionId: 'q2', choiceIndex: a2 },
  ],
});

describe('enrolment and progress', () => {
  it('needs an enrolment to read lesson content', async () => {
    const response = await t.inject({ method: 'GET', url: `/v1/catalogue/${course.courseId}/lessons/${course.lessonIds[0]}`, headers: learner.auth });
    expect(response.json()).toMatchObject({ status: 403, code: 'MIRAI_ERR_ENROLMENT_REQUIRED' });
  });

  it('enrols once: a second enrolment returns the first', async () => {
    const first = await t.inject({ method: 'POST', url: `/v1/courses/${course.courseId}/enrolments`, headers: learner.auth });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ courseTitle: 'Lifting safely', totalLessons: 2, completedLessons: 0, nextLessonId: course.lessonIds[0] });
    enrolmentId = first.json().id;
    const second = await t.inject({ method: 'POST', url: `/v1/courses/${course.courseId}/enrolments`, headers: learner.auth });
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(enrolmentId);
    const catalogue = (await t.inject({ method: 'GET', url: '/v1/catalogue', headers: learner.auth })).json().items;
    expect(catalogue).toEqual([expect.objectContaining({ id: course.courseId, lessonCount: 2, moduleCount: 1, enrolmentId })]);
  });

  it('enrols exactly once under concurrent requests', async () => {
    const eager = await joinAs(t, owner, 'eager@learn.example', 'learner');
    const responses = await Promise.all(
      [1, 2, 3].map(() => t.inject({ method: 'POST', url: `/v1/courses/${course.courseId}/enrolments`, headers: eager.auth })),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
  });

  it('serves quizzes without the answer key', async () => {
    const lesson = (
      await t.inject({ method: 'GET', url: `/v1/catalogue/${course.courseId}/lessons/${course.lessonIds[0]}`, headers: learner.auth })
    ).json();
    expect(lesson).toMatchObject({ title: 'Posture', position: 0, previousLessonId: null, nextLessonId: course.lessonIds[1] });
    const quiz = lesson.blocks.find((b: { type: string }) => b.type === 'quiz');
    expect(quiz.questions[0]).toEqual({
      id: 'q1',
      kind: 'single',
      prompt: 'Where do you keep the load?',
      choices: ['Far away', 'Close to the waist'],
    });
    expect(JSON.stringify(lesson)).not.toContain('Close loads strain');
  });

  it('grades answers on the server, question by question, with explanations', async () => {
    const wrong = await t.inject({ method: 'POST', url: attemptUrl(), headers: learner.auth, payload: answer(1, 1) });
    expect(wrong.statusCode).toBe(201);
    expect(wrong.json()).toMatchObject({
      correct: 1,
      total: 2,
      passed: false,
      results: [
        { questionId: 'q1', choiceIndex: 1, correct: true, correctIndex: 1, explanation: 'Close loads strain the back less.' },
        { questionId: 'q2', choiceIndex: 1, correct: false, correctIndex: 0, explanation: 'Bend the knees, not the back.' },
      ],
      lesson: { completedAt: null, quizzes: [{ blockId: 'check', attempts: 1, bestCorrect: 1, total: 2, passed: false }] },
    });
  });

  it('refuses incomplete or foreign answers, naming the field', async () => {
    const cases: [object, string][] = [
      [{ blockId: 'intro', answers: [{ questionId: 'q1', choiceIndex: 0 }] }, '/body/blockId'],
      [{ blockId: 'check', answers: [{ questionId: 'q1', choiceIndex: 0 }] }, '/body/answers'],
      [
        {
          blockId: 'check',
          answers: [
            { questionId: 'q1', choiceIndex: 5 },
            { questionId: 'q2', choiceIndex: 0 },
          ],
        },
        '/body/answers/0/choiceIndex',
      ],
      [{ blockId: 'check', answers: [{ questionId: 'zz', choiceIndex: 0 }] }, '/body/answers/0/questionId'],
    ];
    for (const [payload, field] of cases) {
      const response = await t.inject({ method: 'POST', url: attemptUrl(), headers: learner.auth, payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }
  });

  it('completes a lesson with a quiz only after a passing attempt', async () => {
    const refused = await t.inject({ method: 'PUT', url: progressUrl(0), headers: learner.auth, payload: { completed: true } });
    expect(refused.json()).toMatchObject({ status: 409, code: 'MIRAI_ERR_QUIZ_NOT_PASSED' });
    const pass = await t.inject({ method: 'POST', url: attemptUrl(), headers: learner.auth, payload: answer(1, 0) });
    expect(pass.json()).toMatchObject({ correct: 2, passed: true, lesson: { quizzes: [{ attempts: 2, bestCorrect: 2, passed: true }] } });
    const done = await t.inject({ method: 'PUT', url: progressUrl(0), headers: learner.auth, payload: { completed: true } });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ completedLessons: 1, completedAt: null, nextLessonId: course.lessonIds[1] });
  });

  it('writes progress idempotently and completes the course with its last lesson', async () => {
    const first = (await t.inject({ method: 'PUT', url: progressUrl(1), headers: learner.auth, payload: { completed: true } })).json();
    expect(first).toMatchObject({ completedLessons: 2, totalLessons: 2, nextLessonId: null, completedAt: expect.any(String) });
    const again = (await t.inject({ method: 'PUT', url: progressUrl(1), headers: learner.auth, payload: { completed: true } })).json();
    expect(again.completedAt).toBe(first.completedAt);
    expect(again.lessons[1].completedAt).toBe(first.lessons[1].completedAt);
    const mine = (await t.inject({ method: 'GET', url: '/v1/me/enrolments', headers: learner.auth })).json().items;
    expect(mine).toEqual([expect.objectContaining({ id: enrolmentId, completedLessons: 2, completedAt: first.completedAt, courseAvailable: true })]);
  });

  it('un-marking a lesson keeps the course completion on record', async () => {
    const undone = (await t.inject({ method: 'PUT', url: progressUrl(1), headers: learner.auth, payload: { completed: false } })).json();
    expect(undone).toMatchObject({ completedLessons: 1, nextLessonId: course.lessonIds[1], completedAt: expect.any(String) });
    await t.inject({ method: 'PUT', url: progressUrl(1), headers: learner.auth, payload: { completed: true } });
  });

  it("shows authors each learner's lessons and quiz results, and nobody else", async () => {
    const report = await t.inject({ method: 'GET', url: `/v1/courses/${course.courseId}/enrolments`, headers: owner.auth });
    expect(report.json()).toMatchObject({
      published: true,
      lessons: [
        { id: course.lessonIds[0], title: 'Posture', moduleTitle: 'Basics' },
        { id: course.lessonIds[1], title: 'Team lifts', moduleTitle: 'Basics' },
      ],
      items: [
        {
          email: 'learner@learn.example',
          completedLessons: 2,
          lessons: [{ quizzes: [{ blockId: 'check', attempts: 2, bestCorrect: 2, total: 2, passed: true }] }, { quizzes: [] }],
        },
        { email: 'eager@learn.example', completedLessons: 0, completedAt: null },
      ],
    });
    const forbidden = await t.inject({ method: 'GET', url: `/v1/courses/${course.courseId}/enrolments`, headers: learner.auth });
    expect(forbidden.json()).toMatchObject({ status: 403, code: 'MIRAI_ERR_AUTH_FORBIDDEN' });
  });

  it("does not let another member write someone else's progress", async () => {
    const other = await joinAs(t, owner, 'other@learn.example', 'author');
    for (const request of [
      { method: 'PUT' as const, url: progressUrl(0), payload: { completed: false } },
      { method: 'POST' as const, url: attemptUrl(), payload: answer(0, 0) },
    ]) {
      const response = await t.inject({ ...request, headers: other.auth });
      expect(response.json()).toMatchObject({ status: 404, code: 'MIRAI_ERR_ENROLMENT_NOT_FOUND' });
    }
  });
});

describe('tenant isolation of learning', () => {
  it('hides one organisation’s catalogue, enrolments and reports from another', async () => {
    const stranger = await t.signup('owner@elsewhere.example', 'Elsewhere');
    expect((await t.inject({ method: 'GET', url: '/v1/catalogue', headers: stranger.auth })).json().items).toEqual([]);
    expect((await t.inject({ method: 'GET', url: '/v1/me/enrolments', headers: stranger.auth })).json().items).toEqual([]);
    const requests = [
      { method: 'GET' as const, url: `/v1/catalogue/${course.courseId}`, code: 'MIRAI_ERR_COURSE_NOT_FOUND' },
      { method: 'POST' as const, url: `/v1/courses/${course.courseId}/enrolments`, code: 'MIRAI_ERR_COURSE_NOT_FOUND' },
      { method: 'GET' as const, url: `/v1/courses/${course.courseId}/enrolments`, code: 'MIRAI_ERR_COURSE_NOT_FOUND' },
      { method: 'POST' as const, url: `/v1/courses/${course.courseId}/publish`, code: 'MIRAI_ERR_COURSE_NOT_FOUND' },
      { method: 'PUT' as const, url: progressUrl(0), payload: { completed: false }, code: 'MIRAI_ERR_ENROLMENT_NOT_FOUND' },
      { method: 'POST' as const, url: attemptUrl(), payload: answer(1, 0), code: 'MIRAI_ERR_ENROLMENT_NOT_FOUND' },
    ];
    for (const { code, ...request } of requests) {
      const response = await t.inject({ ...request, headers: stranger.auth });
      expect(response.json()).toMatchObject({ status: 404, code });
    }
    const report = (await t.inject({ method: 'GET', url: `/v1/courses/${course.courseId}/enrolments`, headers: owner.auth })).json();
    expect(report.items.map((i: { email: string }) => i.email)).toEqual(['learner@learn.example', 'eager@learn.example']);
  });
});

describe('question kinds and the course pass mark', () => {
  const kinds = {
    id: 'kinds',
    type: 'quiz',
    questions: [
      { id: 'm', kind: 'multiple', prompt: 'Which bend?', choices: ['Knees', 'Back', 'Hips'], answerIndices: [0, 2], explanation: 'Knees and hips.' },
      { id: 't', kind: 'true-false', prompt: 'Twist while lifting.', answer: false, explanation: 'Turn with your feet.' },
      {
        id: 's',
        kind: 'short-answer',
        prompt: 'Keep the load…',
        match: 'pattern',
        answers: ['close( to (you|the body))?'],
        caseSensitive: false,
        explanation: 'Close.',
      },
    ],
  };

  it('refuses an unsafe answer pattern, naming the field', async () => {
    const unsafe = { ...kinds, questions: [{ ...kinds.questions[2], answers: ['(a+)+$'] }] };
    const response = await t.inject({
      method: 'PUT',
      url: `/v1/lessons/${course.lessonIds[1]}/blocks`,
      headers: owner.auth,
      payload: { blocks: [unsafe] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('/blocks/0/questions/0/answers/0');
  });

  it("grades each kind, stores each response with its correctness, and applies the course's pass mark", async () => {
    await saveBlocks(t, owner, course.lessonIds[1] ?? '', [kinds]);
    const patched = await t.inject({ method: 'PATCH', url: `/v1/courses/${course.courseId}`, headers: owner.auth, payload: { passMark: 100 } });
    expect(patched.json().passMark).toBe(100);
    await t.inject({ method: 'POST', url: `/v1/courses/${course.courseId}/publish`, headers: owner.auth });
    const url = `/v1/enrolments/${enrolmentId}/lessons/${course.lessonIds[1]}/quiz-attempts`;
    const payload = {
      blockId: 'kinds',
      answers: [
        { questionId: 'm', choiceIndices: [2, 0] },
        { questionId: 't', answer: true },
        { questionId: 's', text: '  Close to the BODY ' },
      ],
    };
    const attempt = await t.inject({ method: 'POST', url, headers: learner.auth, payload });
    expect(attempt.statusCode).toBe(201);
    expect(attempt.json()).toMatchObject({
      correct: 2,
      total: 3,
      passed: false,
      passMark: 100,
      results: [
        { questionId: 'm', kind: 'multiple', choiceIndices: [0, 2], correct: true, correctIndices: [0, 2] },
        { questionId: 't', kind: 'true-false', answer: true, correct: false, correctAnswer: false },
        { questionId: 's', kind: 'short-answer', text: '  Close to the BODY ', correct: true },
      ],
    });
    const stored = await t.server.orm.em.fork().execute('select answers from quiz_attempt where id = ?', [attempt.json().id]);
    expect(stored[0]?.answers).toEqual([
      { questionId: 'm', choiceIndices: [0, 2], correct: true },
      { questionId: 't', answer: true, correct: false },
      { questionId: 's', text: '  Close to the BODY ', correct: true },
    ]);
    const mismatched = await t.inject({
      method: 'POST',
      url,
      headers: learner.auth,
      payload: { ...payload, answers: [{ questionId: 'm', choiceIndex: 0 }, ...payload.answers.slice(1)] },
    });
    expect(mismatched.json().errors[0]).toEqual({
      field: '/body/answers/0/choiceIndices',
      message: 'is required for a question with several answers',
    });
  });

  it('grades ordering and matching against the order the learner was shown, and stores both responses', async () => {
    const orderMatch = {
      id: 'order-match',
      type: 'quiz',
      questions: [
        { id: 'o', kind: 'ordering', prompt: 'Order the lift.', items: ['Plan', 'Grip', 'Lift', 'Lower'], explanation: 'Plan first.' },
        {
          id: 'p',
          kind: 'matching',
          prompt: 'Match TILE.',
          pairs: [
            { left: 'T', right: 'Task' },
            { left: 'L', right: 'Load' },
            { left: 'E', right: 'Environment' },
          ],
          explanation: '',
        },
      ],
    };
    await saveBlocks(t, owner, course.lessonIds[1] ?? '', [orderMatch]);
    await t.inject({ method: 'POST', url: `/v1/courses/${course.courseId}/publish`, headers: owner.auth });
    const view = (
      await t.inject({ method: 'GET', url: `/v1/catalogue/${course.courseId}/lessons/${course.lessonIds[1]}`, headers: learner.auth })
    ).json();
    const [ordering, matching] = view.blocks.find((block: { id: string }) => block.id === 'order-match').questions;
    expect(ordering).not.toHaveProperty('explanation');
    expect(ordering.items).not.toEqual(['Plan', 'Grip', 'Lift', 'Lower']);
    const order = ['Plan', 'Grip', 'Lift', 'Lower'].map((item) => ordering.items.indexOf(item));
    const matches = ['Task', 'Load', 'Environment'].map((right) => matching.targets.indexOf(right));
    const url = `/v1/enrolments/${enrolmentId}/lessons/${course.lessonIds[1]}/quiz-attempts`;
    const payload = {
      blockId: 'order-match',
      answers: [
        { questionId: 'o', order },
        { questionId: 'p', matches },
      ],
    };
    const attempt = await t.inject({ method: 'POST', url, headers: learner.auth, payload });
    expect(attempt.statusCode).toBe(201);
    expect(attempt.json()).toMatchObject({
      correct: 2,
      passed: true,
      results: [
        { questionId: 'o', kind: 'ordering', correct: true, order, correctOrder: order },
        { questionId: 'p', kind: 'matching', correct: true, matches, correctMatches: matches },
      ],
    });
    const stored = await t.server.orm.em.fork().execute('select answers from quiz_attempt where id = ?', [attempt.json().id]);
    expect(stored[0]?.answers).toEqual([
      { questionId: 'o', order, correct: true },
      { questionId: 'p', matches, correct: true },
    ]);
    const unordered = await t.inject({
      method: 'POST',
      url,
      headers: learner.auth,
      payload: { ...payload, answers: [{ questionId: 'o', matches }, payload.answers[1]] },
    });
    expect(unordered.json().errors[0]).toEqual({ field: '/body/answers/0/order', message: 'is required for an ordering question' });
  });
});
