import type { EventHandler, MiraiEventName, MiraiEvents } from '@mirai/sdk-plugin';
import type { FastifyBaseLogger } from 'fastify';

/** In-process delivery of domain events to plugin handlers; one failing handler never stops the rest. */
export class PluginEventBus {
  readonly #handlers = new Map<MiraiEventName, Set<{ plugin: string; handler: (payload: never) => void | Promise<void> }>>();
  readonly #logger: FastifyBaseLogger;

  constructor(logger: FastifyBaseLogger) {
    this.#logger = logger;
  }

  on<E extends MiraiEventName>(plugin: string, event: E, handler: EventHandler<E>): () => void {
    const entry = { plugin, handler: handler as (payload: never) => void | Promise<void> };
    const set = this.#handlers.get(event) ?? new Set();
    set.add(entry);
    this.#handlers.set(event, set);
    return () => set.delete(entry);
  }

  async emit<E extends MiraiEventName>(event: E, payload: MiraiEvents[E]): Promise<void> {
    for (const { plugin, handler } of this.#handlers.get(event) ?? []) {
      try {
        await (handler as EventHandler<E>)(payload);
      } catch (error) {
        this.#logger.error({ err: error, plugin, event }, 'plugin event handler failed');
      }
    }
  }
}
