import axe from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { type Session, signUp } from '../support/generation-client.ts';
import { DESKTOP, phoneContextLike, screenshotBothWidths } from './journeys/admin-steps.ts';
import { signInThroughForm } from './journeys/learner-steps.ts';

const PASSWORD = 'correct horse battery';
const CAPTIONS = 'WEBVTT\n\n00:00.000 --> 00:05.000\nBend your knees, not your back.\n';
const TRANSCRIPT = 'Stand close to the load.\n\nBend your knees, not your back.';

/** A course of one empty lesson; returns its ids. */
async function emptyCourse(owner: Session): Promise<{ courseId: string; lessonId: string }> {
  const courseId = ((await owner.call({ method: 'POST', url: '/v1/courses', payload: { title: 'Lifting on video' } })).body as { id: string }).id;
  const outline = (
    await owner.call({
      method: 'PUT',
      url: `/v1/courses/${courseId}/outline`,
      payload: { modules: [{ title: 'Watch', lessons: [{ title: 'The safe lift', objectives: [] }] }] },
    })
  ).body as { modules: Array<{ lessons: Array<{ id: string }> }> };
  return { courseId, lessonId: outline.modules[0]?.lessons[0]?.id ?? '' };
}

/** A real WebM recorded by Chromium itself from a canvas, so the player has something to decode. */
async function recordWebm(page: Page): Promise<Buffer> {
  const bytes = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 160;
    canvas.height = 90;
    const context = canvas.getContext('2d');
    const recorder = new MediaRecorder(canvas.captureStream(10), { mimeType: 'video/webm' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    const stopped = new Promise((resolve) => recorder.addEventListener('stop', resolve));
    recorder.start();
    // Ten painted frames, each after the browser has shown the previous one.
    for (let frame = 0; frame < 10; frame++) {
      if (context !== null) {
        context.fillStyle = `hsl(${frame * 36}, 70%, 50%)`;
        context.fillRect(0, 0, 160, 90);
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    recorder.stop();
    await stopped;
    return Array.from(new Uint8Array(await new Blob(chunks).arrayBuffer()));
  });
  return Buffer.from(bytes);
}

/** The tests run offline: YouTube's player is a local stand-in page (the frame's address is what is under test). */
async function stubYoutube(context: BrowserContext): Promise<void> {
  await context.route('https://www.youtube-nocookie.com/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><title>Player</title><main><p>Video player</p></main></html>' }),
  );
}

/** axe checks frames only where it runs too: give every frame its copy before the audit. */
async function expectAccessibleWithFrames(page: Page, label: string): Promise<void> {
  for (const frame of page.frames()) if (frame !== page.mainFrame()) await frame.evaluate(axe.source);
  await expectAccessible(page, label);
}

/** The media blocks as a learner (or the preview) shows them. */
async function expectMediaShown(page: Page): Promise<void> {
  const video = page.locator('.lb-media--video video');
  await video.waitFor();
  // The captions track loads from storage (CORS) and holds the uploaded cue.
  await page.waitForFunction(() => {
    const element = document.querySelector<HTMLVideoElement>('.lb-media--video video');
    const track = element?.textTracks[0];
    if (track !== undefined) track.mode = 'hidden';
    return (track?.cues?.length ?? 0) > 0;
  });
  const cue = await page.evaluate(() => {
    const cues = document.querySelector<HTMLVideoElement>('.lb-media--video video')?.textTracks[0]?.cues;
    return cues?.[0] instanceof VTTCue ? cues[0].text : null;
  });
  expect(cue).toBe('Bend your knees, not your back.');
  // The recording decodes: Chromium reads its metadata from storage.
  await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('.lb-media--video video')?.readyState ?? 0) >= 1);
  const frame = page.locator('.lb-media iframe');
  await expect(frame.getAttribute('src')).resolves.toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
  await expect(frame.getAttribute('sandbox')).resolves.toBe('allow-scripts allow-same-origin allow-presentation allow-popups');
  await page.locator('.lb-media__transcript summary').first().click();
  await expect(page.locator('.lb-media__transcript p').allTextContents()).resolves.toEqual(TRANSCRIPT.split('\n\n'));
  const attachment = page.getByRole('link', { name: 'checklist.pdf' });
  const href = (await attachment.getAttribute('href')) ?? '';
  const download = await fetch(href);
  expect(download.status).toBe(200);
  await expect(download.text()).resolves.toContain('%PDF');
}

/**
 * Issue 19 item 4 as an author does it: a video uploaded with WebVTT captions and a transcript, a
 * YouTube embed and an attachment added in the editor, previewed, published, and seen by a learner.
 */
