import { JobOutboxSchema, JobSchema } from '../jobs/job.entity.ts';
import { MODULES } from '../modules/modules.ts';
import { PluginStateSchema } from '../plugin-host/plugin-state.entity.ts';

/** Entities that belong to exactly one tenant; the `tenant` filter applies to all of them. */
export const TENANT_OWNED_ENTITIES = [JobSchema, ...MODULES.flatMap((module) => module.entities.tenantOwned)];

export const ENTITIES = [PluginStateSchema, JobOutboxSchema, ...MODULES.flatMap((module) => module.entities.instanceWide), ...TENANT_OWNED_ENTITIES];
