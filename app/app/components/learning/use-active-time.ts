import { type RefObject, useEffect } from 'react';

const TICK_MS = 1000;
/** Reported in batches this long while the learner stays (the API credits at most 60 s per report). */
const REPORT_AFTER_MS = 30_000;
/** Without a key, pointer, scroll or touch for this long the learner is taken to be away. */
const IDLE_AFTER_MS = 120_000;
const INPUT_EVENTS = ['pointermove', 'pointerdown', 'keydown', 'scroll', 'wheel', 'touchstart'] as const;

/**
 * Measures active time in a lesson: a second counts while the tab is visible and the learner used
 * keyboard, pointer or scroll in the last two minutes; a tab left open alone stops counting. What
 * was measured is posted to `url` every 30 s, when the tab is hidden and when the lesson is left
 * (keepalive, so it survives the navigation). `into` shows the running total as
 * `data-active-seconds`, which tests wait for.
 */
export function useActiveTime(url: string | null, enrolmentId: string, into: RefObject<HTMLElement>): void {
  useEffect(() => {
    if (url === null) return;
    let unsentMs = 0;
    let totalMs = 0;
    let lastTick = Date.now();
    let lastInput = Date.now();
    const send = () => {
      const seconds = Math.floor(unsentMs / 1000);
      if (seconds < 1) return;
      unsentMs -= seconds * 1000;
      const body = new URLSearchParams({ enrolmentId, seconds: String(seconds) });
      fetch(url, { method: 'POST', body, keepalive: true, credentials: 'same-origin' }).catch(() => undefined);
    };
    const tick = () => {
      const now = Date.now();
      // A long gap (a sleeping laptop, a throttled background tab) is not time spent.
      const elapsed = Math.min(now - lastTick, 2 * TICK_MS);
      lastTick = now;
      if (document.visibilityState !== 'visible' || now - lastInput > IDLE_AFTER_MS) return;
      unsentMs += elapsed;
      totalMs += elapsed;
      if (into.current !== null) into.current.dataset.activeSeconds = String(Math.floor(totalMs / 1000));
      if (unsentMs >= REPORT_AFTER_MS) send();
    };
    const onInput = () => {
      lastInput = Date.now();
    };
    const onVisibility = () => {
      tick();
      if (document.visibilityState === 'hidden') send();
    };
    const timer = window.setInterval(tick, TICK_MS);
    for (const event of INPUT_EVENTS) window.addEventListener(event, onInput, { passive: true });
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', send);
    return () => {
      tick();
      send();
      window.clearInterval(timer);
      for (const event of INPUT_EVENTS) window.removeEventListener(event, onInput);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', send);
    };
  }, [url, enrolmentId, into]);
}
