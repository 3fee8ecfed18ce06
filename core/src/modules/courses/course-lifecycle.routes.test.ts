import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { authoredCourse, joinAs } from '../learning/testing/learning-fixture.ts';

let t: TestServer;
let owner: SignedUp;
let learner: SignedUp;
let stranger: SignedUp;

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signup('owner@lifecycle.example');
  learner = await joinAs(t, owner, 'learner@lifecycle.example', 'learner');
  stranger = await t.signup('owner@elsewhere.example');
}, 180_000);
afterAll(() => t.close());

const post = (who: SignedUp, url: string, payload?: object) =>
  t.inject({ method: 'POST', url, headers: who.auth, ...(payload === undefined ? {} : { payload }) });
const get = (who: SignedUp, url: string) => t.inject({ method: 'GET', url, headers: who.auth });

async function outlineWithContent(who: SignedUp, courseId: string) {
  const outline = (await get(who, `/v1/courses/${courseId}/outline`)).json();
  const lessons = outline.modules.flatMap((m: { lessons: Array<{ id: string; title: string }> }) => m.lessons);
  const contents = await Promise.all(lessons.map(async (l: { id: string }) => (await get(who, `/v1/lessons/${l.id}`)).json()));
  return { outline, lessons, contents };
}

describe('duplicating a course', () => {
  it('makes a new draft with the outline, lessons, current content and sources, leaving the original untouched', async () => {
    const { courseId, lessonIds } = await authoredCourse(t, owner);
    await t.inject({ method: 'PATCH', url: `/v1/courses/${courseId}`, headers: owner.auth, payload: { passMark: 85 } });
    const before = await outlineWithContent(owner, courseId);
    const copy = await post(owner, `/v1/courses/${courseId}/duplicate`, {});
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({ title: 'Copy of Lifting safely', kind: 'course', status: 'ready', archivedAt: null, passMark: 85 });
    const copied = await outlineWithContent(owner, copy.json().id);
    expect(copied.outline.modules.map((m: { title: string }) => m.title)).toEqual(['Basics']);
    expect(copied.lessons.map((l: { title: string }) => l.title)).toEqual(['Posture', 'Team lifts']);
    expect(copied.lessons.map((l: { id: string }) => l.id)).not.toContain(lessonIds[0]);
    expect(copied.contents[0].content.blocks).toEqual(before.contents[0].content.blocks);
    expect(copied.contents[0].content.provenance.copiedFrom).toEqual({ lessonId: lessonIds[0], version: 1 });
    // Editing the copy leaves the original as it was.
    await t.inject({
      method: 'PUT',
      url: `/v1/lessons/${copied.lessons[0].id}/blocks`,
      headers: owner.auth,
      payload: { blocks: [{ id: 'x', type: 'markdown', markdown: 'Changed.' }] },
    });
    expect(await outlineWithContent(owner, courseId)).toEqual(before);
  });

  it('saves a template, lists it apart, refuses to publish it, and starts a course from it', async () => {
    const { courseId } = await authoredCourse(t, owner);
    const template = (await post(owner, `/v1/courses/${courseId}/duplicate`, { kind: 'template', title: 'Safety template' })).json();
    expect(template).toMatchObject({ kind: 'template', title: 'Safety template' });
    const courses = (await get(owner, '/v1/courses?limit=100')).json().items.map((c: { id: string }) => c.id);
    expect(courses).not.toContain(template.id);
    expect((await get(owner, '/v1/courses?kind=template')).json().items.map((c: { id: string }) => c.id)).toContain(template.id);
    const publish = await post(owner, `/v1/courses/${template.id}/publish`);
    expect(publish.statusCode).toBe(409);
    expect(publish.json().code).toBe('MIRAI_ERR_COURSE_STATE');
    const started = await post(owner, `/v1/courses/${template.id}/duplicate`, { kind: 'course' });
    expect(started.json()).toMatchObject({ kind: 'course', title: 'Safety template' });
    expect((await outlineWithContent(owner, started.json().id)).lessons).toHaveLength(2);
  });

  it('answers 404 to another organisation and 403 to a learner', async () => {
    const { courseId } = await authoredCourse(t, owner);
    for (const action of ['duplicate', 'archive', 'unarchive']) {
      const other = await post(stranger, `/v1/courses/${courseId}/${action}`, action === 'duplicate' ? {} : undefined);
      expect(other.statusCode, action).toBe(404);
      expect(other.json().code).toBe('MIRAI_ERR_COURSE_NOT_FOUND');
      expect((await post(learner, `/v1/courses/${courseId}/${action}`, action === 'duplicate' ? {} : undefined)).statusCode, action).toBe(403);
    }
    expect((await t.inject({ method: 'DELETE', url: `/v1/courses/${courseId}`, headers: stranger.auth })).statusCode).toBe(404);
    expect((await t.inject({ method: 'DELETE', url: `/v1/courses/${courseId}`, headers: learner.auth })).statusCode).toBe(403);
    expect((await get(owner, `/v1/courses/${courseId}`)).statusCode).toBe(200);
  });
});

