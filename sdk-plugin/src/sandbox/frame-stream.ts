import { encodeJsonBatch, jsonFrameText } from './protocol.ts';

/** Waiting frames are written at once when they reach this size. */
const FLUSH_BYTES = 64 * 1024;
/**
 * While frames come faster than this, they are written together at most once per interval; a
 * frame after a quieter spell is written at once. Each write costs the host a chunk to read and
 * the worker a socket write, so one per AI delta made a streamed lesson several times slower
 * than in-process; a model's deltas come tens of milliseconds apart and are not delayed.
 */
const FLUSH_INTERVAL_MS = 4;
/** Unread bytes past which the plugin is paused until the host reads. */
const HIGH_WATER_BYTES = 1 << 20;

function concat(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/**
 * A piece of streamed text (an AI provider's `delta` event). Pieces waiting for the same write go
 * as one delta with their texts joined: the text is what a stream carries, not where a provider
 * happened to cut it, and a frame per piece cost the worker a JSON text and the host a parse and a
 * yield through every layer of the call, for a provider that cuts a lesson into 180 pieces most
 * of the sandboxed call's cost. A piece that comes alone (after a quiet spell) goes alone, at once.
 */
export interface TextPiece {
  readonly textDelta: string;
}

/**
 * A frame to send: an encoded frame (an export's chunk), the JSON text of one (`jsonFrameText`),
 * or a piece of streamed text. JSON texts waiting together are sent as one batch frame, encoded
 * once: an encode and a buffer per AI delta were the largest part of the sandbox's own time per
 * delta (allocating and collecting array buffers costs workerd more than strings).
 */
export type FramePart = Uint8Array | string | TextPiece;

/**
 * The body of one call's answer: the frames the plugin produces, batched as above. `scope` runs
 * the producing loop (inside the call's scope); `cancel` is told when the host goes away;
 * `aside` is handed a function that adds a frame out of the loop (batched the same way).
 */
export function frameStream(
  frames: AsyncGenerator<FramePart>,
  scope: (produce: () => Promise<void>) => void,
  cancel: (reason: unknown) => void,
  aside?: (send: (frame: FramePart) => void) => void,
): ReadableStream<Uint8Array> {
  let resume: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: Uint8Array[] = [];
  /** JSON texts after the last of `pending`; their length (UTF-16 units) stands in for their size. */
  let texts: string[] = [];
  let pendingBytes = 0;
  /** Streamed text after the last of `texts`, still being joined; `undefined` when none waits. */
  let joinedText: string | undefined;
  let lastWrite = Number.NEGATIVE_INFINITY;
  let wrote = false;
  // Once the host went away the controller is closed: a timer or a frame still on its way must not touch it.
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(stream) {
        const closeText = () => {
          if (joinedText === undefined) return;
          texts.push(jsonFrameText({ type: 'item', value: { type: 'delta', text: joinedText } }));
          joinedText = undefined;
        };
        const closeBatch = () => {
          closeText();
          if (texts.length === 0) return;
          pending.push(encodeJsonBatch(texts));
          texts = [];
        };
        const flush = () => {
          if (timer !== undefined) clearTimeout(timer);
          timer = undefined;
          lastWrite = Date.now();
          if (pendingBytes === 0 || cancelled) return;
          closeBatch();
          stream.enqueue(
            concat(
              pending,
              pending.reduce((size, part) => size + part.byteLength, 0),
            ),
          );
          wrote = true;
          pending = [];
          pendingBytes = 0;
        };
        let closed = false;
        const add = (frame: FramePart) => {
          if (cancelled || closed) return;
          if (typeof frame === 'string') {
            closeText();
            texts.push(frame);
            pendingBytes += frame.length + 1;
          } else if (!(frame instanceof Uint8Array)) {
            joinedText = (joinedText ?? '') + frame.textDelta;
            pendingBytes += frame.textDelta.length + 1;
          } else {
            closeBatch();
            pending.push(frame);
            pendingBytes += frame.byteLength;
          }
          if (pendingBytes >= FLUSH_BYTES) return flush();
          // A write is already planned: the frame goes with it. (Clock reads and timers are calls into workerd: not one per frame.)
          if (timer !== undefined) return;
          const sinceWrite = Date.now() - lastWrite;
          if (sinceWrite >= FLUSH_INTERVAL_MS) return flush();
          timer = setTimeout(flush, FLUSH_INTERVAL_MS - sinceWrite);
        };
        aside?.(add);
        scope(async () => {
          try {
            for await (const frame of frames) {
              if (cancelled) return;
              add(frame);
              // The host's backlog grows only by writes: checked once per write, not per frame.
              if (wrote) {
                wrote = false;
                if ((stream.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (resume = resolve));
              }
            }
            if (cancelled) return;
            flush();
            closed = true;
            stream.close();
          } catch (error) {
            if (timer !== undefined) clearTimeout(timer);
            closed = true;
            if (!cancelled) stream.error(error);
          }
        });
      },
      pull() {
        resume?.();
        resume = undefined;
      },
      cancel(reason) {
        cancelled = true;
        if (timer !== undefined) clearTimeout(timer);
        cancel(reason);
        resume?.();
      },
    },
    { highWaterMark: HIGH_WATER_BYTES, size: (chunk) => chunk.byteLength },
  );
}
