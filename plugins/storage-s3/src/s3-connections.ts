import { createHash } from 'node:crypto';
import type { PluginEgress } from '@mirai/sdk-plugin';
import { Client } from 'minio';
import { toPluginError } from './s3-errors.ts';
import type { S3Settings } from './s3-settings.ts';

const MAX_CLIENTS = 256;

/**
 * minio clients per distinct endpoint and credentials, and the buckets known to exist per
 * endpoint (checked, and created if missing, once per process).
 */
export class S3Connections {
  readonly #clients = new Map<string, Client>();
  readonly #buckets = new Map<string, Promise<void>>();
  readonly #egress: PluginEgress;

  /** `egress`: the host's guard; the endpoint is tenant configuration, so every connection goes through it. */
  constructor(egress: PluginEgress) {
    this.#egress = egress;
  }

  client(settings: S3Settings): Client {
    const id = createHash('sha256')
      .update(JSON.stringify([settings.endpoint.origin, settings.region, settings.accessKey, settings.secretKey, settings.pathStyle]))
      .digest('hex');
    const cached = this.#clients.get(id);
    if (cached !== undefined) return cached;
    const { endpoint } = settings;
    const useSSL = endpoint.protocol === 'https:';
    const client = new Client({
      endPoint: endpoint.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: endpoint.port === '' ? (useSSL ? 443 : 80) : Number(endpoint.port),
      useSSL,
      accessKey: settings.accessKey,
      secretKey: settings.secretKey,
      // Known region: minio then never asks the server for a bucket's location.
      region: settings.region,
      pathStyle: settings.pathStyle,
      transportAgent: useSSL ? this.#egress.httpsAgent : this.#egress.httpAgent,
    });
    if (this.#clients.size >= MAX_CLIENTS) {
      const oldest = this.#clients.keys().next();
      if (oldest.done !== true) this.#clients.delete(oldest.value);
    }
    this.#clients.set(id, client);
    return client;
  }

  /** Creates the bucket on first use; concurrent callers share one check, and a failure is retried next time. */
  ensureBucket(client: Client, settings: S3Settings): Promise<void> {
    const id = `${settings.endpoint.origin}|${settings.bucket}`;
    let ready = this.#buckets.get(id);
    if (ready === undefined) {
      ready = (async () => {
        try {
          if (await client.bucketExists(settings.bucket)) return;
          await client.makeBucket(settings.bucket, settings.region);
        } catch (error) {
          const code = error instanceof Error && 'code' in error ? error.code : undefined;
          if (code === 'BucketAlreadyOwnedByYou') return;
          throw toPluginError(error, `create the bucket "${settings.bucket}"`);
        }
      })();
      this.#buckets.set(id, ready);
      ready.catch(() => this.#buckets.delete(id));
    }
    return ready;
  }
}
