import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { TLSSocket } from 'node:tls';
import type { JsonObject, JsonValue } from '@mirai/sdk-plugin';
import type { HostOperation, ProvidedDescriptor, SandboxManifest, SandboxMethod } from '@mirai/sdk-plugin/sandbox';

/**
 * The protocol between an API or worker replica (the caller) and a `mirai plugin-runtime` over one
 * TLS connection authenticated both ways by a pre-shared key (MIRAI_PLUGIN_RUNTIME_TOKEN): neither
 * side learns anything from a peer that does not hold the token, and the traffic is encrypted.
 * Messages are multiplexed by id: [u32 size][u32 header size][JSON header][body bytes].
 * The caller starts bundles and calls them; the runtime asks the caller back for what only the
 * caller has (the organisation's plugin state, the export's assets, progress).
 */
export type CallerMessage =
  | { t: 'start'; id: number; key: string; packageName: string; egressAllow: readonly string[] }
  | { t: 'register'; id: number; key: string; instanceConfig: JsonObject }
  | {
      t: 'call';
      id: number;
      key: string;
      index: number;
      method: SandboxMethod;
      args: JsonValue[];
      tenant: { tenantId: string; config: JsonObject };
    }
  | { t: 'cancel'; id: number }
  | { t: 'stop'; id: number; key: string }
  | { t: 'reply'; id: number; value?: JsonValue; missing?: boolean; error?: { code: string; message: string } };

export type RuntimeMessage =
  /** One piece of an answer; a call's pieces are the sandbox's frames, as the workerd process wrote them. */
  | { t: 'data'; id: number }
  | { t: 'end'; id: number; value?: SandboxManifest | ProvidedDescriptor[] | null }
  | { t: 'failed'; id: number; code: string; message: string; extensions?: Record<string, unknown> }
  | { t: 'callback'; id: number; call: number; op: HostOperation };

export interface Envelope<Header> {
  header: Header;
  body: Uint8Array;
}

/** A bundle is the largest message (a plugin with its dependencies); anything past this is a broken peer. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const PSK_IDENTITY = 'mirai-plugin-runtime';

/** TLS 1.2 with an ephemeral key exchange authenticated by the shared key (forward secrecy, no certificates to run). */
function pskOptions(token: string) {
  const psk = createHash('sha256').update(`mirai plugin runtime\0${token}`).digest();
  return { psk, ciphers: 'ECDHE-PSK-CHACHA20-POLY1305:ECDHE-PSK-AES256-CBC-SHA384', minVersion: 'TLSv1.2' as const, maxVersion: 'TLSv1.2' as const };
}

export function runtimeServerTls(token: string) {
  const { psk, ...tls } = pskOptions(token);
  return { ...tls, pskCallback: (_socket: TLSSocket, identity: string) => (identity === PSK_IDENTITY ? psk : null) };
}

export function runtimeClientTls(token: string) {
  const { psk, ...tls } = pskOptions(token);
  return { ...tls, checkServerIdentity: () => undefined, pskCallback: () => ({ psk, identity: PSK_IDENTITY }) };
}

/** One side of a connection: sends envelopes (waiting while the socket's buffer is full) and hands each one it receives to `onMessage`. */
export class WirePeer<Incoming, Outgoing> {
  readonly #socket: TLSSocket;
  #buffer: Buffer = Buffer.alloc(0);
  readonly closed: Promise<void>;

  constructor(socket: TLSSocket, onMessage: (message: Envelope<Incoming>) => void) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.byteLength === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      while (this.#buffer.byteLength >= 8) {
        const size = this.#buffer.readUInt32BE(0);
        if (size > MAX_MESSAGE_BYTES) return void socket.destroy(new Error('message too large'));
        if (this.#buffer.byteLength < 4 + size) return;
        const headerSize = this.#buffer.readUInt32BE(4);
        const header = JSON.parse(this.#buffer.subarray(8, 8 + headerSize).toString('utf8')) as Incoming;
        const body = this.#buffer.subarray(8 + headerSize, 4 + size);
        this.#buffer = this.#buffer.subarray(4 + size);
        onMessage({ header, body });
      }
    });
  }

  get open(): boolean {
    return !this.#socket.destroyed;
  }

  async send(header: Outgoing, body: Uint8Array = new Uint8Array(0)): Promise<void> {
    if (this.#socket.destroyed) return;
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const prefix = Buffer.alloc(8);
    prefix.writeUInt32BE(4 + json.byteLength + body.byteLength, 0);
    prefix.writeUInt32BE(json.byteLength, 4);
    const fits = this.#socket.write(Buffer.concat([prefix, json, body]));
    if (!fits && !this.#socket.destroyed) await Promise.race([once(this.#socket, 'drain'), this.closed]);
  }

  close(): void {
    this.#socket.destroy();
  }
}
