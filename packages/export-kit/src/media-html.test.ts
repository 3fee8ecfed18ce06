import type { MediaBlock } from '@mirai/sdk-plugin';
import { describe, expect, it } from 'vitest';
import { contentBlockHtml } from './block-html.ts';
import { attachmentBlockHtml, mediaBlockHtml, transcriptHtml } from './media-html.ts';

const files = new Map<string, string | null>([
  ['k/talk.mp4', 'assets/1-talk.mp4'],
  ['k/talk.vtt', 'assets/2-talk.vtt'],
  ['k/sheet.pdf', 'assets/3-sheet.pdf'],
]);
const fileSrc = (key: string) => files.get(key) ?? null;
const video: MediaBlock = {
  id: 'v',
  type: 'media',
  kind: 'video',
  title: 'Talk <1>',
  source: { from: 'upload', storageKey: 'k/talk.mp4' },
  captions: { storageKey: 'k/talk.vtt', language: 'en', label: 'English' },
  transcript: 'First <b>line</b>\nsecond line\n\nNext paragraph',
};
const embed: MediaBlock = {
  id: 'e',
  type: 'media',
  kind: 'video',
  title: 'Clip',
  source: { from: 'embed', provider: 'vimeo', videoId: '76979871' },
  transcript: '',
};

describe('media block HTML', () => {
  it('plays the packaged recording with its captions track and shows the escaped transcript', () => {
    const html = mediaBlockHtml(video, fileSrc, 'link');
    expect(html).toContain(
      '<video controls preload="metadata" src="assets/1-talk.mp4"><track kind="captions" src="assets/2-talk.vtt" srclang="en" label="English" default>',
    );
    expect(html).toContain('<figcaption>Talk &lt;1&gt;</figcaption>');
    expect(html).toContain('<p>First &lt;b&gt;line&lt;/b&gt;<br>second line</p>\n<p>Next paragraph</p>');
  });

  it('says a recording is unavailable rather than pointing at a missing file', () => {
    const html = mediaBlockHtml({ ...video, source: { from: 'upload', storageKey: 'k/gone.mp4' } }, fileSrc, 'frame');
    expect(html).toContain('Recording unavailable: Talk &lt;1&gt;');
    expect(html).not.toContain('<video');
  });

  it('frames an embed only from the provider player built from the id, sandboxed, or links out', () => {
    const framed = mediaBlockHtml(embed, fileSrc, 'frame');
    expect(framed).toContain(
      '<iframe src="https://player.vimeo.com/video/76979871?dnt=1" title="Vimeo video: Clip" sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"',
    );
    const linked = mediaBlockHtml(embed, fileSrc, 'link');
    expect(linked).not.toContain('<iframe');
    expect(linked).toContain('href="https://vimeo.com/76979871" target="_blank" rel="noopener noreferrer"');
    expect(() => mediaBlockHtml({ ...embed, source: { from: 'embed', provider: 'vimeo', videoId: '1" onload="x' } }, fileSrc, 'frame')).toThrow();
  });

  it('links an attachment for download, and names a missing one without a link', () => {
    expect(attachmentBlockHtml({ id: 'a', type: 'attachment', storageKey: 'k/sheet.pdf', fileName: 'sheet.pdf' }, fileSrc)).toContain(
      '<a href="assets/3-sheet.pdf" download="sheet.pdf">sheet.pdf</a>',
    );
    expect(attachmentBlockHtml({ id: 'a', type: 'attachment', storageKey: 'k/x.pdf', fileName: 'x.pdf' }, fileSrc)).toContain('x.pdf (unavailable)');
  });

  it('leaves out an empty transcript, and renders media through contentBlockHtml as links by default', () => {
    expect(transcriptHtml('  \n ')).toBe('');
    expect(contentBlockHtml(embed, { assets: files })).toContain('class="media-link"');
    expect(contentBlockHtml(embed, { assets: files, embeds: 'frame' })).toContain('<iframe');
  });
});
