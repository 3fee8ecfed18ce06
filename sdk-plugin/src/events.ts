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

export type EventHandler<E extends MiraiEventName> = (payload: MiraiEvents[E]) => void | Promise<void>;

export interface PluginEvents {
  /** Returns a function that removes the handler. Handler errors are logged, never rethrown. */
  on<E extends MiraiEventName>(event: E, handler: EventHandler<E>): () => void;
}
