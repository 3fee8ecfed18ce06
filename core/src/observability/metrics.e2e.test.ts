import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outlineJob } from '../modules/generation/generation-jobs.ts';
import type { MiraiServer } from '../server.ts';
import { generateOutline, type ObservedDeployment, SERVER_MODE, startObservedDeployment } from '../testing/observed-generation.ts';
import { parsePrometheusText, type Sample, samplesOf } from '../testing/prometheus-text.ts';
import type { WsTestClient } from '../testing/ws-client.ts';

const TOKEN = 'scrape-token-for-tests';
let deployment: ObservedDeployment;
let ws: WsTestClient;

async function scrape(server: MiraiServer): Promise<Sample[]> {
  const response = await server.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(response.body);
}
const total = (samples: Sample[]) => samples.reduce((sum, sample) => sum + sample.value, 0);

beforeAll(async () => {
  deployment = await startObservedDeployment({ MIRAI_METRICS_TOKEN: TOKEN });
  ({ ws } = await generateOutline(deployment));
});
afterAll(async () => {
  await ws?.close();
  await deployment?.close();
});

describe(`/metrics after a generation (${SERVER_MODE ? 'server mode: API and worker processes' : 'embedded: one process'})`, () => {
  it('refuses a scrape without the bearer token of MIRAI_METRICS_TOKEN', async () => {
    const response = await deployment.api.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'MIRAI_ERR_AUTH_UNAUTHENTICATED' });
    const wrong = await deployment.api.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('the API counts the generation request by route template and status class, and its open websocket', async () => {
    const api = await scrape(deployment.api.server);
    const generate = samplesOf(api, 'mirai_http_request_duration_seconds_count', {
      route: '/v1/courses/:id/generate-outline',
      method: 'POST',
      status_class: '2xx',
    });
    expect(total(generate)).toBe(1);
    // Templates, never raw URLs: no label value carries an id.
    const routes = samplesOf(api, 'mirai_http_request_duration_seconds_count').map((sample) => sample.labels.route ?? '');
    expect(routes.filter((route) => /[0-9a-f]{8}-[0-9a-f]{4}/.test(route))).toEqual([]);
    expect(samplesOf(api, 'mirai_websocket_subscribers')).toEqual([
      { name: 'mirai_websocket_subscribers', labels: { process_role: SERVER_MODE ? 'api' : 'all' }, value: 1 },
    ]);
    const [lag] = samplesOf(api, 'mirai_outbox_lag_seconds');
    expect(lag?.value).toBeGreaterThanOrEqual(0);
    // Nothing is waiting once the job completed: a lag of minutes would mean the relay is stuck.
    expect(lag?.value).toBeLessThan(30);
  });

  it('the worker observed the generation job, its plugin calls, and the queue and outbox', async () => {
    const worker = await scrape(deployment.worker);
    const runs = samplesOf(worker, 'mirai_job_duration_seconds_count', { kind: outlineJob.kind, tenant_class: 'standard', outcome: 'completed' });
    expect(total(runs)).toBe(1);
    const seconds = total(samplesOf(worker, 'mirai_job_duration_seconds_sum', { kind: outlineJob.kind, outcome: 'completed' }));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(90);
    const aiCalls = samplesOf(worker, 'mirai_plugin_call_duration_seconds_count', { plugin: 'ai-offline', trust: 'trusted' });
    expect(aiCalls.map((sample) => sample.labels.extension_point)).toContain('ai.generateJson');
    expect(total(aiCalls)).toBeGreaterThan(0);
    expect(total(samplesOf(worker, 'mirai_plugin_call_errors_total', { plugin: 'ai-offline' }))).toBe(0);
    expect(samplesOf(worker, 'mirai_outbox_lag_seconds')).toHaveLength(1);
    // Nothing queued after the run: the gauge reports no kind at all rather than stale counts.
    expect(samplesOf(worker, 'mirai_jobs_queued', { kind: outlineJob.kind })).toEqual([]);
    expect(samplesOf(worker, 'mirai_process_cpu_seconds_total')).toHaveLength(1);
  });
});
