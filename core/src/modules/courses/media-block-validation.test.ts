import { describe, expect, it } from 'vitest';
import { blockErrors } from './block-validation.ts';

const upload = { from: 'upload', storageKey: 'uploads/u1/talk.mp4' };
const captions = { storageKey: 'uploads/u2/talk.vtt', language: 'en', label: 'English' };
const media = (fields: Record<string, unknown>) => [
  { id: 'm1', type: 'media', kind: 'video', title: 'Talk', source: upload, transcript: '', ...fields },
];

describe('blockErrors for media and attachment blocks', () => {
  it('accepts an uploaded video with captions, an embed, an audio recording and an attachment', () => {
    const blocks = [
      ...media({ captions, transcript: 'Hello, learners.' }),
      {
        id: 'm2',
        type: 'media',
        kind: 'video',
        title: 'Clip',
        source: { from: 'embed', provider: 'youtube', videoId: 'dQw4w9WgXcQ' },
        transcript: '',
      },
      { id: 'm3', type: 'media', kind: 'audio', title: 'Podcast', source: { from: 'upload', storageKey: 'uploads/u3/pod.mp3' }, transcript: 'Hi' },
      { id: 'a1', type: 'attachment', storageKey: 'uploads/u4/sheet.pdf', fileName: 'sheet.pdf', description: 'Worksheet' },
    ];
    expect(blockErrors(blocks)).toEqual([]);
  });

  it('refuses an embed id that does not fit its provider, and an audio embed', () => {
    expect(blockErrors(media({ source: { from: 'embed', provider: 'vimeo', videoId: 'abc' } }))).toEqual([
      { field: '/body/blocks/0/source/videoId', message: 'is not a vimeo video id' },
    ]);
    expect(blockErrors(media({ kind: 'audio', source: { from: 'embed', provider: 'youtube', videoId: 'dQw4w9WgXcQ' } }))).toEqual([
      { field: '/body/blocks/0/kind', message: 'must be video for an embed' },
    ]);
  });

  it('refuses captions on an embed and on audio', () => {
    expect(blockErrors(media({ captions, source: { from: 'embed', provider: 'vimeo', videoId: '123' } }))).toEqual([
      { field: '/body/blocks/0/captions', message: 'are only for an uploaded video' },
    ]);
    expect(blockErrors(media({ captions, kind: 'audio' }))).toEqual([
      { field: '/body/blocks/0/captions', message: 'are only for an uploaded video' },
    ]);
  });

  it('refuses raw embed markup and an attachment without a file name', () => {
    const raw = blockErrors(media({ source: { from: 'embed', provider: 'youtube', videoId: '"><script>' } }));
    expect(raw.map((e) => e.field)).toContain('/body/blocks/0/source/videoId');
    const attachment = blockErrors([{ id: 'a1', type: 'attachment', storageKey: 'uploads/u4/sheet.pdf', fileName: '' }]);
    expect(attachment).toEqual([{ field: '/body/blocks/0/fileName', message: 'must NOT have fewer than 1 characters' }]);
  });
});
