import { useEffect, useState } from 'react';

const RETRY_MS = [500, 1000, 2000, 5000, 10_000];

async function ticketedUrl(): Promise<string> {
  const response = await fetch('/notifications/ws-ticket', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) throw new Error(`ws ticket: ${response.status}`);
  return ((await response.json()) as { url: string }).url;
}

/** `{type:"notifications", unread}` as /v1/ws pushes it to the signed-in person's sockets only. */
export function unreadOf(raw: string): number | null {
  try {
    const message = JSON.parse(raw) as { type?: unknown; unread?: unknown };
    return message.type === 'notifications' && typeof message.unread === 'number' ? message.unread : null;
  } catch {
    return null;
  }
}

/**
 * The unread count, starting from the page's value and then as the API pushes it; reconnects with
 * a growing delay when the socket drops. `initial` changing (a navigation reloaded it) resets it.
 */
export function useUnreadCount(initial: number, enabled: boolean): number {
  const [unread, setUnread] = useState(initial);
  useEffect(() => setUnread(initial), [initial]);
  useEffect(() => {
    if (!enabled) return;
    let socket: WebSocket | null = null;
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const connect = () => {
      ticketedUrl().then(
        (url) => {
          if (closed) return;
          socket = new WebSocket(url);
          socket.onopen = () => {
            failures = 0;
          };
          socket.onmessage = (event) => {
            const count = typeof event.data === 'string' ? unreadOf(event.data) : null;
            if (count !== null) setUnread(count);
          };
          socket.onclose = () => retry();
        },
        () => retry(),
      );
    };
    const retry = () => {
      if (closed) return;
      timer = setTimeout(connect, RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]);
      failures += 1;
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, [enabled]);
  return unread;
}
