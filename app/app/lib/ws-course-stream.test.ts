import { describe, expect, it } from 'vitest';
import { CourseStream, type SocketLike, type StreamMessage } from './ws-course-stream';

class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: Array<Record<string, unknown>> = [];
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close() {
    this.readyState = 3;
    this.onclose?.({});
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  deliver(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

const event = (jobId: string, seq: number, name = 'lesson.delta') => ({
  type: 'event',
  jobId,
  seq,
  event: name,
  courseId: 'c1',
  data: { text: `#${seq}` },
  at: '',
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const sockets: FakeSocket[] = [];
  const received: StreamMessage[] = [];
  const statuses: string[] = [];
  let tickets = 0;
  const stream = new CourseStream({
    courseId: 'c1',
    socketUrl: async () => `ws://api/v1/ws?ticket=t${++tickets}`,
    openSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    onEvent: (m) => received.push(m),
    onStatus: (s) => statuses.push(s),
    backoffMs: () => 0,
  });
  return { stream, sockets, received, statuses };
}

describe('CourseStream', () => {
  it('subscribes to the course, replays active jobs from the start, and drops duplicates', async () => {
    const { stream, sockets, received } = setup();
    stream.start();
    await tick();
    const socket = sockets[0];
    if (socket === undefined) throw new Error('no socket');
    socket.open();
    expect(socket.sent[0]).toEqual({ type: 'subscribe', courseId: 'c1' });
    socket.deliver({ type: 'subscribed', courseId: 'c1', activeJobs: [{ jobId: 'j1', lastSeq: 4 }] });
    expect(socket.sent[1]).toEqual({ type: 'subscribe', jobId: 'j1', afterSeq: 0 });
    socket.deliver(event('j1', 1));
    socket.deliver(event('j1', 2));
    socket.deliver(event('j1', 2));
    expect(received.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('after a dropped connection, reconnects with a fresh ticket and resumes each job after its last seq', async () => {
    const { stream, sockets, received, statuses } = setup();
    stream.start();
    await tick();
    sockets[0]?.open();
    sockets[0]?.deliver(event('j1', 1));
    sockets[0]?.deliver(event('j1', 2));
    stream.drop();
    expect(statuses).toContain('reconnecting');
    await tick();
    await tick();
    const second = sockets[1];
    if (second === undefined) throw new Error('did not reconnect');
    expect(second.url).toBe('ws://api/v1/ws?ticket=t2');
    second.open();
    expect(second.sent).toEqual([
      { type: 'subscribe', courseId: 'c1' },
      { type: 'subscribe', jobId: 'j1', afterSeq: 2 },
    ]);
    second.deliver(event('j1', 3));
    expect(received.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(statuses.at(-1)).toBe('live');
  });

  it('keeps trying when the ticket cannot be fetched, and stops for good on close', async () => {
    const { stream, sockets, statuses } = setup();
    let fail = true;
    const flaky = new CourseStream({
      courseId: 'c1',
      socketUrl: async () => {
        if (fail) throw new Error('offline');
        return 'ws://api/v1/ws?ticket=x';
      },
      openSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
      onEvent: () => undefined,
      onStatus: (s) => statuses.push(s),
      backoffMs: () => 0,
    });
    flaky.start();
    await tick();
    expect(sockets).toHaveLength(0);
    fail = false;
    await tick();
    await tick();
    expect(sockets).toHaveLength(1);
    flaky.close();
    sockets[0]?.close();
    await tick();
    expect(sockets).toHaveLength(1);
    expect(statuses.at(-1)).toBe('closed');
    stream.close();
  });

  it('a stream met halfway is read again from its start, and delivered in order', async () => {
    const { stream, sockets, received } = setup();
    stream.start();
    await tick();
    const socket = sockets[0];
    if (socket === undefined) throw new Error('no socket');
    socket.open();
    socket.deliver(event('j2', 7));
    socket.deliver(event('j2', 8));
    expect(received).toEqual([]);
    expect(socket.sent.filter((m) => m.jobId === 'j2')).toEqual([{ type: 'subscribe', jobId: 'j2', afterSeq: 0 }]);
    for (let seq = 1; seq <= 8; seq += 1) socket.deliver(event('j2', seq));
    socket.deliver({ type: 'subscribed', jobId: 'j2', lastSeq: 8 });
    socket.deliver(event('j2', 9));
    expect(received.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('replay() re-reads a job from its first event', async () => {
    const { stream, sockets } = setup();
    stream.start();
    await tick();
    sockets[0]?.open();
    sockets[0]?.deliver(event('j9', 5));
    stream.replay('j9');
    expect(sockets[0]?.sent.at(-1)).toEqual({ type: 'subscribe', jobId: 'j9', afterSeq: 0 });
  });
});
