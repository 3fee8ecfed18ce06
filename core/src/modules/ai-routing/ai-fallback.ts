import type { EntityManager } from '@mikro-orm/postgresql';
import type { AiTask } from './ai-routing.schemas.ts';
import type { AiCandidate, AiRoutingService } from './ai-routing.service.ts';

/** A provider the chain moved past, as provenance records it (a type, so it is JSON for event payloads). */
export type Fallback = {
  task: AiTask;
  plugin: string;
  reason: string;
};

export interface Routed<T> {
  value: T;
  /** Who actually wrote it. */
  candidate: AiCandidate;
  fallbacks: Fallback[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `call` with the task's providers in order until one succeeds: a provider over a cap (unless
 * it is the last one) or unable to follow the instruction is passed over, one that throws (after its own retries, or
 * with output that does not validate) hands over to the next. An abort is never a failure to
 * fall back from. When none succeeds, the last failure (or the first reason to pass over) is thrown,
 * so a transient one lets the job retry.
 */
export async function withFallback<T>(
  routing: AiRoutingService,
  em: EntityManager,
  options: { tenantId: string; task: AiTask; signal: AbortSignal; instruction?: string | undefined },
  call: (candidate: AiCandidate) => Promise<T>,
): Promise<Routed<T>> {
  const { tenantId, task, signal, instruction } = options;
  const fallbacks: Fallback[] = [];
  let failure: { error: unknown } | undefined;
  const candidates = await routing.candidates(em, tenantId, task, signal);
  for (const [index, candidate] of candidates.entries()) {
    // The last provider is not passed over for a cap: the job was admitted when it started.
    const passed = await routing.passOver(em, tenantId, candidate, instruction, { caps: index < candidates.length - 1 });
    if (passed !== null) {
      fallbacks.push({ task, plugin: candidate.plugin, reason: passed.reason });
      failure ??= { error: passed.error };
      continue;
    }
    try {
      return { value: await call(candidate), candidate, fallbacks };
    } catch (error) {
      signal.throwIfAborted();
      fallbacks.push({ task, plugin: candidate.plugin, reason: messageOf(error) });
      failure = { error };
    }
  }
  throw failure?.error ?? new Error(`No AI provider could write the ${task}`);
}

/** The request fields a route adds: its model, when it names one. */
export function routedModel(candidate: AiCandidate): { model?: string } {
  return candidate.model === undefined ? {} : { model: candidate.model };
}
