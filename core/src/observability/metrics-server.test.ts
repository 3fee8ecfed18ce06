import { createServer } from 'node:net';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { metricsRefusal } from './metrics-access.ts';
import { listenForMetrics } from './metrics-server.ts';
import { MiraiMetrics } from './mirai-metrics.ts';

/** A port nothing listens on right now (MIRAI_METRICS_PORT takes 1–65535, so not 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

describe('/metrics access', () => {
  it('server mode without a token refuses on the main port; a token must match exactly', () => {
    expect(metricsRefusal({ token: undefined, openWithoutToken: false }, undefined)).toMatch(/MIRAI_METRICS_TOKEN.*MIRAI_METRICS_PORT/);
    expect(metricsRefusal({ token: undefined, openWithoutToken: true }, undefined)).toBeNull();
    expect(metricsRefusal({ token: 's3cret', openWithoutToken: true }, 'Bearer s3cret')).toBeNull();
    expect(metricsRefusal({ token: 's3cret', openWithoutToken: true }, 'Bearer s3cre')).not.toBeNull();
    expect(metricsRefusal({ token: 's3cret', openWithoutToken: true }, 's3cret')).not.toBeNull();
  });

  it('MIRAI_METRICS_PORT serves only GET /metrics, behind the token when one is set', async () => {
    const metrics = new MiraiMetrics({ processRole: 'worker' });
    metrics.httpDuration.observe({ route: '/healthz', method: 'GET', status_class: '2xx' }, 0.002);
    const server = await listenForMetrics({
      metrics,
      access: { token: 'scrape', openWithoutToken: false },
      host: '127.0.0.1',
      port: await freePort(),
      logger: pino({ level: 'silent' }),
    });
    try {
      const url = `http://127.0.0.1:${server.port}`;
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      expect((await fetch(`${url}/healthz`, { headers: { authorization: 'Bearer scrape' } })).status).toBe(404);
      const scraped = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer scrape' } });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain(
        'mirai_http_request_duration_seconds_count{process_role="worker",route="/healthz",method="GET",status_class="2xx"} 1',
      );
    } finally {
      await server.close();
    }
  });
});
