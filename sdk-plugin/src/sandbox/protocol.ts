import type { Capability } from '../extension-points/index.ts';
import type { JsonObject, JsonSchema, JsonValue } from '../json-schema.ts';

/**
 * The one RPC between the host and a sandboxed plugin. The host calls the sandbox with
 * `POST /describe`, `POST /register` and `POST /call` (a JSON body); a call is answered with a
 * stream of frames.
 * The sandbox calls back with `POST http://host/<op>`, carrying the call's token, for what only
 * the host may do (state, egress, assets, logs). An export's progress travels in its answer, as frames.
 */

/** Extension points a sandboxed plugin may provide; the others stay with the operator's trusted plugins. */
export const SANDBOXABLE_CAPABILITIES = ['ai', 'exporter'] as const satisfies readonly Capability[];
export type SandboxCapability = (typeof SANDBOXABLE_CAPABILITIES)[number];

export function isSandboxable(capability: string): capability is SandboxCapability {
  return (SANDBOXABLE_CAPABILITIES as readonly string[]).includes(capability);
}

/** What one `provide` call registered, as the host needs it to build a proxy. */
export type ProvidedDescriptor =
  | { capability: 'ai'; label: string; metered?: boolean; usesModel?: boolean }
  | { capability: 'exporter'; format: string; label: string; mediaType: string; settingsSchema?: JsonSchema };

/** The answer to `POST /describe`: what the definition declares, read before any of its code runs. */
export interface SandboxManifest {
  name: string;
  version: string;
  engine: string;
  capabilities: string[];
  configSchema?: JsonSchema;
  instanceConfigSchema?: JsonSchema;
}

/** The body of `POST /register`: runs register and start with the operator's settings of this plugin. */
export interface SandboxRegister {
  token: string;
  instanceConfig: JsonObject;
}

/** The answer to `POST /register`. */
export interface SandboxRegistration {
  provided: ProvidedDescriptor[];
}

export type SandboxMethod = 'generateText' | 'generateJson' | 'streamText' | 'fileName' | 'export';

/** The body of `POST /call`: one method of the `index`-th implementation provided. */
export interface SandboxCall {
  token: string;
  index: number;
  method: SandboxMethod;
  args: JsonValue[];
  /** The calling organisation and its configuration of this plugin: the only tenant the call sees. */
  tenant: { tenantId: string; config: JsonObject };
  /** The operator's settings, for a process started again after a crash: it registers on its first call. */
  instanceConfig: JsonObject;
}

/** A frame of a call's answer: an item of a stream, an export's progress, the result, or a coded failure. */
export type SandboxFrame =
  | { type: 'item'; value: JsonValue }
  | { type: 'progress'; percent: number; message: string }
  | { type: 'result'; value: JsonValue }
  | { type: 'error'; code: string; message: string };

/** Callbacks the sandbox makes to the host (`POST http://host/<op>`, header `x-mirai-call`). */
export type HostOperation =
  | { op: 'state.get'; key: string }
  | { op: 'state.set'; key: string; value: JsonValue; ifAbsent?: boolean }
  | { op: 'state.delete'; key: string }
  | { op: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; fields?: JsonObject }
  | { op: 'asset'; storageKey: string };

export const CALL_HEADER = 'x-mirai-call';
export const ERROR_CODE_HEADER = 'x-mirai-error-code';
/** Egress callbacks (`POST http://host/egress`) carry the request's target and get the response's status and headers in these. */
export const EGRESS_URL_HEADER = 'x-mirai-egress-url';
export const EGRESS_METHOD_HEADER = 'x-mirai-egress-method';
export const EGRESS_HEADERS_HEADER = 'x-mirai-egress-headers';
export const EGRESS_STATUS_HEADER = 'x-mirai-egress-status';

// Binary framing: a kind byte, a 4-byte big-endian length, the payload. Export chunks travel as
// raw bytes (no base64), every other frame as JSON: one frame, or a batch of them as one JSON array
// (what the sandbox writes: one encode there and one parse here per write, not per AI delta).
const JSON_FRAME = 1;
const BYTES_FRAME = 2;
const JSON_BATCH_FRAME = 3;

// One of each for every frame: constructing them per frame showed up in the sandbox's time per AI delta.
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function frame(kind: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + payload.byteLength);
  out[0] = kind;
  new DataView(out.buffer).setUint32(1, payload.byteLength);
  out.set(payload, 5);
  return out;
}

export function encodeJsonFrame(value: SandboxFrame): Uint8Array {
  return frame(JSON_FRAME, encoder.encode(JSON.stringify(value)));
}

/** The JSON text of one frame, to be sent in a batch (`encodeJsonBatch`). */
export function jsonFrameText(value: SandboxFrame): string {
  return JSON.stringify(value);
}

/** Frames given as their JSON texts (`jsonFrameText`), in one frame: decoded, they come out one by one, in order. */
export function encodeJsonBatch(texts: readonly string[]): Uint8Array {
  return frame(JSON_BATCH_FRAME, encoder.encode(`[${texts.join(',')}]`));
}

export function encodeBytesFrame(bytes: Uint8Array): Uint8Array {
  return frame(BYTES_FRAME, bytes);
}

export type DecodedFrame = SandboxFrame | { type: 'bytes'; bytes: Uint8Array };

/** Splits a byte stream into frames, whatever its chunking. */
export async function* decodeFrames(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<DecodedFrame> {
  // Bytes of a frame cut by a chunk boundary, joined with the next chunk; a whole chunk is read in place.
  let rest: Uint8Array | undefined;
  for await (const chunk of chunks) {
    let buffer = chunk;
    if (rest !== undefined) {
      buffer = new Uint8Array(rest.byteLength + chunk.byteLength);
      buffer.set(rest);
      buffer.set(chunk, rest.byteLength);
      rest = undefined;
    }
    const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    let offset = 0;
    while (buffer.byteLength - offset >= 5) {
      const length = view.getUint32(offset + 1);
      if (buffer.byteLength - offset - 5 < length) break;
      const kind = buffer[offset];
      const start = offset + 5;
      offset = start + length;
      // Bytes are handed on (a copy: the chunk's buffer may be reused); JSON is parsed where it lies.
      if (kind === BYTES_FRAME) yield { type: 'bytes', bytes: buffer.slice(start, offset) };
      else if (kind === JSON_BATCH_FRAME) yield* JSON.parse(decoder.decode(buffer.subarray(start, offset))) as SandboxFrame[];
      else yield JSON.parse(decoder.decode(buffer.subarray(start, offset))) as SandboxFrame;
    }
    if (offset < buffer.byteLength) rest = buffer.slice(offset);
  }
  if (rest !== undefined) throw new Error('the sandbox stream ended inside a frame');
}
