import { type EventHandler, MIRAI_EVENT_SCOPES, type MiraiEventName, type MiraiEvents } from '@mirai/sdk-plugin';
import type { FastifyBaseLogger } from 'fastify';
import { inChildSpan } from '../observability/tracer.ts';

/** Whether `plugin` is enabled for the organisation `tenantId` (so may hear its tenant-scope events). */
export type EnabledForTenant = (plugin: string, tenantId: string) => Promise<boolean>;

/**
 * In-process delivery of domain events to plugin handlers; one failing handler never stops the rest.
 * Tenant-scope events reach only the plugins the event's organisation enabled.
 */
export class PluginEventBus {
  readonly #handlers = new Map<
    MiraiEventName,
    Set<{ plugin: string; onlyTenant: string | undefined; handler: (payload: never) => void | Promise<void> }>
  >();
  readonly #logger: FastifyBaseLogger;
  // Until the composition root knows tenants' plugin state, no tenant has enabled anything.
  #enabledForTenant: EnabledForTenant = async () => false;

  constructor(logger: FastifyBaseLogger) {
    this.#logger = logger;
  }

  deliverTenantEventsWhen(enabled: EnabledForTenant): void {
    this.#enabledForTenant = enabled;
  }

  /** `onlyTenant`: a plugin one organisation installed hears that organisation's tenant-scope events and nothing else. */
  on<E extends MiraiEventName>(plugin: string, event: E, handler: EventHandler<E>, onlyTenant?: string): () => void {
    const entry = { plugin, onlyTenant, handler: handler as (payload: never) => void | Promise<void> };
    const set = this.#handlers.get(event) ?? new Set();
    set.add(entry);
    this.#handlers.set(event, set);
    return () => set.delete(entry);
  }

  /** Drops every handler a plugin registered (it failed to start; or, with `onlyTenant`, that organisation removed it). */
  forget(plugin: string, onlyTenant?: string): void {
    for (const set of this.#handlers.values())
      for (const entry of set) if (entry.plugin === plugin && entry.onlyTenant === onlyTenant) set.delete(entry);
  }

  /** Delivers to every handler in turn, inside one `event <name>` span (its parent: whatever emitted it). */
  emit<E extends MiraiEventName>(event: E, payload: MiraiEvents[E]): Promise<void> {
    return inChildSpan(`event ${event}`, { 'mirai.event': event }, () => this.#deliver(event, payload));
  }

  async #deliver<E extends MiraiEventName>(event: E, payload: MiraiEvents[E]): Promise<void> {
    for (const { plugin, onlyTenant, handler } of this.#handlers.get(event) ?? []) {
      try {
        if (onlyTenant !== undefined && (MIRAI_EVENT_SCOPES[event] !== 'tenant' || payload.tenantId !== onlyTenant)) continue;
        if (MIRAI_EVENT_SCOPES[event] === 'tenant' && !(await this.#enabledForTenant(plugin, payload.tenantId))) continue;
        await (handler as EventHandler<E>)(payload);
      } catch (error) {
        this.#logger.error({ err: error, plugin, event }, 'plugin event handler failed');
      }
    }
  }
}
