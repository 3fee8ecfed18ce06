import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local server speaking the OpenAI Chat Completions wire format (`POST /v1/chat/completions`,
 * JSON or `text/event-stream` with `data: [DONE]`), as OpenAI, Ollama, vLLM and llama.cpp's server
 * do, so tests drive the plugin over real HTTP. Replies are queued by the test.
 */

export interface RecordedRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** Resolves when the connection ends: `true` if the reply was sent in full. */
  finished: Promise<boolean>;
}

export type Reply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'sse'; events: unknown[]; ending: 'done' | 'hang' | 'cut' }
  /** Answers as the request asks: one completion, or a stream of word-sized chunks. */
  | { kind: 'answer'; content: string };

const usage = (prompt: number, completion: number) => ({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion });

export const reply = {
  text: (content: string, tokens = { prompt: 11, completion: 7 }): Reply => ({
    kind: 'json',
    status: 200,
    body: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      model: 'fake',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: usage(tokens.prompt, tokens.completion),
    },
  }),
  /** Each piece as one `chat.completion.chunk`, then a usage-only chunk (as with `include_usage`) and `[DONE]`. */
  stream: (pieces: string[], tokens = { prompt: 11, completion: 7 }): Reply => ({
    kind: 'sse',
    events: [
      ...pieces.map((content, index) => ({
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta: index === 0 ? { role: 'assistant', content } : { content } }],
      })),
      { object: 'chat.completion.chunk', choices: [], usage: usage(tokens.prompt, tokens.completion) },
    ],
    ending: 'done',
  }),
  answer: (content: string): Reply => ({ kind: 'answer', content }),
  /** Sends `first` and keeps the connection open. */
  stall: (first: string): Reply => ({
    kind: 'sse',
    events: [{ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: first } }] }],
    ending: 'hang',
  }),
  /** Sends `first`, then drops the connection mid-stream. */
  cut: (first: string): Reply => ({
    kind: 'sse',
    events: [{ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: first } }] }],
    ending: 'cut',
  }),
  error: (status: number, code: string, message: string, headers: Record<string, string> = {}): Reply => ({
    kind: 'json',
    status,
    headers,
    body: { error: { message, type: 'invalid_request_error', code } },
  }),
};

function renderAnswer(content: string, stream: boolean): Reply {
  return stream ? reply.stream(content.match(/\S+\s*/g) ?? [content]) : reply.text(content);
}

export interface FakeOpenAi {
  /** What a tenant puts in `baseUrl`. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  queue(...replies: Reply[]): void;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendSse(res: ServerResponse, events: unknown[], ending: 'done' | 'hang' | 'cut'): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const body = events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('');
  if (ending === 'done') res.end(`${body}data: [DONE]\n\n`);
  // Cut only once the events are on the wire, so the client has text in hand when the stream breaks.
  else if (ending === 'cut') res.write(body, () => res.destroy());
  else res.write(body);
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const pending: Reply[] = [];
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const text = Buffer.concat(chunks).toString('utf8');
      const finished = new Promise<boolean>((resolve) => res.on('close', () => resolve(res.writableFinished)));
      if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
        sendJson(res, 404, { error: { message: `no route for ${req.method} ${url.pathname}`, type: 'not_found', code: 'not_found' } });
        return;
      }
      requests.push({
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: JSON.parse(text) as Record<string, unknown>,
        finished,
      });
      const queued = pending.shift() ?? reply.error(500, 'no_reply_queued', 'the test queued no reply');
      const next = queued.kind === 'answer' ? renderAnswer(queued.content, requests.at(-1)?.body.stream === true) : queued;
      if (next.kind === 'json') sendJson(res, next.status, next.body, next.headers);
      else if (next.kind === 'sse') sendSse(res, next.events, next.ending);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    queue: (...replies) => {
      pending.push(...replies);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
