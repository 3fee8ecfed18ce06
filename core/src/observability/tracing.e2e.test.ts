import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outlineJob } from '../modules/generation/generation-jobs.ts';
import { generateOutline, type ObservedDeployment, SERVER_MODE, startObservedDeployment } from '../testing/observed-generation.ts';
import { startTracing, type Tracing } from './tracing-sdk.ts';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let deployment: ObservedDeployment;
let jobId: string;

beforeAll(async () => {
  tracing = await startTracing({ exporter, serviceName: 'mirai-test' });
  deployment = await startObservedDeployment();
  const run = await generateOutline(deployment);
  jobId = run.jobId;
  await run.ws.close();
});
afterAll(async () => {
  await deployment?.close();
  await tracing?.shutdown();
});

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;

describe(`one trace from the request to the event (${SERVER_MODE ? 'server mode: API → Redis → worker' : 'embedded'})`, () => {
  it('HTTP → job → plugin call → event, each the parent of the next hop', () => {
    const spans = exporter.getFinishedSpans();
    const request = spans.find((span) => span.name === 'POST /v1/courses/:id/generate-outline');
    expect(request, spans.map((span) => span.name).join(', ')).toBeDefined();
    if (request === undefined) return;
    const trace = spans.filter((span) => span.spanContext().traceId === request.spanContext().traceId);

    // The worker's span continues the request's trace through the traceparent on the job row.
    const job = trace.find((span) => span.name === `job ${outlineJob.kind}` && span.attributes['mirai.job.id'] === jobId);
    expect(job, trace.map((span) => span.name).join(', ')).toBeDefined();
    if (job === undefined) return;
    expect(parentOf(job)).toBe(idOf(request));
    expect(job.parentSpanContext?.isRemote).toBe(true);

    const pluginCalls = trace.filter((span) => span.name.startsWith('plugin ai-offline ') && parentOf(span) === idOf(job));
    expect(pluginCalls.map((span) => span.attributes['mirai.plugin.extension_point'])).toContain('ai.generateJson');
    expect(pluginCalls.every((span) => span.attributes['mirai.plugin.trust'] === 'trusted')).toBe(true);

    const events = trace.filter((span) => span.name.startsWith('event ') && parentOf(span) === idOf(job));
    expect(events.map((span) => span.name)).toContain('event outline.completed');
    // The hops happen in order: the request ends before (or as) the job starts, the event inside the job.
    const outline = events.find((span) => span.name === 'event outline.completed');
    expect(outline?.attributes['mirai.stream.job_id']).toBe(jobId);
  });

  it('probes and scrapes are not traced; requests are, with route templates and status codes', async () => {
    exporter.reset();
    await deployment.api.inject({ method: 'GET', url: '/healthz' });
    const missing = await deployment.api.inject({ method: 'GET', url: `/v1/jobs/${jobId.replace(/.$/, '0')}`, headers: deployment.owner.auth });
    // Requests only: the outline job's own consumer span can still end after the reset (its
    // completion event reaches the socket first), and it is not what this test is about.
    const spans = exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER);
    expect(spans.map((span) => span.name)).toEqual(['GET /v1/jobs/:id']);
    expect(spans[0]?.attributes['http.response.status_code']).toBe(missing.statusCode);
  });
});
