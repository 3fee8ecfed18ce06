import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ZipStream } from './zip-stream.ts';

function write(): Uint8Array {
  const zip = new ZipStream();
  const chunks: Uint8Array[] = [];
  zip.add('a.txt', 'hello');
  chunks.push(...zip.take());
  zip.add('dir/b.bin', Uint8Array.of(1, 2, 3));
  zip.end();
  chunks.push(...zip.take());
  return Buffer.concat(chunks);
}

describe('ZipStream', () => {
  it('writes the entries it is given', () => {
    const files = unzipSync(write());
    expect(strFromU8(files['a.txt'] ?? new Uint8Array())).toBe('hello');
    expect([...(files['dir/b.bin'] ?? [])]).toEqual([1, 2, 3]);
  });

  it('gives byte-identical archives for the same input', () => {
    expect(Buffer.compare(write(), write())).toBe(0);
  });
});
