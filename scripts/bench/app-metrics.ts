// One page load in Chromium with the CPU slowed down, measured as Lighthouse-style lab metrics:
// JavaScript transferred (compressed bytes of every script response), Largest Contentful Paint and
// Total Blocking Time (the part over 50 ms of every long task after First Contentful Paint).
import type { BrowserContext } from 'playwright-core';

export interface PageLoad {
  /** Compressed bytes of the script responses, as transferred. */
  scriptBytes: number;
  scripts: number;
  /** Script responses that came without Content-Encoding (the server skips bodies under 1 KiB), counted at their full size. */
  uncompressedScripts: number;
  /** Time to the first byte of the page's HTML (the server's share, loaders and API calls included). */
  ttfbMs: number;
  lcpMs: number;
  /** The element the browser chose as the largest paint, with the start of its text. */
  lcpElement: string;
  tbtMs: number;
  fcpMs: number;
}

interface InPageMetrics {
  ttfb: number;
  lcp: number | null;
  lcpElement: string | null;
  fcp: number | null;
  longTasks: Array<{ start: number; duration: number }>;
}

/** Installed before any page script: buffered observers that keep what the metrics need. */
const OBSERVERS = `(() => {
  const seen = { lcp: null, lcpElement: null, fcp: null, longTasks: [] };
  Object.defineProperty(window, '__benchMetrics', { value: seen });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      seen.lcp = entry.renderTime || entry.loadTime || entry.startTime;
      const text = (entry.element?.textContent ?? '').trim().slice(0, 40);
      seen.lcpElement = entry.element ? entry.element.tagName.toLowerCase() + (text === '' ? '' : ' "' + text + '"') : '(removed)';
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') seen.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) seen.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
})();`;

/** TBT as Lighthouse counts it, up to the end of the measurement: only the part of a task after FCP counts. */
export function totalBlockingTime(longTasks: InPageMetrics['longTasks'], fcp: number): number {
  let blocking = 0;
  for (const task of longTasks) {
    const start = Math.max(task.start, fcp);
    const duration = task.start + task.duration - start;
    if (duration > 50) blocking += duration - 50;
  }
  return blocking;
}

/**
 * Opens `url` in a fresh page of `context` (so nothing is cached) with the CPU `cpuSlowdown`×
 * slower, waits until the network is idle and the main thread has had an idle moment, then reads
 * the metrics. `ready` names what must be on the page, so a redirect or an error page fails.
 */
export async function measurePageLoad(
  context: BrowserContext,
  url: string,
  cpuSlowdown: number,
  ready: (text: string) => boolean,
): Promise<PageLoad> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
    await page.addInitScript(OBSERVERS);
    const sizes: Array<Promise<{ bytes: number; compressed: boolean }>> = [];
    page.on('requestfinished', (request) => {
      if (request.resourceType() !== 'script') return;
      sizes.push(
        (async () => {
          const response = await request.response();
          const encoding = (await response?.allHeaders())?.['content-encoding'];
          return { bytes: (await request.sizes()).responseBodySize, compressed: encoding !== undefined && encoding !== 'identity' };
        })(),
      );
    });
    const response = await page.goto(url, { waitUntil: 'networkidle', timeout: 120_000 });
    if (response === null || response.status() !== 200) throw new Error(`${url} answered ${response?.status() ?? 'nothing'}`);
    if (page.url() !== url) throw new Error(`${url} went to ${page.url()}`);
    const text = (await page.locator('body').textContent()) ?? '';
    if (!ready(text)) throw new Error(`${url} does not show what was expected; it shows: ${text.slice(0, 300)}`);
    // An idle callback runs once hydration and whatever it started have left the main thread.
    await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 10_000 })));
    const metrics = await page.evaluate(() => {
      const seen = (window as unknown as { __benchMetrics: Omit<InPageMetrics, 'ttfb'> }).__benchMetrics;
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return { ...seen, ttfb: navigation?.responseStart ?? Number.NaN };
    });
    const scripts = await Promise.all(sizes);
    if (metrics.lcp === null || metrics.fcp === null) throw new Error(`${url}: the browser reported no ${metrics.fcp === null ? 'FCP' : 'LCP'}`);
    return {
      scriptBytes: scripts.reduce((sum, script) => sum + script.bytes, 0),
      scripts: scripts.length,
      uncompressedScripts: scripts.filter((script) => !script.compressed).length,
      ttfbMs: metrics.ttfb,
      lcpMs: metrics.lcp,
      lcpElement: metrics.lcpElement ?? '?',
      fcpMs: metrics.fcp,
      tbtMs: totalBlockingTime(metrics.longTasks, metrics.fcp),
    };
  } finally {
    await page.close();
  }
}
