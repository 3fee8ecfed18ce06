import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { authoredCourse, joinAs, type PublishedFixture } from '../learning/testing/learning-fixture.ts';

let t: TestServer;
let owner: SignedUp;
let learner: SignedUp;
let author: SignedUp;
let course: PublishedFixture;
let groupId: string;

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const call = (who: SignedUp, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.inject({ method, url, headers: who.auth, ...(payload === undefined ? {} : { payload }) });

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signup('owner@cohort.example', 'Cohort Org');
  learner = await joinAs(t, owner, 'learner@cohort.example', 'learner');
  author = await joinAs(t, owner, 'author@cohort.example', 'author');
  course = await authoredCourse(t, owner);
  await call(owner, 'POST', `/v1/courses/${course.courseId}/publish`);
}, 180_000);
afterAll(() => t.close());

/** Twenty learner rows after a header: two of them bad (row 8 is not an address, row 15 repeats row 3). */
function learnerCsv(): string {
  const rows = ['email,name'];
  for (let i = 1; i <= 20; i++) {
    if (i === 7) rows.push('not-an-address,Broken');
    else if (i === 14) rows.push('"Learner@Cohort.example",Again');
    else rows.push(i === 2 ? 'learner@cohort.example,Lee' : `new${i}@cohort.example,"Person, ${i}"`);
  }
  return `${rows.join('\r\n')}\r\n`;
}

describe('groups with dates', () => {
  it('creates a group and refuses a due date before its start, naming the field', async () => {
    const bad = await call(owner, 'POST', '/v1/groups', { name: 'Spring', startsAt: at(0), dueAt: at(-1) });
    expect(bad.json()).toMatchObject({ status: 400, code: 'MIRAI_ERR_GROUP_DATES_INVALID', errors: [{ field: '/body/dueAt' }] });
    const created = await call(owner, 'POST', '/v1/groups', { name: 'Spring', startsAt: at(-30), dueAt: at(7) });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Spring', memberCount: 0, courseCount: 0 });
    groupId = created.json().id;
    const moved = await call(owner, 'PATCH', `/v1/groups/${groupId}`, { startsAt: at(30) });
    expect(moved.json()).toMatchObject({ status: 400, code: 'MIRAI_ERR_GROUP_DATES_INVALID' });
    const twin = await call(owner, 'POST', '/v1/groups', { name: 'Spring' });
    expect(twin.json()).toMatchObject({ status: 409, code: 'MIRAI_ERR_GROUP_EXISTS' });
  });
});

