import { Type } from 'typebox';
import { withTimeout } from '../../async/with-timeout.ts';
import type { Orm } from '../../db/orm.ts';
import type { TypedApp } from '../../http/typed-app.ts';

const Check = Type.Object({ status: Type.Union([Type.Literal('ok'), Type.Literal('failing')]), detail: Type.Optional(Type.String()) });
const Readiness = Type.Object({ status: Type.Union([Type.Literal('ready'), Type.Literal('not-ready')]), checks: Type.Record(Type.String(), Check) });

/**
 * A database that takes longer than this to answer `select 1` counts as failing: a probe that
 * hangs with it says nothing about why, and the pool's queue behind a stuck connection is how a
 * wedged database looks from here.
 */
const DATABASE_CHECK_MS = 3_000;

export async function healthRoutes(app: TypedApp, options: { orm: Orm; isShuttingDown: () => boolean }): Promise<void> {
  app.get(
    '/healthz',
    {
      logLevel: 'warn',
      schema: { tags: ['health'], summary: 'The process is alive', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      logLevel: 'warn',
      schema: { tags: ['health'], summary: 'Dependencies are reachable; 503 names the failing one', response: { 200: Readiness, 503: Readiness } },
    },
    async (_request, reply) => {
      const checks: Record<string, { status: 'ok' | 'failing'; detail?: string }> = {};
      try {
        await withTimeout(
          options.orm.em.fork().getConnection().execute('select 1'),
          DATABASE_CHECK_MS,
          `the database did not answer within ${DATABASE_CHECK_MS} ms`,
        );
        checks.database = { status: 'ok' };
      } catch (error) {
        checks.database = { status: 'failing', detail: (error as Error).message };
      }
      if (options.isShuttingDown()) checks.server = { status: 'failing', detail: 'shutting down' };
      const ready = Object.values(checks).every((check) => check.status === 'ok');
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks });
    },
  );
}
