import { describe, expect, it } from 'vitest';
import { type BlockOf, blockProblem, newBlock } from './blocks';
import { embedAddress } from './media-blocks';
import { diffBlocks } from './version-diff';

const media = (fields: Partial<BlockOf<'media'>>): BlockOf<'media'> => ({ ...(newBlock('media') as BlockOf<'media'>), ...fields });

describe('media and attachment blocks in the editor', () => {
  it('asks for a recording, a title and valid captions before saving', () => {
    expect(blockProblem(newBlock('media'))).toBe('Upload a recording, or embed a YouTube or Vimeo video.');
    expect(blockProblem(media({ source: { from: 'embed', provider: 'youtube', videoId: '' } }))).toBe('Paste a YouTube or Vimeo video address.');
    const uploaded = media({ source: { from: 'upload', storageKey: 'uploads/x/a.mp4' } });
    expect(blockProblem(uploaded)).toBe('Give the recording a title.');
    expect(blockProblem({ ...uploaded, title: 'Talk', captions: { storageKey: 'k', language: 'english', label: 'English' } })).toBe(
      'Captions language must be a code like en or fr-CA.',
    );
    expect(blockProblem({ ...uploaded, title: 'Talk', captions: { storageKey: 'k', language: 'en', label: 'English' } })).toBeNull();
    expect(blockProblem(newBlock('attachment'))).toBe('Upload a file.');
  });

  it('shows a stored embed as an address the author recognises', () => {
    expect(embedAddress({ from: 'embed', provider: 'vimeo', videoId: '42' })).toBe('https://vimeo.com/42');
    expect(embedAddress({ from: 'embed', provider: 'youtube', videoId: 'dQw4w9WgXcQ' })).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
  });

  it('diffs a transcript word by word and names a replaced recording', () => {
    const before = media({ id: 'm', title: 'Talk', source: { from: 'upload', storageKey: 'uploads/x/a.mp4' }, transcript: 'Bend your knees.' });
    const after = { ...before, source: { from: 'upload' as const, storageKey: 'uploads/y/b.mp4' }, transcript: 'Bend both knees.' };
    const [change] = diffBlocks([before], [after]);
    expect(change?.change).toBe('changed');
    expect(change?.words.filter((w) => w.op === 'added').map((w) => w.text.trim())).toEqual(['(b.mp4)', 'both']);
  });
});