describe('enrolling learners by CSV', () => {
  it('checks every row first and adds nothing until the valid rows are committed', async () => {
    const preview = await call(owner, 'POST', `/v1/groups/${groupId}/imports`, { csv: learnerCsv(), commit: false });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().committed).toBe(false);
    expect(preview.json().valid).toHaveLength(18);
    expect(preview.json().rejected).toEqual([
      { row: 8, value: 'not-an-address', reason: 'Not an e-mail address' },
      { row: 15, value: 'Learner@Cohort.example', reason: 'Repeats row 3' },
    ]);
    expect((await call(owner, 'GET', `/v1/groups/${groupId}/members`)).json().items).toEqual([]);
  });

  it('adds the valid rows in one go: members at once, everyone else invited as learner by mail', async () => {
    const report = (await call(owner, 'POST', `/v1/groups/${groupId}/imports`, { csv: learnerCsv(), commit: true })).json();
    expect(report.committed).toBe(true);
    expect(report.rejected.map((r: { row: number }) => r.row)).toEqual([8, 15]);
    expect(report.valid.find((r: { row: number }) => r.row === 3)).toEqual({ row: 3, email: 'learner@cohort.example', outcome: 'added' });
    expect(report.valid.filter((r: { outcome: string }) => r.outcome === 'invited')).toHaveLength(17);
    const members = (await call(owner, 'GET', `/v1/groups/${groupId}/members`)).json().items;
    expect(members).toHaveLength(18);
    const invitations = (await call(owner, 'GET', '/v1/invitations')).json().items;
    expect(invitations.filter((i: { email: string; role: string; delivery: string }) => i.email === 'new1@cohort.example')).toEqual([
      expect.objectContaining({ role: 'learner', delivery: 'mail' }),
    ]);
    const again = (await call(owner, 'POST', `/v1/groups/${groupId}/members`, { emails: ['new1@cohort.example'] })).json();
    expect(again.items).toEqual([{ email: 'new1@cohort.example', outcome: 'already-in-group' }]);
    expect((await call(owner, 'GET', '/v1/invitations')).json().items).toHaveLength(invitations.length);
  });

  it('refuses a list with one bad address whole, and a file it cannot read', async () => {
    const list = await call(owner, 'POST', `/v1/groups/${groupId}/members`, { emails: ['ok@cohort.example', 'nope'] });
    expect(list.json()).toMatchObject({ status: 400, errors: [{ field: '/body/emails/1' }] });
    expect((await call(owner, 'GET', `/v1/groups/${groupId}/members`)).json().items).toHaveLength(18);
    const unreadable = await call(owner, 'POST', `/v1/groups/${groupId}/imports`, { csv: 'email\n"open@cohort.example', commit: true });
    expect(unreadable.json()).toMatchObject({ status: 400, code: 'MIRAI_ERR_LEARNER_IMPORT_INVALID', errors: [{ field: '/body/csv' }] });
  });
});

describe('assignments, due and overdue', () => {
  it("assigns a course with the group's due date and enrols its learners", async () => {
    const assigned = await call(owner, 'PUT', `/v1/groups/${groupId}/courses/${course.courseId}`, { dueAt: null });
    expect(assigned.statusCode).toBe(200);
    const groupDue = (await call(owner, 'GET', `/v1/groups/${groupId}`)).json().dueAt;
    expect(assigned.json()).toMatchObject({ courseTitle: 'Lifting safely', dueAt: null, effectiveDueAt: groupDue });
    const mine = (await call(learner, 'GET', '/v1/me/assignments')).json().items;
    expect(mine).toEqual([
      expect.objectContaining({ courseId: course.courseId, dueAt: groupDue, overdue: false, status: 'not-started', enrolmentId: expect.any(String) }),
    ]);
    const enrolments = (await call(learner, 'GET', '/v1/me/enrolments')).json().items;
    expect(enrolments.map((e: { courseId: string }) => e.courseId)).toEqual([course.courseId]);
  });

  it('refuses a due date before the group starts, and a course that is not published', async () => {
    const early = await call(owner, 'PUT', `/v1/groups/${groupId}/courses/${course.courseId}`, { dueAt: at(-60) });
    expect(early.json()).toMatchObject({ status: 400, code: 'MIRAI_ERR_GROUP_DATES_INVALID', errors: [{ field: '/body/dueAt' }] });
    const draft = await authoredCourse(t, owner);
    const unpublished = await call(owner, 'PUT', `/v1/groups/${groupId}/courses/${draft.courseId}`, { dueAt: null });
    expect(unpublished.json()).toMatchObject({ status: 404, code: 'MIRAI_ERR_COURSE_NOT_PUBLISHED' });
  });

  it('shows an assignment past its due date as overdue until it is completed', async () => {
    const due = at(-1);
    await call(owner, 'PUT', `/v1/groups/${groupId}/courses/${course.courseId}`, { dueAt: due });
    const [overdue] = (await call(learner, 'GET', '/v1/me/assignments')).json().items;
    expect(overdue).toMatchObject({ dueAt: due, overdue: true, status: 'not-started' });
    const enrolmentId = overdue.enrolmentId;
    const quiz = `/v1/enrolments/${enrolmentId}/lessons/${course.lessonIds[0]}/quiz-attempts`;
    const answers = (a: number) => ({
      blockId: 'check',
      answers: [
        { questionId: 'q1', choiceIndex: a },
        { questionId: 'q2', choiceIndex: 0 },
      ],
    });
    await call(learner, 'POST', quiz, answers(0));
    expect((await call(learner, 'GET', '/v1/me/assignments')).json().items[0]).toMatchObject({ overdue: true, status: 'in-progress' });
    await call(learner, 'POST', quiz, answers(1));
    for (const lessonId of course.lessonIds)
      await call(learner, 'PUT', `/v1/enrolments/${enrolmentId}/lessons/${lessonId}/progress`, { completed: true });
    expect((await call(learner, 'GET', '/v1/me/assignments')).json().items[0]).toMatchObject({
      overdue: false,
      status: 'completed',
      completedLessons: 2,
      totalLessons: 2,
    });
  });

  it('enrols an invited learner once they join the organisation', async () => {
    const joined = await joinAs(t, owner, 'new1@cohort.example', 'learner');
    const mine = (await call(joined, 'GET', '/v1/me/assignments')).json().items;
    expect(mine).toEqual([
      expect.objectContaining({ courseId: course.courseId, overdue: true, status: 'not-started', enrolmentId: expect.any(String) }),
    ]);
    const members = (await call(owner, 'GET', `/v1/groups/${groupId}/members`)).json().items;
    expect(members.find((m: { email: string }) => m.email === 'new1@cohort.example')).toMatchObject({ status: 'member', userId: joined.userId });
  });
});

