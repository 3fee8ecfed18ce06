import { describe, expect, it } from 'vitest';
import { type FramePart, frameStream } from './frame-stream.ts';
import { type DecodedFrame, decodeFrames, encodeBytesFrame, jsonFrameText } from './protocol.ts';

const frame = (byte: number, size = 10) => new Uint8Array(size).fill(byte);

async function read(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/** The frames in written chunks, as the host decodes them. */
async function decodeAll(chunks: readonly Uint8Array[]): Promise<DecodedFrame[]> {
  async function* replay() {
    yield* chunks;
  }
  const decoded: DecodedFrame[] = [];
  for await (const decodedFrame of decodeFrames(replay())) decoded.push(decodedFrame);
  return decoded;
}

function stream(frames: AsyncGenerator<FramePart>, cancelled: unknown[] = []) {
  return frameStream(
    frames,
    (produce) => void produce(),
    (reason) => cancelled.push(reason),
  );
}

describe('frameStream', () => {
  it('writes the first frame at once and frames that follow quickly together, every byte in order', async () => {
    async function* burst() {
      for (let index = 0; index < 200; index += 1) {
        await Promise.resolve();
        yield frame(index % 256);
      }
    }
    const chunks = await read(stream(burst()));
    // One write for the first frame, then one per 4 ms at most: a burst this short takes a few.
    expect(chunks.length).toBeLessThan(10);
    expect(chunks[0]).toEqual(frame(0));
    const joined = Buffer.concat(chunks);
    expect(joined.byteLength).toBe(2000);
    expect([...joined.subarray(1990)]).toEqual([...frame(199)]);
  });

  it('writes a frame that comes after a quiet spell without waiting for more', async () => {
    let release: (() => void) | undefined;
    async function* slow() {
      yield frame(1);
      await new Promise<void>((resolve) => setTimeout(resolve, 20));
      yield frame(2);
      await new Promise<void>((resolve) => (release = resolve));
    }
    const reader = stream(slow()).getReader();
    expect((await reader.read()).value).toEqual(frame(1));
    // The producer now waits for `release`: the second frame must arrive without the stream ending.
    expect((await reader.read()).value).toEqual(frame(2));
    release?.();
    expect((await reader.read()).done).toBe(true);
  });

  it('writes at once when 64 KiB are waiting, without waiting for the interval', async () => {
    async function* big() {
      yield frame(1);
      for (let index = 0; index < 8; index += 1) yield frame(2, 16 * 1024);
    }
    const chunks = await read(stream(big()));
    // 128 KiB after the first frame, within one interval: never more than 64 KiB per write.
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (const chunk of chunks) expect(chunk.byteLength).toBeLessThanOrEqual(64 * 1024);
  });

  it("sends frames added aside (an export's progress) in order with the ones the loop yields, and none after the end", async () => {
    let aside: ((frame: Uint8Array) => void) | undefined;
    async function* frames() {
      yield frame(1);
      aside?.(frame(2));
      await new Promise<void>((resolve) => setTimeout(resolve, 10));
      yield frame(3);
    }
    const body = frameStream(
      frames(),
      (produce) => void produce(),
      () => undefined,
      (send) => {
        aside = send;
      },
    );
    const bytes = Buffer.concat(await read(body));
    aside?.(frame(4));
    expect([...bytes]).toEqual([...frame(1), ...frame(2), ...frame(3)]);
  });

  it('sends JSON frames that wait together as one batch, in order with the encoded frames between them', async () => {
    async function* mixed(): AsyncGenerator<FramePart> {
      for (let index = 0; index < 100; index += 1) yield jsonFrameText({ type: 'item', value: index });
      yield encodeBytesFrame(frame(7, 3));
      yield jsonFrameText({ type: 'result', value: null });
    }
    const chunks = await read(stream(mixed()));
    const decoded = await decodeAll(chunks);
    expect(decoded).toEqual([
      ...Array.from({ length: 100 }, (_, index) => ({ type: 'item', value: index })),
      { type: 'bytes', bytes: frame(7, 3) },
      { type: 'result', value: null },
    ]);
    // The first frame is written at once; the 99 after it wait together and go as one batch (a comma
    // each), not as 99 frames (a 5-byte header each).
    const oneFrameEach = Array.from({ length: 100 }, (_, index) => 5 + jsonFrameText({ type: 'item', value: index }).length).reduce((a, b) => a + b);
    expect(Buffer.concat(chunks).byteLength).toBeLessThan(oneFrameEach - 3 * 90);
  });

  it('joins pieces of streamed text that wait together into one delta, in order with the frames around them', async () => {
    const pieces = Array.from({ length: 180 }, (_, index) => `piece ${index} `);
    async function* lesson(): AsyncGenerator<FramePart> {
      for (const piece of pieces) yield { textDelta: piece };
      yield jsonFrameText({ type: 'item', value: { type: 'done', text: pieces.join('') } });
      yield { textDelta: 'after' };
      yield jsonFrameText({ type: 'result', value: null });
    }
    const decoded = await decodeAll(await read(stream(lesson())));
    // The first piece goes at once, alone; the 179 that follow within the interval as one delta.
    expect(decoded).toEqual([
      { type: 'item', value: { type: 'delta', text: pieces[0] } },
      { type: 'item', value: { type: 'delta', text: pieces.slice(1).join('') } },
      { type: 'item', value: { type: 'done', text: pieces.join('') } },
      { type: 'item', value: { type: 'delta', text: 'after' } },
      { type: 'result', value: null },
    ]);
  });

  it('sends a piece of text that comes after a quiet spell at once, without joining it to later ones', async () => {
    let release: (() => void) | undefined;
    async function* slow(): AsyncGenerator<FramePart> {
      yield { textDelta: 'one ' };
      await new Promise<void>((resolve) => setTimeout(resolve, 20));
      yield { textDelta: 'two ' };
      await new Promise<void>((resolve) => (release = resolve));
      yield { textDelta: 'three' };
    }
    const reader = stream(slow()).getReader();
    const next = async () => {
      const { value } = await reader.read();
      return decodeAll(value === undefined ? [] : [value]);
    };
    expect(await next()).toEqual([{ type: 'item', value: { type: 'delta', text: 'one ' } }]);
    // The producer now waits for `release`: 'two ' must arrive on its own, not held for a join.
    expect(await next()).toEqual([{ type: 'item', value: { type: 'delta', text: 'two ' } }]);
    release?.();
    expect(await next()).toEqual([{ type: 'item', value: { type: 'delta', text: 'three' } }]);
  });

  it('tells the producer when the host goes away, and stops asking it for frames', async () => {
    const cancelled: unknown[] = [];
    let produced = 0;
    let stopped: (() => void) | undefined;
    const generatorEnded = new Promise<void>((resolve) => (stopped = resolve));
    async function* endless() {
      try {
        for (;;) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          produced += 1;
          yield frame(1);
        }
      } finally {
        stopped?.();
      }
    }
    const reader = stream(endless(), cancelled).getReader();
    await reader.read();
    await reader.cancel('gone');
    expect(cancelled).toEqual(['gone']);
    // A frame produced after the cancel is dropped (enqueueing it would throw on the closed
    // controller, outside any caller), and the loop ends the generator rather than running on.
    await generatorEnded;
    expect(produced).toBeGreaterThan(1);
  });
});
