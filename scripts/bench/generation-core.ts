// The @mirai/core modules `pnpm bench generation` runs in this process (job port, realtime,
// database, course fixture), loaded from core/src as they are.
//
// Why not plain `import { JobRunner } from '../../core/src/jobs/job-runner.ts'`: scripts/ is
// type-checked by tests/tsconfig.json, which references the core project, and with
// `rewriteRelativeImportExtensions` tsc rejects every relative `.ts` import into a referenced
// project whose output layout differs from its source layout (TS2878), even a type-only one.
// So the types come from type-only imports spelled `.js` (tsc maps them to the `.ts` sources and
// checks them as usual; Node never sees them, they are erased), and the modules themselves are
// imported at run time from their `.ts` sources. A renamed export fails the type check; a moved
// file fails the type check and this module's start-up, before anything is measured.

import type * as CreateOrmModule from '../../core/src/db/create-orm.js';
import type * as EmbeddedDatabase from '../../core/src/db/embedded-database.js';
import type * as OrmModule from '../../core/src/db/orm.js';
import type * as JobContext from '../../core/src/jobs/job-context.js';
import type * as JobRunnerModule from '../../core/src/jobs/job-runner.js';
import type * as JobTransportFactory from '../../core/src/jobs/job-transport-factory.js';
import type * as JobsServiceModule from '../../core/src/jobs/jobs.service.js';
import type * as OutboxRelayModule from '../../core/src/jobs/outbox-relay.js';
import type * as JobEventStoreModule from '../../core/src/realtime/job-event-store.js';
import type * as RedisBusModule from '../../core/src/realtime/redis-bus.js';
import type * as CourseFixture from '../../core/src/testing/course-fixture.js';

export type { Orm } from '../../core/src/db/orm.js';
export type { JobEventInput, JobEventPublisher } from '../../core/src/jobs/job-contracts.js';
export type { JobTransport } from '../../core/src/jobs/job-transport.js';

const CORE_SRC = new URL('../../core/src/', import.meta.url);

/** `core/src/<path>` at run time; the caller states its type (from the declarations above). */
async function load<T>(path: string): Promise<T> {
  const module: T = await import(new URL(path, CORE_SRC).href);
  return module;
}

export const { createGroundedCourse, httpCaller } = await load<typeof CourseFixture>('testing/course-fixture.ts');
export const { startEmbeddedDatabase } = await load<typeof EmbeddedDatabase>('db/embedded-database.ts');
export const { createOrm } = await load<typeof CreateOrmModule>('db/create-orm.ts');
export const { migrate } = await load<typeof OrmModule>('db/orm.ts');
export const { tenantEntityManager } = await load<typeof JobContext>('jobs/job-context.ts');
export const { JobRunner } = await load<typeof JobRunnerModule>('jobs/job-runner.ts');
export const { createJobTransport } = await load<typeof JobTransportFactory>('jobs/job-transport-factory.ts');
export const { JobsService } = await load<typeof JobsServiceModule>('jobs/jobs.service.ts');
export const { OutboxRelay } = await load<typeof OutboxRelayModule>('jobs/outbox-relay.ts');
export const { JobEventStore } = await load<typeof JobEventStoreModule>('realtime/job-event-store.ts');
export const { RedisBus } = await load<typeof RedisBusModule>('realtime/redis-bus.ts');