describe('media in lessons', () => {
  const stack = useBrowserStack('lesson-media');

  it('adds an uploaded video with captions, an embed and an attachment; preview and learner show them', async () => {
    const { app, api, browser, contexts } = stack.get();
    const email = `media-${Date.now()}@example.org`;
    const owner = await signUp(api.url, email);
    const { courseId, lessonId } = await emptyCourse(owner);

    const desktop = await browser.newContext({ viewport: DESKTOP });
    contexts.push(desktop);
    await stubYoutube(desktop);
    const page = await desktop.newPage();
    await signInThroughForm(page, app.url, { email, password: PASSWORD });
    const phone = await phoneContextLike(browser, desktop);
    contexts.push(phone);
    await stubYoutube(phone);
    const phonePage = await phone.newPage();

    await page.goto(`${app.url}/courses/${courseId}/edit/${lessonId}`);
    await page.waitForFunction(() => '__remixRouter' in window);
    const webm = await recordWebm(page);
    const addBlock = async (type: string) => {
      await page.getByLabel('New block').selectOption(type);
      await page.getByRole('button', { name: 'Add block' }).click();
      return page.locator(`[data-block-type="${type}"]`).last();
    };

    // A video uploaded to storage, with captions and a transcript.
    const video = await addBlock('media');
    await video.getByLabel('Upload the recording').setInputFiles({ name: 'safe-lift.webm', mimeType: 'video/webm', buffer: webm });
    await video.getByText('Video uploaded.').waitFor({ timeout: 20_000 });
    await expect(video.getByLabel('Title').inputValue()).resolves.toBe('safe lift');
    await video.getByLabel('Title').fill('The safe lift, filmed');
    // Not WebVTT: refused before anything is uploaded.
    await video
      .getByLabel('Upload captions')
      .setInputFiles({ name: 'lift.srt', mimeType: 'text/plain', buffer: Buffer.from('1\n00:00:00,000 --> 00:00:05,000\nHi\n') });
    await video.getByRole('alert').filter({ hasText: 'WebVTT' }).waitFor();
    await video.getByLabel('Upload captions').setInputFiles({ name: 'safe-lift.vtt', mimeType: 'text/vtt', buffer: Buffer.from(CAPTIONS) });
    await video.getByText('Captions uploaded.').waitFor({ timeout: 20_000 });
    await video.getByLabel('Transcript').fill(TRANSCRIPT);

    // A YouTube video: only an allow-listed address is accepted.
    const embed = await addBlock('media');
    await embed.getByLabel('Embed a YouTube or Vimeo video').check();
    await embed.getByLabel('YouTube or Vimeo address').fill('https://evil.example/watch?v=dQw4w9WgXcQ');
    await embed.getByText('Only YouTube and Vimeo video addresses can be embedded.').waitFor();
    await embed.getByLabel('YouTube or Vimeo address').fill('https://youtu.be/dQw4w9WgXcQ');
    await embed.getByLabel('Title').fill('A team lift');

    // An attachment.
    const attachment = await addBlock('attachment');
    await attachment
      .getByLabel('Upload a file')
      .setInputFiles({ name: 'checklist.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await attachment.getByText('Attached: checklist.pdf').waitFor({ timeout: 20_000 });
    await attachment.getByLabel('Description (optional)').fill('Print it before the session.');

    await page.locator('[data-testid="save-status"][data-save="saved"]').waitFor({ timeout: 20_000 });
    const saved = (await owner.call({ method: 'GET', url: `/v1/lessons/${lessonId}` })).body as {
      content: { blocks: Array<Record<string, unknown>> };
    };
    expect(saved.content.blocks.map((block) => block.type)).toEqual(['media', 'media', 'attachment']);
    expect(saved.content.blocks[1]).toMatchObject({ source: { from: 'embed', provider: 'youtube', videoId: 'dQw4w9WgXcQ' } });
    await expectAccessible(page, 'editor with media blocks');
    await screenshotBothWidths(page, phonePage, 'lesson-media-editor');

    // The author's preview.
    await page.goto(`${app.url}/courses/${courseId}/preview?lesson=${lessonId}`);
    await expectMediaShown(page);
    await expectAccessibleWithFrames(page, 'preview with media blocks');
    await screenshotBothWidths(page, phonePage, 'lesson-media-preview');

    // Published, the learner (the owner enrolled) sees the same.
    expect((await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/publish` })).status).toBe(200);
    expect((await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/enrolments` })).status).toBe(201);
    await page.goto(`${app.url}/learn/${courseId}/${lessonId}`);
    await expectMediaShown(page);
    await expectAccessibleWithFrames(page, 'learner lesson with media blocks');
    await screenshotBothWidths(page, phonePage, 'lesson-media-learner');
  });
});
