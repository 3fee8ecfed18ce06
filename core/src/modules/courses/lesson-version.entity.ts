import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { Block } from '@mirai/sdk-plugin';

/** Where a version came from: the author, or a provider grounded on named SME chunks. */
export interface LessonProvenance {
  source: 'generated' | 'author';
  provider?: string;
  /** How the UI names the provider, e.g. "Offline (extractive, no model)". */
  providerLabel?: string;
  /** The provider assembled it from the documents without a language model (ai-offline). */
  withoutModel?: boolean;
  model?: string;
  /** The plugin that wrote the body (provider is the name the plugin reports, e.g. "openai-compatible"). */
  plugin?: string;
  /** Who wrote the quiz and flashcards, when routed apart from the body. */
  activitiesBy?: { plugin: string; provider: string; model: string };
  /** Providers the routing chain moved past, and why. */
  fallbacks?: Array<{ task: string; plugin: string; reason: string }>;
  /** A model's rewrite checked against the author's instruction; `message` says what it does not show. */
  instructionCheck?: { followed: boolean; terms: string[]; missing: string[]; message: string | null };
  promptVersion?: string;
  sourceChunkIds?: string[];
  instruction?: string;
  authorId?: string;
  /** The lesson and version this one was copied from (duplicating a course or starting from a template). */
  copiedFrom?: { lessonId: string; version: number };
  inputTokens?: number;
  outputTokens?: number;
}

export const LessonVersionSchema = defineEntity({
  name: 'LessonVersion',
  tableName: 'lesson_version',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    lessonId: p.uuid(),
    version: p.integer(),
    blocks: p.json<Block[]>(),
    provenance: p.json<LessonProvenance>(),
    jobId: p.uuid().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type LessonVersion = InferEntity<typeof LessonVersionSchema>;
