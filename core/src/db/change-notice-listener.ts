import pg from 'pg';

/** A process-local cache kept correct by the database's change notices on one channel. */
export interface ChangeNoticeSink {
  /** Whether notices are being heard; a sink keeps nothing while they are not. */
  hearing(yes: boolean): void;
  changed(notice: string): void;
}

export interface ChangeNoticeListener {
  close(): Promise<void>;
}

/**
 * Server mode: a connection of its own that LISTENs on every sink's channel and hands what it
 * hears to that sink. The sinks only keep entries while this connection is listening: when it
 * drops, each forgets everything and stops caching until a new connection listens again (retried
 * every `retryMs`), so a change committed while nobody listened is never missed.
 */
export function listenForChangeNotices(options: {
  connectionString: string;
  sinks: ReadonlyMap<string, ChangeNoticeSink>;
  onError: (error: unknown) => void;
  retryMs?: number;
}): ChangeNoticeListener {
  const { sinks } = options;
  const retryMs = options.retryMs ?? 1_000;
  const hearing = (yes: boolean) => {
    for (const sink of sinks.values()) sink.hearing(yes);
  };
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const lost = (error?: unknown) => {
    hearing(false);
    if (error !== undefined) options.onError(error);
    const dropped = client;
    client = undefined;
    void dropped?.end().catch(() => undefined);
    if (!closed && retry === undefined) retry = setTimeout(connect, retryMs);
  };

  async function connect(): Promise<void> {
    retry = undefined;
    const next = new pg.Client({ connectionString: options.connectionString, application_name: 'mirai-change-listener' });
    client = next;
    next.on('notification', (message) => sinks.get(message.channel)?.changed(message.payload ?? ''));
    next.on('error', (error) => {
      if (client === next) lost(error);
    });
    next.on('end', () => {
      if (client === next) lost();
    });
    try {
      await next.connect();
      for (const channel of sinks.keys()) await next.query(`listen ${channel}`);
      if (client === next && !closed) hearing(true);
    } catch (error) {
      if (client === next) lost(error);
    }
  }

  if (sinks.size > 0) void connect();
  return {
    async close() {
      closed = true;
      if (retry !== undefined) clearTimeout(retry);
      hearing(false);
      const open = client;
      client = undefined;
      await open?.end().catch(() => undefined);
    },
  };
}
