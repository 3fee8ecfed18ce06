import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { authoredCourse, joinAs, type PublishedFixture } from './testing/learning-fixture.ts';

let t: TestServer;
let owner: SignedUp;
let learner: SignedUp;
let course: PublishedFixture;
const keys: Record<'video' | 'captions' | 'sheet', string> = { video: '', captions: '', sheet: '' };

const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

async function upload(fileName: string, contentType: string, body: Buffer): Promise<string> {
  const { upload: created, request } = (
    await t.inject({ method: 'POST', url: '/v1/uploads', headers: owner.auth, payload: { fileName, contentType, size: body.length } })
  ).json();
  await t.inject({ method: 'PUT', url: pathOf(request.url), headers: { ...request.headers }, payload: body });
  return (await t.inject({ method: 'POST', url: `/v1/uploads/${created.id}/complete`, headers: owner.auth })).json().storageKey;
}

const save = (blocks: object[]) =>
  t.inject({ method: 'PUT', url: `/v1/lessons/${course.lessonIds[1]}/blocks`, headers: owner.auth, payload: { blocks } });

const video = (captionsKey: string) => ({
  id: 'talk',
  type: 'media',
  kind: 'video',
  title: 'The safe lift',
  source: { from: 'upload', storageKey: keys.video },
  captions: { storageKey: captionsKey, language: 'en', label: 'English' },
  transcript: 'Bend your knees.',
});

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signup('media-owner@learn.example');
  learner = await joinAs(t, owner, 'media-learner@learn.example', 'learner');
  course = await authoredCourse(t, owner);
  keys.video = await upload('lift.mp4', 'video/mp4', Buffer.from('not really a video'));
  keys.captions = await upload('lift.vtt', 'text/vtt', Buffer.from('WEBVTT\n\n00:00.000 --> 00:01.000\nBend your knees.\n'));
  keys.sheet = await upload('sheet.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n'));
});
afterAll(() => t.close());

describe('media and attachment blocks from authoring to the learner', () => {
  it('refuses a media block whose files are of the wrong kind, naming the field', async () => {
    const wrong = await save([video(keys.sheet)]);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ field: '/blocks/0/captions/storageKey', message: 'must be a completed text/vtt upload' }]);
    const audio = await save([{ ...video(keys.captions), kind: 'audio', captions: undefined }]);
    expect(audio.json().errors).toEqual([{ field: '/blocks/0/source/storageKey', message: 'must be a completed audio upload' }]);
  });

  it('gives learners the recording, captions and attachment addresses, and the embed as an id', async () => {
    const saved = await save([
      video(keys.captions),
      {
        id: 'clip',
        type: 'media',
        kind: 'video',
        title: 'Clip',
        source: { from: 'embed', provider: 'youtube', videoId: 'dQw4w9WgXcQ' },
        transcript: '',
      },
      { id: 'sheet', type: 'attachment', storageKey: keys.sheet, fileName: 'sheet.pdf', description: 'Checklist' },
    ]);
    expect(saved.statusCode, saved.body).toBe(200);
    await t.inject({ method: 'POST', url: `/v1/courses/${course.courseId}/publish`, headers: owner.auth });
    await t.inject({ method: 'POST', url: `/v1/courses/${course.courseId}/enrolments`, headers: learner.auth });
    const lesson = (
      await t.inject({ method: 'GET', url: `/v1/catalogue/${course.courseId}/lessons/${course.lessonIds[1]}`, headers: learner.auth })
    ).json();
    const [talk, clip, sheet] = lesson.blocks;
    expect(talk).toMatchObject({ type: 'media', transcript: 'Bend your knees.', url: expect.any(String), captionsUrl: expect.any(String) });
    expect(clip).toMatchObject({ source: { from: 'embed', provider: 'youtube', videoId: 'dQw4w9WgXcQ' }, url: null, captionsUrl: null });
    expect(sheet).toMatchObject({ type: 'attachment', fileName: 'sheet.pdf', url: expect.any(String) });
    // A player fetches the recording in ranges for as long as it plays: its link outlasts a long lecture.
    const validFor = (url: string) => Number(new URL(url).searchParams.get('expires')) - Date.now() / 1000;
    for (const url of [talk.url, talk.captionsUrl, sheet.url]) expect(validFor(url)).toBeGreaterThan(5 * 3600);
    const captions = await t.inject({ method: 'GET', url: pathOf(talk.captionsUrl) });
    expect(captions.headers['content-type']).toMatch(/^text\/vtt/);
    expect(captions.body).toContain('Bend your knees.');
  });
});
