import { createServer, type IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { miraiTracer } from './tracer.ts';
import { startTracing } from './tracing-sdk.ts';

interface Received {
  url: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

describe('OTLP export (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it('sends ended spans to <endpoint>/v1/traces, at the latest when tracing shuts down', async () => {
    const received: Received[] = [];
    const collector = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ url: request.url, contentType: request.headers['content-type'], body: Buffer.concat(chunks) });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', () => resolve()));
    const address = collector.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const tracing = await startTracing({ endpoint: `http://127.0.0.1:${port}/`, serviceName: 'mirai-otlp-test' });
      miraiTracer().startSpan('GET /v1/courses/:id').end();
      await tracing.shutdown();
      expect(received.map((request) => request.url)).toEqual(['/v1/traces']);
      expect(received[0]?.contentType).toBe('application/json');
      const body = received[0]?.body.toString('utf8') ?? '';
      expect(body).toContain('GET /v1/courses/:id');
      expect(body).toContain('mirai-otlp-test');
      // Off again after shutdown: the API's no-op tracer, whose spans record nothing.
      expect(miraiTracer().startSpan('after').isRecording()).toBe(false);
    } finally {
      await new Promise<void>((resolve) => collector.close(() => resolve()));
    }
  });
});