describe('archiving and deleting', () => {
  it('refuses to delete a course with enrolments; archiving keeps the enrolment and takes it out of the catalogue', async () => {
    const { courseId } = await authoredCourse(t, owner);
    expect((await post(owner, `/v1/courses/${courseId}/publish`)).statusCode).toBe(200);
    expect((await post(learner, `/v1/courses/${courseId}/enrolments`)).statusCode).toBe(201);
    const refused = await t.inject({ method: 'DELETE', url: `/v1/courses/${courseId}`, headers: owner.auth });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_COURSE_HAS_ENROLMENTS', detail: expect.stringContaining('1 learner is enrolled') });
    const archived = await post(owner, `/v1/courses/${courseId}/archive`);
    expect(archived.json()).toMatchObject({ status: 'ready', archivedAt: expect.any(String) });
    expect((await get(owner, '/v1/courses?limit=100')).json().items.map((c: { id: string }) => c.id)).not.toContain(courseId);
    expect((await get(owner, '/v1/courses?archived=true')).json().items.map((c: { id: string }) => c.id)).toContain(courseId);
    expect((await get(learner, `/v1/catalogue/${courseId}`)).statusCode).toBe(404);
    expect((await get(learner, '/v1/me/enrolments')).json().items.map((e: { courseId: string }) => e.courseId)).toContain(courseId);
    expect((await post(owner, `/v1/courses/${courseId}/publish`)).json().code).toBe('MIRAI_ERR_COURSE_STATE');
    expect((await post(owner, `/v1/courses/${courseId}/archive`)).statusCode).toBe(409);
    expect((await post(owner, `/v1/courses/${courseId}/unarchive`)).json().archivedAt).toBeNull();
    expect((await post(owner, `/v1/courses/${courseId}/publish`)).statusCode).toBe(200);
  });

  it('deletes a course nobody is enrolled in, with its lessons', async () => {
    const { courseId, lessonIds } = await authoredCourse(t, owner);
    expect((await t.inject({ method: 'DELETE', url: `/v1/courses/${courseId}`, headers: owner.auth })).statusCode).toBe(204);
    expect((await get(owner, `/v1/courses/${courseId}`)).statusCode).toBe(404);
    expect((await get(owner, `/v1/lessons/${lessonIds[0]}`)).statusCode).toBe(404);
  });
});

describe('the course list', () => {
  it('searches and pages with an opaque cursor in a stable order, without skipping or repeating', async () => {
    const searcher = await t.signup('owner@paging.example');
    const created: string[] = [];
    for (let i = 0; i < 5; i++)
      created.push((await post(searcher, '/v1/courses', { title: i % 2 === 0 ? `Forklift ${i}` : `Ladders 100%_${i}` })).json().id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = (
        await get(searcher, `/v1/courses?limit=2${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`)
      ).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual([...created].reverse());
    const found = (await get(searcher, '/v1/courses?q=forKLIFT')).json();
    expect(found.items.map((c: { title: string }) => c.title)).toEqual(['Forklift 4', 'Forklift 2', 'Forklift 0']);
    expect(found.nextCursor).toBeNull();
    // `%` and `_` are matched literally.
    expect((await get(searcher, `/v1/courses?q=${encodeURIComponent('0%_')}`)).json().items.map((c: { title: string }) => c.title)).toEqual([
      'Ladders 100%_3',
      'Ladders 100%_1',
    ]);
  });

  it('finds a course by what its lessons say now: a lesson title, text, and a video transcript', async () => {
    const searcher = await t.signup('owner@transcripts.example');
    const { courseId, lessonIds } = await authoredCourse(t, searcher);
    const other = await authoredCourse(t, searcher);
    const titles = async (q: string) =>
      (await get(searcher, `/v1/courses?q=${encodeURIComponent(q)}`)).json().items.map((c: { id: string }) => c.id) as string[];
    expect(await titles('wheelbarrow')).toEqual([]);
    const media = {
      id: 'walkthrough',
      type: 'media',
      kind: 'video',
      title: 'Walkthrough',
      source: { from: 'embed', provider: 'youtube', videoId: 'dQw4w9WgXcQ' },
      transcript: 'Tip the WHEELBARROW towards you before you lift the handles.',
    };
    const saved = await t.inject({
      method: 'PUT',
      url: `/v1/lessons/${lessonIds[0]}/blocks`,
      headers: searcher.auth,
      payload: { blocks: [{ id: 'intro', type: 'markdown', markdown: 'Keep the pallet jack close.' }, media] },
    });
    expect(saved.statusCode).toBe(200);
    expect(await titles('wheelbarrow')).toEqual([courseId]);
    expect(await titles('pallet jack')).toEqual([courseId]);
    // A lesson title (both courses have a lesson named Posture), and only the current version counts.
    expect((await titles('posture')).sort()).toEqual([courseId, other.courseId].sort());
    await t.inject({ method: 'PUT', url: `/v1/lessons/${lessonIds[0]}/blocks`, headers: searcher.auth, payload: { blocks: [media] } });
    expect(await titles('pallet jack')).toEqual([]);
  });

  it('answers 400 naming the field for a cursor it did not hand out', async () => {
    for (const cursor of ['nonsense', Buffer.from('["2026-01-01", "x"]').toString('base64url'), Buffer.from('{}').toString('base64url')]) {
      const response = await get(owner, `/v1/courses?cursor=${cursor}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('MIRAI_ERR_REQUEST_VALIDATION');
      expect(response.json().errors).toEqual([expect.objectContaining({ field: '/querystring/cursor' })]);
    }
    expect((await get(owner, '/v1/courses?limit=0')).statusCode).toBe(400);
  });
});
