import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LessonBlocks } from './lesson-blocks';
import type { LessonBlock } from './types';

const render = (blocks: LessonBlock[], fileUrl?: (key: string) => string | null) =>
  renderToStaticMarkup(createElement(LessonBlocks, { blocks, imageUrl: fileUrl }));

const uploaded: LessonBlock = {
  id: 'v',
  type: 'media',
  kind: 'video',
  title: 'The lift',
  source: { from: 'upload', storageKey: 'uploads/1/lift.webm' },
  captions: { storageKey: 'uploads/2/lift.vtt', language: 'en', label: 'English' },
  transcript: 'Stand <close>.\n\nBend your knees.',
  url: 'https://storage.example/lift.webm',
  captionsUrl: 'https://storage.example/lift.vtt',
};

describe('media and attachment blocks', () => {
  it('plays an uploaded video with its captions track (through CORS) and shows the escaped transcript', () => {
    const html = render([uploaded]);
    expect(html).toContain(
      '<video class="lb-media__player" controls="" preload="metadata" src="https://storage.example/lift.webm" crossorigin="anonymous">',
    );
    expect(html).toContain('<track kind="captions" src="https://storage.example/lift.vtt" srcLang="en" label="English" default=""/>');
    expect(html).toContain('<p>Stand &lt;close&gt;.</p><p>Bend your knees.</p>');
  });

  it('resolves files through the author preview when blocks carry no url, and says when a recording is gone', () => {
    const { url: _url, captionsUrl: _captionsUrl, ...authored } = uploaded as Extract<LessonBlock, { type: 'media' }>;
    expect(render([authored], (key) => `https://files.example/${key}`)).toContain('src="https://files.example/uploads/1/lift.webm"');
    const gone = render([{ ...uploaded, url: null } as LessonBlock]);
    expect(gone).toContain('Recording unavailable: The lift');
    expect(gone).not.toContain('<video');
    expect(render([{ ...uploaded, url: 'javascript:alert(1)' } as LessonBlock])).not.toContain('javascript:');
  });

  it('frames an embed only as the provider player built from its id, sandboxed', () => {
    const html = render([
      {
        id: 'e',
        type: 'media',
        kind: 'video',
        title: 'Clip',
        source: { from: 'embed', provider: 'youtube', videoId: 'dQw4w9WgXcQ' },
        transcript: '',
      },
    ]);
    expect(html).toContain('src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"');
    expect(html).toContain('sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"');
    expect(html).toContain('title="YouTube video: Clip"');
    expect(html).not.toContain('lb-media__transcript');
  });

  it('links an attachment for download, never through an unsafe address', () => {
    const attachment = (url: string | null): LessonBlock => ({
      id: 'a',
      type: 'attachment',
      storageKey: 'k',
      fileName: 'sheet.pdf',
      description: 'Checklist',
      url,
    });
    expect(render([attachment('https://storage.example/sheet.pdf')])).toContain(
      '<a href="https://storage.example/sheet.pdf" download="sheet.pdf">sheet.pdf</a>',
    );
    expect(render([attachment('javascript:alert(1)')])).toContain('sheet.pdf (unavailable)');
    expect(render([attachment(null)])).not.toContain('<a ');
  });
});
