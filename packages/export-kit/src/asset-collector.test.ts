import type { Block } from '@mirai/sdk-plugin';
import { describe, expect, it } from 'vitest';
import { AssetCollector } from './asset-collector.ts';

const image = (id: string, storageKey: string): Block => ({ id, type: 'image', storageKey, alt: id });

describe('AssetCollector', () => {
  it('reads each image once and writes only the ones storage has', async () => {
    const reads: string[] = [];
    const written: string[] = [];
    const collector = new AssetCollector(
      async (key) => {
        reads.push(key);
        return key.endsWith('missing.png') ? null : Uint8Array.of(1);
      },
      (path) => written.push(path),
    );
    await collector.collect([image('a', 't/one.png'), image('b', 't/missing.png')]);
    const paths = await collector.collect([image('c', 't/one.png'), image('d', 't/two.jpg')]);
    expect(reads).toEqual(['t/one.png', 't/missing.png', 't/two.jpg']);
    expect(written).toEqual(['assets/1-one.png', 'assets/3-two.jpg']);
    expect(paths.get('t/missing.png')).toBeNull();
  });

  it('names files the way the exporter asks when it passes a namer', async () => {
    const written: string[] = [];
    const collector = new AssetCollector(
      async (key) => (key.endsWith('missing.png') ? null : Uint8Array.of(7, 7)),
      (path) => written.push(path),
      (position, storageKey, bytes) => `media/${position}-${bytes.length}-${storageKey.split('/').pop()}`,
    );
    const paths = await collector.collect([image('a', 't/missing.png'), image('b', 't/one.png')]);
    expect(written).toEqual(['media/2-2-one.png']);
    expect(paths.get('t/one.png')).toBe('media/2-2-one.png');
  });
});

describe('AssetCollector with media and attachments', () => {
  it('collects a recording, its captions and an attachment, and nothing for an embed', async () => {
    const written: string[] = [];
    const collector = new AssetCollector(
      async () => Uint8Array.of(1),
      (path) => written.push(path),
    );
    await collector.collect([
      {
        id: 'v',
        type: 'media',
        kind: 'video',
        title: 'Talk',
        source: { from: 'upload', storageKey: 't/talk.mp4' },
        captions: { storageKey: 't/talk.vtt', language: 'en', label: 'English' },
        transcript: '',
      },
      {
        id: 'e',
        type: 'media',
        kind: 'video',
        title: 'Clip',
        source: { from: 'embed', provider: 'youtube', videoId: 'dQw4w9WgXcQ' },
        transcript: '',
      },
      { id: 'a', type: 'attachment', storageKey: 't/sheet.pdf', fileName: 'sheet.pdf' },
    ]);
    expect(written).toEqual(['assets/1-talk.mp4', 'assets/2-talk.vtt', 'assets/3-sheet.pdf']);
  });
});
