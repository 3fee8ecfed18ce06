import { describe, expect, it } from 'vitest';
import { type DecodedFrame, decodeFrames, encodeBytesFrame, encodeJsonBatch, encodeJsonFrame, jsonFrameText } from './protocol.ts';

async function* chunked(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts, bytes.byteLength]) {
    yield bytes.subarray(start, cut);
    start = cut;
  }
}

async function decodeAll(chunks: AsyncIterable<Uint8Array>): Promise<DecodedFrame[]> {
  const frames: DecodedFrame[] = [];
  for await (const frame of decodeFrames(chunks)) frames.push(frame);
  return frames;
}

describe('decodeFrames', () => {
  const frames = [
    encodeJsonFrame({ type: 'item', value: { type: 'delta', text: 'Set a ladder ' } }),
    encodeBytesFrame(new Uint8Array([1, 2, 3, 4, 5, 6, 7])),
    encodeJsonFrame({ type: 'progress', percent: 50, message: 'Lesson 1.2: Using ladders — ½' }),
    encodeJsonFrame({ type: 'result', value: null }),
  ];
  const stream = new Uint8Array(Buffer.concat(frames));
  const expected: DecodedFrame[] = [
    { type: 'item', value: { type: 'delta', text: 'Set a ladder ' } },
    { type: 'bytes', bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7]) },
    { type: 'progress', percent: 50, message: 'Lesson 1.2: Using ladders — ½' },
    { type: 'result', value: null },
  ];

  it('reads the same frames however the stream is cut, a cut at every byte included', async () => {
    expect(await decodeAll(chunked(stream, []))).toEqual(expected);
    for (let cut = 1; cut < stream.byteLength; cut += 1) expect(await decodeAll(chunked(stream, [cut]))).toEqual(expected);
    const everyByte = Array.from({ length: stream.byteLength - 1 }, (_, index) => index + 1);
    expect(await decodeAll(chunked(stream, everyByte))).toEqual(expected);
  });

  it('hands on bytes that stay as they were when the chunk they came in is overwritten', async () => {
    const chunk = new Uint8Array(stream);
    const decoded = await decodeAll(chunked(chunk, []));
    chunk.fill(0);
    expect(decoded[1]).toEqual({ type: 'bytes', bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7]) });
  });

  it('reads a batch of JSON frames as its frames, in order with the frames around it', async () => {
    const batch = encodeJsonBatch([
      jsonFrameText({ type: 'item', value: { type: 'delta', text: 'a' } }),
      jsonFrameText({ type: 'item', value: { type: 'delta', text: 'b, "c"' } }),
    ]);
    const bytes = new Uint8Array(
      Buffer.concat([batch, encodeBytesFrame(new Uint8Array([9])), encodeJsonBatch([jsonFrameText({ type: 'result', value: 1 })])]),
    );
    const wanted: DecodedFrame[] = [
      { type: 'item', value: { type: 'delta', text: 'a' } },
      { type: 'item', value: { type: 'delta', text: 'b, "c"' } },
      { type: 'bytes', bytes: new Uint8Array([9]) },
      { type: 'result', value: 1 },
    ];
    for (let cut = 1; cut < bytes.byteLength; cut += 1) expect(await decodeAll(chunked(bytes, [cut]))).toEqual(wanted);
  });

  it('fails when the stream ends inside a frame', async () => {
    await expect(decodeAll(chunked(stream.subarray(0, stream.byteLength - 2), []))).rejects.toThrow('ended inside a frame');
  });
});
