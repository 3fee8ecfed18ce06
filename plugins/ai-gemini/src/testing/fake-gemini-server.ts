import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Gemini API that speaks its REST wire format, so tests drive the
 * real @google/genai SDK over HTTP. Serves `POST /v1beta/models/{model}:generateContent` and
 * `POST /v1beta/models/{model}:streamGenerateContent?alt=sse`; anything else is a 404.
 */

/** The parts of a generateContent request body the tests look at. */
export interface WireRequestBody {
  contents?: Array<{ role?: string; parts?: Array<{ text?: string }> }>;
  systemInstruction?: { role?: string; parts?: Array<{ text?: string }> };
  generationConfig?: {
    temperature?: number;
    maxOutputTokens?: number;
    responseMimeType?: string;
    responseJsonSchema?: unknown;
    thinkingConfig?: { thinkingBudget?: number };
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: WireRequestBody;
  /** Resolves when the connection ends: `true` if the reply was sent in full, `false` if the client went away first. */
  finished: Promise<boolean>;
}

/** One step of a server-sent-events reply. */
export type SseStep = { data: unknown } | { wait: Promise<void> } | { cut: true } | { hang: true };

export type Reply =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'sse'; steps: SseStep[] }
  /** Answers as the route asks: one response from generateContent, word-sized events from the stream. */
  | { kind: 'answer'; text: string };

export interface Usage {
  promptTokenCount: number;
  candidatesTokenCount: number;
  thoughtsTokenCount?: number;
}

/** A GenerateContentResponse with one candidate. */
export function candidate(text: string, options: { usage?: Usage; finishReason?: string } = {}): Record<string, unknown> {
  const content = { role: 'model', parts: [{ text }] };
  return {
    candidates: [{ content, index: 0, ...(options.finishReason === undefined ? {} : { finishReason: options.finishReason }) }],
    ...(options.usage === undefined
      ? {}
      : { usageMetadata: { ...options.usage, totalTokenCount: options.usage.promptTokenCount + options.usage.candidatesTokenCount } }),
    modelVersion: 'gemini-2.5-flash',
  };
}

export const reply = {
  answer: (text: string): Reply => ({ kind: 'answer', text }),
  text: (text: string, usage: Usage = { promptTokenCount: 10, candidatesTokenCount: 5 }): Reply => ({
    kind: 'json',
    status: 200,
    body: candidate(text, { usage, finishReason: 'STOP' }),
  }),
  /** A google.rpc.Status error body, as Google's APIs send it. */
  error: (status: number, statusName: string, message: string, details: unknown[] = []): Reply => ({
    kind: 'json',
    status,
    body: { error: { code: status, message, status: statusName, ...(details.length === 0 ? {} : { details }) } },
  }),
  /** Streams `texts` as separate events; usage and finishReason ride on the last one, as Gemini sends them. */
  stream: (texts: string[], usage: Usage = { promptTokenCount: 10, candidatesTokenCount: 5 }): Reply => ({
    kind: 'sse',
    steps: texts.map((text, index) => ({
      data: index === texts.length - 1 ? candidate(text, { usage, finishReason: 'STOP' }) : candidate(text),
    })),
  }),
};

export interface FakeGemini {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Replies for the next requests, in order; once they are used up, `fallback` answers. */
  queue(...replies: Reply[]): void;
  fallback: Reply;
  close(): Promise<void>;
}

const ROUTE = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

async function sendSse(res: ServerResponse, steps: SseStep[]): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  for (const step of steps) {
    if (res.destroyed) return;
    if ('data' in step) res.write(`data: ${JSON.stringify(step.data)}\n\n`);
    else if ('wait' in step) await step.wait;
    else if ('cut' in step) {
      res.destroy();
      return;
    } else return; // hang: leave the connection open until the client goes away
  }
  res.end();
}

export async function startFakeGemini(): Promise<FakeGemini> {
  const pending: Reply[] = [];
  const requests: RecordedRequest[] = [];
  const fake: { fallback: Reply } = { fallback: reply.error(500, 'INTERNAL', 'no reply queued') };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const finished = new Promise<boolean>((resolve) => res.on('close', () => resolve(res.writableFinished)));
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: (text === '' ? {} : JSON.parse(text)) as WireRequestBody,
        finished,
      });
      const route = ROUTE.exec(url.pathname);
      if (req.method !== 'POST' || route === null) {
        sendJson(res, 404, { error: { code: 404, message: `no route for ${req.method} ${url.pathname}`, status: 'NOT_FOUND' } });
        return;
      }
      const wantsStream = route[2] === 'streamGenerateContent';
      if (wantsStream && url.searchParams.get('alt') !== 'sse') {
        sendJson(res, 400, { error: { code: 400, message: 'this fake only streams with alt=sse', status: 'INVALID_ARGUMENT' } });
        return;
      }
      const queued = pending.shift() ?? fake.fallback;
      const next =
        queued.kind !== 'answer' ? queued : wantsStream ? reply.stream(queued.text.match(/\S+\s*/g) ?? [queued.text]) : reply.text(queued.text);
      if (next.kind === 'json') sendJson(res, next.status, next.body);
      else if (next.kind === 'sse') void sendSse(res, next.steps);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    queue: (...replies) => {
      pending.push(...replies);
    },
    get fallback() {
      return fake.fallback;
    },
    set fallback(value: Reply) {
      fake.fallback = value;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