describe('gradebook', () => {
  it("adds the learner view's time reports, credited no faster than the clock runs", async () => {
    const [assignment] = (await call(learner, 'GET', '/v1/me/assignments')).json().items;
    const report = (lessonId: string | undefined, seconds: number) =>
      call(learner, 'POST', `/v1/enrolments/${assignment.enrolmentId}/lessons/${lessonId}/time`, { seconds });
    expect((await report(course.lessonIds[0], 45)).json()).toEqual({ lessonId: course.lessonIds[0], timeSpentSeconds: 45 });
    // Replayed at once: less than a second has passed since the previous report, so nothing more counts.
    expect((await report(course.lessonIds[0], 45)).json().timeSpentSeconds).toBe(45);
    // A first report is credited at most 60 s, however long the client claims.
    expect((await report(course.lessonIds[1], 3600)).json().timeSpentSeconds).toBe(60);
    expect((await report(course.lessonIds[1], 0)).json()).toMatchObject({ status: 400 });
    expect(
      (await call(author, 'POST', `/v1/enrolments/${assignment.enrolmentId}/lessons/${course.lessonIds[0]}/time`, { seconds: 5 })).json(),
    ).toMatchObject({
      status: 404,
    });
    const rows = (await call(owner, 'GET', `/v1/groups/${groupId}/gradebook`)).json().items;
    expect(rows.find((r: { email: string }) => r.email === 'learner@cohort.example').timeSpentSeconds).toBe(105);
    expect(rows.find((r: { email: string }) => r.email === 'new3@cohort.example').timeSpentSeconds).toBe(0);
  });

  it('lists every learner of the group with completion and each quiz attempt', async () => {
    const rows = (await call(owner, 'GET', `/v1/groups/${groupId}/gradebook`)).json().items;
    expect(rows).toHaveLength(18);
    expect(rows.find((r: { email: string }) => r.email === 'learner@cohort.example')).toMatchObject({
      status: 'completed',
      overdue: false,
      completedLessons: 2,
      lastActivityAt: expect.any(String),
      attempts: [
        { lessonTitle: 'Posture', blockId: 'check', attempt: 1, correct: 1, total: 2, passed: false },
        { lessonTitle: 'Posture', blockId: 'check', attempt: 2, correct: 2, total: 2, passed: true },
      ],
    });
    expect(rows.find((r: { email: string }) => r.email === 'new3@cohort.example')).toMatchObject({ status: 'invited', overdue: true, attempts: [] });
  });

  it('downloads as CSV, quoted where needed and safe from spreadsheet formulas', async () => {
    const risky = (await call(owner, 'POST', '/v1/groups', { name: '=HYPERLINK("http://evil.example","x")' })).json().id;
    await call(owner, 'POST', `/v1/groups/${risky}/members`, { emails: ['learner@cohort.example'] });
    await call(owner, 'PUT', `/v1/groups/${risky}/courses/${course.courseId}`, { dueAt: null });
    const response = await call(owner, 'GET', `/v1/groups/${risky}/gradebook.csv`);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="gradebook-[^"]+\.csv"$/);
    const lines = response.body.split('\r\n');
    expect(lines[0]).toBe(
      'email,course,groups,status,overdue,due_at,completed_lessons,total_lessons,completed_at,last_activity_at,time_spent_seconds,quiz_attempts,quiz_scores',
    );
    expect(lines[1]).toMatch(
      /^learner@cohort\.example,Lifting safely,"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)",completed,no,,2,2,[^,]+,[^,]+,105,2,Posture \/ check #1: 1\/2 \| Posture \/ check #2: 2\/2$/,
    );
    expect(lines.slice(2)).toEqual(['']);
  });

  it("covers a course's assigned and self-enrolled learners", async () => {
    await call(author, 'POST', `/v1/courses/${course.courseId}/enrolments`);
    const rows = (await call(owner, 'GET', `/v1/courses/${course.courseId}/gradebook`)).json().items;
    expect(rows).toHaveLength(19);
    expect(rows.find((r: { email: string }) => r.email === 'author@cohort.example')).toMatchObject({
      groups: [],
      dueAt: null,
      status: 'not-started',
    });
    const csv = (await call(owner, 'GET', `/v1/courses/${course.courseId}/gradebook.csv`)).body;
    expect(csv.split('\r\n').filter((line) => line !== '')).toHaveLength(20);
    const cohort = (await call(owner, 'GET', `/v1/courses/${course.courseId}/gradebook?groupId=${groupId}`)).json().items;
    expect(cohort).toHaveLength(18);
    expect(cohort.every((r: { groups: Array<{ id: string }> }) => r.groups.some((g) => g.id === groupId))).toBe(true);
    const cohortCsv = (await call(owner, 'GET', `/v1/courses/${course.courseId}/gradebook.csv?groupId=${groupId}`)).body;
    expect(cohortCsv).not.toContain('author@cohort.example');
    expect(cohortCsv.split('\r\n').filter((line) => line !== '')).toHaveLength(19);
  });
});

