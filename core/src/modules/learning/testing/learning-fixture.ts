import type { SignedUp, TestServer } from '../../../testing/test-server.ts';
import { TEST_PASSWORD } from '../../../testing/test-server.ts';

/** Two questions: answers 1 and 0. */
export const QUIZ = {
  id: 'check',
  type: 'quiz',
  questions: [
    {
      id: 'q1',
      prompt: 'Where do you keep the load?',
      choices: ['Far away', 'Close to the waist'],
      answerIndex: 1,
      explanation: 'Close loads strain the back less.',
    },
    { id: 'q2', prompt: 'What bends?', choices: ['The knees', 'The back'], answerIndex: 0, explanation: 'Bend the knees, not the back.' },
  ],
} as const;

export interface PublishedFixture {
  courseId: string;
  lessonIds: [string, string];
}

/** Joins `owner`'s organisation by invitation with the given role. */
export async function joinAs(t: TestServer, owner: SignedUp, email: string, role: string): Promise<SignedUp> {
  const { token } = (
    await t.inject({ method: 'POST', url: '/v1/invitations', headers: owner.auth, payload: { email, role, delivery: 'link' } })
  ).json();
  const joined = (
    await t.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email, password: TEST_PASSWORD, invitationToken: token } })
  ).json();
  return { token: joined.token, userId: joined.user.id, tenantId: joined.tenant.id, email, auth: { authorization: `Bearer ${joined.token}` } };
}

/** A course with two lessons written by the author (the second left empty when `fill` is false). */
export async function authoredCourse(t: TestServer, author: SignedUp, fill = true): Promise<PublishedFixture> {
  const courseId = (await t.inject({ method: 'POST', url: '/v1/courses', headers: author.auth, payload: { title: 'Lifting safely' } })).json().id;
  const outline = (
    await t.inject({
      method: 'PUT',
      url: `/v1/courses/${courseId}/outline`,
      headers: author.auth,
      payload: {
        modules: [
          {
            title: 'Basics',
            lessons: [
              { title: 'Posture', objectives: ['Keep a neutral spine'] },
              { title: 'Team lifts', objectives: [] },
            ],
          },
        ],
      },
    })
  ).json();
  const lessonIds = outline.modules[0].lessons.map((l: { id: string }) => l.id) as [string, string];
  await saveBlocks(t, author, lessonIds[0], [{ id: 'intro', type: 'markdown', markdown: 'Keep **the load** close.' }, QUIZ]);
  if (fill) await saveBlocks(t, author, lessonIds[1], [{ id: 'intro', type: 'markdown', markdown: 'One person gives the commands.' }]);
  return { courseId, lessonIds };
}

export async function saveBlocks(t: TestServer, author: SignedUp, lessonId: string, blocks: object[]): Promise<void> {
  const response = await t.inject({ method: 'PUT', url: `/v1/lessons/${lessonId}/blocks`, headers: author.auth, payload: { blocks } });
  if (response.statusCode !== 200) throw new Error(`saving blocks failed: ${response.body}`);
}
