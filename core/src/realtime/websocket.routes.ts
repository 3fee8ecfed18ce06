import websocket from '@fastify/websocket';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Type } from 'typebox';
import { TENANT_FILTER, type TenantFilterParams } from '../db/orm.ts';
import { problems, UUID_REGEX } from '../http/common.schemas.ts';
import { authOf, requireAuth } from '../http/request-scope.ts';
import type { TypedApp } from '../http/typed-app.ts';
import type { AuthContext } from '../modules/identity/auth-context.ts';
import { ACCESS_CHANGED_CLOSE_CODE, type Subscriber, type SubscriptionHub } from './subscription-hub.ts';
import { WsTickets } from './ws-tickets.ts';

type ClientMessage =
  | { type: 'subscribe'; jobId: string; afterSeq?: number }
  | { type: 'subscribe'; courseId: string }
  | { type: 'unsubscribe'; jobId?: string; courseId?: string }
  | { type: 'ping' };

function parse(raw: string): ClientMessage | null {
  try {
    const message = JSON.parse(raw) as Record<string, unknown>;
    if (message.type === 'ping') return { type: 'ping' };
    const jobId = typeof message.jobId === 'string' && UUID_REGEX.test(message.jobId) ? message.jobId : undefined;
    const courseId = typeof message.courseId === 'string' && UUID_REGEX.test(message.courseId) ? message.courseId : undefined;
    if (message.type === 'unsubscribe')
      return { type: 'unsubscribe', ...(jobId === undefined ? {} : { jobId }), ...(courseId === undefined ? {} : { courseId }) };
    if (message.type !== 'subscribe') return null;
    if (jobId !== undefined) {
      const afterSeq = typeof message.afterSeq === 'number' && Number.isInteger(message.afterSeq) && message.afterSeq >= 0 ? message.afterSeq : 0;
      return { type: 'subscribe', jobId, afterSeq };
    }
    return courseId === undefined ? null : { type: 'subscribe', courseId };
  } catch {
    return null;
  }
}

/**
 * Whether the session and role the socket was authenticated with still hold. Checked once the
 * socket is registered with the hub: an access notice published between authentication and
 * registration went unheard, but the change it announced was committed before it, so this sees it.
 */
async function accessUnchanged(em: EntityManager, auth: AuthContext): Promise<boolean> {
  const rows =
    auth.sessionKind === 'core'
      ? await em.execute<unknown[]>(
          `select 1 from session s join membership m on m.user_id = s.user_id and m.tenant_id = ?
            where s.id = ? and s.expires_at > now() and m.role = ?`,
          [auth.tenantId, auth.sessionId, auth.role],
        )
      : await em.execute<unknown[]>('select 1 from membership where tenant_id = ? and user_id = ? and role = ?', [
          auth.tenantId,
          auth.userId,
          auth.role,
        ]);
  return rows.length > 0;
}

const TicketView = Type.Object({
  ticket: Type.String({ description: 'Pass as `?ticket=` when opening /v1/ws; good for one minute, for the websocket only' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

/**
 * `GET /v1/ws`: an authenticated (cookie, bearer or `?ticket=` from `POST /v1/ws/tickets`) websocket. Clients subscribe to a job (with
 * the last seq they saw, to resume) or a course; see docs/realtime.md for the protocol.
 */
export async function websocketRoutes(app: TypedApp, options: { hub: SubscriptionHub; tickets: WsTickets }): Promise<void> {
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  const signedIn = requireAuth();

  app.post(
    '/v1/ws/tickets',
    {
      preHandler: signedIn,
      schema: {
        tags: ['realtime'],
        summary: 'A one-minute ticket that opens /v1/ws (for browsers, which cannot send a bearer header)',
        response: { 201: TicketView, ...problems(401) },
      },
    },
    async (request, reply) => reply.status(201).send(options.tickets.issue(WsTickets.subjectOf(authOf(request)))),
  );

  app.get(
    '/v1/ws',
    {
      websocket: true,
      preHandler: async function authenticateTicket(request, reply) {
        const ticket = request.query.ticket;
        if (request.auth === null && ticket !== undefined) {
          const auth = await options.tickets.resolve(request.em, ticket);
          if (auth !== null) {
            request.auth = auth;
            request.em.setFilterParams(TENANT_FILTER, { tenantId: auth.tenantId } satisfies TenantFilterParams);
          }
        }
        await signedIn.call(this, request, reply);
      },
      schema: {
        tags: ['realtime'],
        summary: 'Live job events over a websocket (upgrade)',
        querystring: Type.Object({ ticket: Type.Optional(Type.String({ maxLength: 300 })) }),
        response: { 101: Type.Null(), ...problems(401) },
      },
    },
    (socket, request) => {
      const auth = authOf(request);
      const subscriber: Subscriber = {
        auth,
        send: (message) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
        },
        sendSerialised: (json) => {
          if (socket.readyState === socket.OPEN) socket.send(json, { binary: false });
        },
        bufferedAmount: () => socket.bufferedAmount,
        close: (code, reason) => socket.close(code, reason),
      };
      options.hub.add(subscriber);
      socket.on('close', () => options.hub.remove(subscriber));
      const confirmed = accessUnchanged(request.em, auth).then(
        (unchanged) => {
          if (!unchanged) {
            options.hub.remove(subscriber);
            subscriber.close(ACCESS_CHANGED_CLOSE_CODE, 'access changed: reconnect');
          }
          return unchanged;
        },
        (error: unknown) => {
          request.log.error({ err: error }, 'websocket access check failed');
          subscriber.close(1011, 'access check failed');
          return false;
        },
      );
      const handle = (raw: Buffer) => {
        const message = parse(raw.toString());
        if (message === null) {
          subscriber.send({ type: 'error', code: 'MIRAI_ERR_REQUEST_VALIDATION', message: 'expected {type:"subscribe", jobId|courseId, afterSeq?}' });
          return;
        }
        if (message.type === 'ping') return subscriber.send({ type: 'pong' });
        if (message.type === 'unsubscribe') return options.hub.unsubscribe(subscriber, message);
        const subscribed =
          'jobId' in message
            ? options.hub.subscribeJob(subscriber, message.jobId, message.afterSeq ?? 0)
            : options.hub.subscribeCourse(subscriber, message.courseId);
        subscribed.then(
          (result) => {
            if (!result.ok) subscriber.send({ type: 'error', code: result.code, request: message });
          },
          (error: unknown) => {
            request.log.error({ err: error }, 'websocket subscription failed');
            subscriber.send({ type: 'error', code: 'MIRAI_ERR_SERVER_INTERNAL', message: 'subscription failed' });
          },
        );
      };
      // Messages wait for the check, in the order they came.
      socket.on('message', (raw: Buffer) => void confirmed.then((unchanged) => unchanged && handle(raw)));
    },
  );
}
