import { describe, expect, it } from 'vitest';
import { blockStorageKeys, mediaEmbedSrc, parseMediaEmbedUrl } from './media-blocks.ts';

describe('parseMediaEmbedUrl', () => {
  it('reads the video id from the usual YouTube and Vimeo addresses', () => {
    const youtube = { provider: 'youtube', videoId: 'dQw4w9WgXcQ' };
    expect(parseMediaEmbedUrl('https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10')).toEqual(youtube);
    expect(parseMediaEmbedUrl('https://youtu.be/dQw4w9WgXcQ')).toEqual(youtube);
    expect(parseMediaEmbedUrl(' https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ ')).toEqual(youtube);
    expect(parseMediaEmbedUrl('https://vimeo.com/76979871')).toEqual({ provider: 'vimeo', videoId: '76979871' });
    expect(parseMediaEmbedUrl('https://player.vimeo.com/video/76979871')).toEqual({ provider: 'vimeo', videoId: '76979871' });
  });

  it('refuses other hosts, look-alike hosts, other schemes and malformed ids', () => {
    expect(parseMediaEmbedUrl('https://evil.example/watch?v=dQw4w9WgXcQ')).toBeNull();
    expect(parseMediaEmbedUrl('https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ')).toBeNull();
    expect(parseMediaEmbedUrl('javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ')).toBeNull();
    expect(parseMediaEmbedUrl('https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>')).toBeNull();
    expect(parseMediaEmbedUrl('https://vimeo.com/channels/staff')).toBeNull();
    expect(parseMediaEmbedUrl('<iframe src="https://player.vimeo.com/video/1">')).toBeNull();
  });
});

describe('mediaEmbedSrc', () => {
  it('builds the player address from the id and refuses ids that could change it', () => {
    expect(mediaEmbedSrc('youtube', 'dQw4w9WgXcQ')).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(mediaEmbedSrc('vimeo', '76979871')).toBe('https://player.vimeo.com/video/76979871?dnt=1');
    expect(() => mediaEmbedSrc('vimeo', '1/../../x')).toThrow();
  });
});

describe('blockStorageKeys', () => {
  it('lists the recording, its captions and attachments, but nothing for an embed', () => {
    const source = { from: 'upload', storageKey: 'uploads/a/talk.mp4' } as const;
    const captions = { storageKey: 'uploads/b/talk.vtt', language: 'en', label: 'English' };
    expect(blockStorageKeys({ id: 'm', type: 'media', kind: 'video', title: 'Talk', source, captions, transcript: '' })).toEqual([
      'uploads/a/talk.mp4',
      'uploads/b/talk.vtt',
    ]);
    const embed = { from: 'embed', provider: 'vimeo', videoId: '1' } as const;
    expect(blockStorageKeys({ id: 'e', type: 'media', kind: 'video', title: 'Clip', source: embed, transcript: '' })).toEqual([]);
    expect(blockStorageKeys({ id: 'a', type: 'attachment', storageKey: 'uploads/c/sheet.pdf', fileName: 'sheet.pdf' })).toEqual([
      'uploads/c/sheet.pdf',
    ]);
  });
});
