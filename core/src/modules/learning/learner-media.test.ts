import type { Block } from '@mirai/sdk-plugin';
import { describe, expect, it } from 'vitest';
import { learnerBlocks } from './grading.ts';

describe('learnerBlocks for media and attachments', () => {
  it('gives an uploaded recording, its captions and an attachment their addresses, and an embed none', () => {
    const blocks: Block[] = [
      {
        id: 'm',
        type: 'media',
        kind: 'video',
        title: 'Talk',
        source: { from: 'upload', storageKey: 'uploads/1/talk.mp4' },
        captions: { storageKey: 'uploads/2/talk.vtt', language: 'en', label: 'English' },
        transcript: 'Hello',
      },
      { id: 'e', type: 'media', kind: 'video', title: 'Clip', source: { from: 'embed', provider: 'vimeo', videoId: '42' }, transcript: '' },
      { id: 'a', type: 'attachment', storageKey: 'uploads/3/sheet.pdf', fileName: 'sheet.pdf' },
    ];
    const urls = learnerBlocks(blocks, (key) => (key.endsWith('.pdf') ? null : `https://files/${key}`));
    expect(urls[0]).toMatchObject({ url: 'https://files/uploads/1/talk.mp4', captionsUrl: 'https://files/uploads/2/talk.vtt', transcript: 'Hello' });
    expect(urls[1]).toMatchObject({ url: null, captionsUrl: null, source: { from: 'embed', videoId: '42' } });
    expect(urls[2]).toEqual({ id: 'a', type: 'attachment', storageKey: 'uploads/3/sheet.pdf', fileName: 'sheet.pdf', url: null });
  });
});