describe('withdrawing', () => {
  it('withdraws a learner from a course and reinstates them', async () => {
    const newcomer = (await call(owner, 'GET', `/v1/groups/${groupId}/members`))
      .json()
      .items.find((m: { email: string }) => m.email === 'new1@cohort.example');
    const withdrawal = `/v1/courses/${course.courseId}/withdrawals/${newcomer.userId}`;
    expect((await call(owner, 'PUT', withdrawal)).statusCode).toBe(204);
    const row = (await call(owner, 'GET', `/v1/groups/${groupId}/gradebook`))
      .json()
      .items.find((r: { email: string }) => r.email === 'new1@cohort.example');
    expect(row).toMatchObject({ status: 'withdrawn', overdue: false });
    expect((await call(owner, 'DELETE', withdrawal)).statusCode).toBe(204);
    const back = (await call(owner, 'GET', `/v1/groups/${groupId}/gradebook`))
      .json()
      .items.find((r: { email: string }) => r.email === 'new1@cohort.example');
    expect(back).toMatchObject({ status: 'not-started', overdue: true });
  });

  it('withdraws a learner from a group: nothing is due for them any more, their progress stays', async () => {
    const members = (await call(owner, 'GET', `/v1/groups/${groupId}/members`)).json().items;
    const self = members.find((m: { email: string }) => m.email === 'learner@cohort.example');
    expect((await call(owner, 'DELETE', `/v1/groups/${groupId}/members/${self.id}`)).statusCode).toBe(204);
    const mine = (await call(learner, 'GET', '/v1/me/assignments')).json().items;
    expect(mine.map((a: { groups: { name: string }[] }) => a.groups.map((g) => g.name))).toEqual([['=HYPERLINK("http://evil.example","x")']]);
    expect((await call(learner, 'GET', '/v1/me/enrolments')).json().items[0]).toMatchObject({ completedLessons: 2 });
    const gone = await call(owner, 'DELETE', `/v1/groups/${groupId}/members/${self.id}`);
    expect(gone.json()).toMatchObject({ status: 404, code: 'MIRAI_ERR_GROUP_MEMBER_NOT_FOUND' });
  });
});

