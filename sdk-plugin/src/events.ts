/** Domain events the host publishes to plugins. Payloads carry ids, never entities. */
export interface MiraiEvents {
  'tenant.created': { tenantId: string; name: string };
  'member.added': { tenantId: string; userId: string; role: string };
  'member.removed': { tenantId: string; userId: string };
  'course.created': { tenantId: string; courseId: string };
  'course.published': { tenantId: string; courseId: string };
  'generation.usage': { tenantId: string; jobId: string; provider: string; model: string; inputTokens: number; outputTokens: number };
}

export type MiraiEventName = keyof MiraiEvents;

/**
 * Who hears an event. `tenant`: only plugins the event's organisation has enabled (or the
 * operator enabled for every organisation, like the auth provider). `operator`: every installed
 * plugin, whatever the organisation enabled: a new organisation has enabled nothing yet.
 */
export type MiraiEventScope = 'tenant' | 'operator';

/** Every event the host emits, with its scope; the host's tests hold this list against its emit sites. */
export const MIRAI_EVENT_SCOPES = {
  'tenant.created': 'operator',
  'member.added': 'tenant',
  'member.removed': 'tenant',
  'course.created': 'tenant',
  'course.published': 'tenant',
  'generation.usage': 'tenant',
} as const satisfies Record<MiraiEventName, MiraiEventScope>;

export type EventHandler<E extends MiraiEventName> = (payload: MiraiEvents[E]) => void | Promise<void>;

export interface PluginEvents {
  /**
   * Returns a function that removes the handler. Handler errors are logged, never rethrown.
   * Tenant-scope events reach the handler only for organisations that enabled this plugin.
   */
  on<E extends MiraiEventName>(event: E, handler: EventHandler<E>): () => void;
}
