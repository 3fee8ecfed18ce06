import pg from 'pg';
import type { IdentityCache } from './identity-cache.ts';

/** The channel migration 0012's triggers notify on. */
export const IDENTITY_CHANNEL = 'mirai_identity';

export interface IdentityChangeListener {
  close(): Promise<void>;
}

/**
 * Server mode: a connection of its own that LISTENs for identity changes and hands them to the
 * cache. The cache only keeps entries while this connection is listening: when it drops, the cache
 * forgets everything and stops caching until a new connection listens again (retried every
 * `retryMs`), so a change committed while nobody listened is never missed.
 */
export function listenForIdentityChanges(options: {
  connectionString: string;
  cache: IdentityCache;
  onError: (error: unknown) => void;
  retryMs?: number;
}): IdentityChangeListener {
  const { cache } = options;
  const retryMs = options.retryMs ?? 1_000;
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const lost = (error?: unknown) => {
    cache.hearing(false);
    if (error !== undefined) options.onError(error);
    const dropped = client;
    client = undefined;
    void dropped?.end().catch(() => undefined);
    if (!closed && retry === undefined) retry = setTimeout(connect, retryMs);
  };

  async function connect(): Promise<void> {
    retry = undefined;
    const next = new pg.Client({ connectionString: options.connectionString, application_name: 'mirai-identity-listener' });
    client = next;
    next.on('notification', (message) => {
      if (message.channel === IDENTITY_CHANNEL) cache.changed(message.payload ?? '');
    });
    next.on('error', (error) => {
      if (client === next) lost(error);
    });
    next.on('end', () => {
      if (client === next) lost();
    });
    try {
      await next.connect();
      await next.query(`listen ${IDENTITY_CHANNEL}`);
      if (client === next && !closed) cache.hearing(true);
    } catch (error) {
      if (client === next) lost(error);
    }
  }

  void connect();
  return {
    async close() {
      closed = true;
      if (retry !== undefined) clearTimeout(retry);
      cache.hearing(false);
      const open = client;
      client = undefined;
      await open?.end().catch(() => undefined);
    },
  };
}