describe('who may manage learners', () => {
  it('refuses learners and authors with 403', async () => {
    for (const who of [learner, author])
      for (const [method, url, payload] of [
        ['GET', '/v1/groups'],
        ['POST', '/v1/groups', { name: 'Mine' }],
        ['POST', `/v1/groups/${groupId}/imports`, { csv: 'a@b.example', commit: true }],
        ['PUT', `/v1/groups/${groupId}/courses/${course.courseId}`, { dueAt: null }],
        ['GET', `/v1/groups/${groupId}/gradebook.csv`],
        ['GET', `/v1/courses/${course.courseId}/gradebook`],
      ] as const) {
        const response = await call(who, method, url, payload);
        expect(response.json(), `${who.email} ${method} ${url}`).toMatchObject({ status: 403, code: 'MIRAI_ERR_AUTH_FORBIDDEN' });
      }
  });

  it("answers 404 for another organisation's groups, courses and learners", async () => {
    const stranger = await t.signup('owner@elsewhere.example', 'Elsewhere');
    const theirs = (await call(stranger, 'POST', '/v1/groups', { name: 'Spring' })).json().id;
    expect((await call(stranger, 'GET', '/v1/groups')).json().items.map((g: { id: string }) => g.id)).toEqual([theirs]);
    const requests = [
      ['GET', `/v1/groups/${groupId}`, undefined, 'MIRAI_ERR_GROUP_NOT_FOUND'],
      ['GET', `/v1/groups/${groupId}/members`, undefined, 'MIRAI_ERR_GROUP_NOT_FOUND'],
      ['POST', `/v1/groups/${groupId}/members`, { emails: ['x@elsewhere.example'] }, 'MIRAI_ERR_GROUP_NOT_FOUND'],
      ['POST', `/v1/groups/${groupId}/imports`, { csv: 'x@elsewhere.example', commit: true }, 'MIRAI_ERR_GROUP_NOT_FOUND'],
      ['GET', `/v1/groups/${groupId}/gradebook.csv`, undefined, 'MIRAI_ERR_GROUP_NOT_FOUND'],
      ['DELETE', `/v1/groups/${groupId}`, undefined, 'MIRAI_ERR_GROUP_NOT_FOUND'],
      ['PUT', `/v1/groups/${theirs}/courses/${course.courseId}`, { dueAt: null }, 'MIRAI_ERR_COURSE_NOT_FOUND'],
      ['GET', `/v1/courses/${course.courseId}/gradebook`, undefined, 'MIRAI_ERR_COURSE_NOT_FOUND'],
      ['PUT', `/v1/courses/${course.courseId}/withdrawals/${learner.userId}`, undefined, 'MIRAI_ERR_COURSE_NOT_FOUND'],
    ] as const;
    for (const [method, url, payload, code] of requests) {
      const response = await call(stranger, method, url, payload);
      expect(response.json(), `${method} ${url}`).toMatchObject({ status: 404, code });
    }
    expect((await call(owner, 'GET', `/v1/groups/${groupId}`)).json().memberCount).toBe(17);
  });
});
