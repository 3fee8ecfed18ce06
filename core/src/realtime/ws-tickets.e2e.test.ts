import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createGroundedCourse, injectCaller } from '../testing/course-fixture.ts';
import { type SignedUp, startTestServer, type TestServer } from '../testing/test-server.ts';
import { WsTickets } from './ws-tickets.ts';

let t: TestServer;
let owner: SignedUp;
let baseUrl: string;

beforeAll(async () => {
  t = await startTestServer();
  baseUrl = (await t.server.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws');
  owner = await t.signup('tickets@example.com');
});
afterAll(() => t.close());

async function ticketFor(auth: { authorization: string }): Promise<string> {
  const response = await t.inject({ method: 'POST', url: '/v1/ws/tickets', headers: auth });
  expect(response.statusCode).toBe(201);
  return response.json<{ ticket: string }>().ticket;
}

/** Opens /v1/ws with a ticket; resolves with the first message after sending `first`, or the refusal status. */
function openWithTicket(ticket: string, first: object): Promise<{ status: number; message?: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl}/v1/ws?ticket=${encodeURIComponent(ticket)}`);
    socket.once('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0 }));
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify(first)));
    socket.once('message', (raw) => {
      resolve({ status: 101, message: JSON.parse(raw.toString()) as Record<string, unknown> });
      socket.close();
    });
  });
}

describe('websocket tickets', () => {
  it('a ticket opens the websocket as its user, who can subscribe to their course', async () => {
    const courseId = await createGroundedCourse(injectCaller(t, owner));
    const opened = await openWithTicket(await ticketFor(owner.auth), { type: 'subscribe', courseId });
    expect(opened.status).toBe(101);
    expect(opened.message).toMatchObject({ type: 'subscribed', courseId, activeJobs: [] });
  });

  it('a ticket opens one socket only: a replayed ticket is refused', async () => {
    const ticket = await ticketFor(owner.auth);
    expect((await openWithTicket(ticket, { type: 'ping' })).status).toBe(101);
    expect((await openWithTicket(ticket, { type: 'ping' })).status).toBe(401);
    expect((await openWithTicket(await ticketFor(owner.auth), { type: 'ping' })).status).toBe(101);
  });

  it('a ticket is no bearer token for the REST API', async () => {
    const ticket = await ticketFor(owner.auth);
    expect((await t.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${ticket}` } })).statusCode).toBe(401);
  });

  it('refuses a tampered ticket, a forged one and no ticket at all', async () => {
    const ticket = await ticketFor(owner.auth);
    const tampered = `${ticket.slice(0, -2)}${ticket.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await openWithTicket(tampered, { type: 'ping' })).status).toBe(401);
    const forged = new WsTickets(randomBytes(32)).issue({ kind: 'core', sessionId: ticket.split('.')[1] ?? '' }).ticket;
    expect((await openWithTicket(forged, { type: 'ping' })).status).toBe(401);
    expect((await openWithTicket('', { type: 'ping' })).status).toBe(401);
  });

  it('dies with its session: signing out closes the door', async () => {
    const other = await t.signup('tickets-out@example.com');
    const ticket = await ticketFor(other.auth);
    expect((await t.inject({ method: 'POST', url: '/v1/auth/logout', headers: other.auth })).statusCode).toBeLessThan(300);
    expect((await openWithTicket(ticket, { type: 'ping' })).status).toBe(401);
  });

  it('expires after its lifetime', () => {
    const tickets = new WsTickets(randomBytes(32), 60_000);
    const sessionId = randomUUID();
    const { ticket } = tickets.issue({ kind: 'core', sessionId }, 1_000_000);
    expect(tickets.subjectOf(ticket, 1_000_000 + 59_000)).toEqual({ kind: 'core', sessionId });
    expect(tickets.subjectOf(ticket, 1_000_000 + 60_001)).toBeNull();
  });
});
