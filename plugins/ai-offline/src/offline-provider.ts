import {
  type AiProvider,
  type DraftQuestion,
  type GenerationMeta,
  type GenerationTask,
  type JsonObject,
  type JsonValue,
  type LessonActivitiesDraft,
  type OutlineDraft,
  PluginError,
  type TextGenerationRequest,
  type TextStreamEvent,
} from '@mirai/sdk-plugin';
import { buildActivities } from './activity-builder.ts';
import { INSTRUCTIONS_FOLLOWED, parseInstruction } from './instructions.ts';
import { writeLessonBody } from './lesson-writer.ts';
import { buildOutline } from './outline-builder.ts';
import { pause, splitForStreaming, turnDue } from './streaming.ts';
import { summarize } from './text-summary.ts';

export const PROVIDER_NAME = 'ai-offline';
export const MODEL_NAME = 'extractive-v1';
export const PROVIDER_LABEL = 'Offline (extractive, no model)';

const MAX_COUNT = 50;

/** Rough token estimate: one token per four characters, rounded up. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** `chunkDelayMs` from the tenant's config, when it is a valid integer in 0–1000; else 0. */
export function chunkDelay(config: JsonObject): number {
  const value = config.chunkDelayMs;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1000 ? value : 0;
}

function requireCount(value: number, name: string, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum || value > MAX_COUNT)
    throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `${name} must be an integer from ${minimum} to ${MAX_COUNT}, got ${value}`);
}

function outlineJson(draft: OutlineDraft): JsonObject {
  return {
    modules: draft.modules.map((module) => ({
      title: module.title,
      lessons: module.lessons.map((lesson) => ({ title: lesson.title, objectives: [...lesson.objectives] })),
    })),
  };
}

/** A generated question as JSON, each kind with its own fields (single choice without a `kind`, as before kinds existed). */
function questionJson(question: DraftQuestion): JsonObject {
  const { prompt, explanation } = question;
  switch (question.kind) {
    case undefined:
    case 'single':
      return { prompt, choices: [...question.choices], answerIndex: question.answerIndex, explanation };
    case 'multiple':
      return { kind: 'multiple', prompt, choices: [...question.choices], answerIndices: [...question.answerIndices], explanation };
    case 'true-false':
      return { kind: 'true-false', prompt, answer: question.answer, explanation };
    case 'short-answer':
      return {
        kind: 'short-answer',
        prompt,
        match: question.match,
        answers: [...question.answers],
        caseSensitive: question.caseSensitive,
        explanation,
      };
    case 'ordering':
      return { kind: 'ordering', prompt, items: [...question.items], explanation };
    case 'matching':
      return { kind: 'matching', prompt, pairs: question.pairs.map((pair) => ({ left: pair.left, right: pair.right })), explanation };
  }
}

function activitiesJson(draft: LessonActivitiesDraft): JsonObject {
  return {
    quiz: draft.quiz.map(questionJson),
    flashcards: draft.flashcards.map((card) => ({ front: card.front, back: card.back })),
  };
}

/** The structured output for a JSON task; lesson bodies are text, not JSON. */
function jsonFor(task: GenerationTask): JsonObject {
  switch (task.kind) {
    case 'course-outline':
      requireCount(task.moduleCount, 'moduleCount', 1);
      requireCount(task.lessonsPerModule, 'lessonsPerModule', 1);
      return outlineJson(buildOutline(task.course, task.sources, task.moduleCount, task.lessonsPerModule));
    case 'lesson-activities':
      requireCount(task.questionCount, 'questionCount', 0);
      requireCount(task.flashcardCount, 'flashcardCount', 0);
      return activitiesJson(buildActivities(task));
    case 'lesson-body':
      throw new PluginError(
        'MIRAI_ERR_PLUGIN_BAD_INPUT',
        'ai-offline writes lesson bodies as text: use generateText or streamText for a lesson-body task',
      );
  }
}

/** Text for any request: a lesson body as Markdown, JSON tasks as JSON, no task: a summary of the prompt. */
function textFor(request: TextGenerationRequest): string {
  const { task } = request;
  if (task === undefined) return summarize(request.prompt);
  if (task.kind === 'lesson-body') return writeLessonBody(task);
  return JSON.stringify(jsonFor(task), null, 2);
}

/** What the provider actually read: the structured task when there is one, else the prompt. */
function inputText(request: TextGenerationRequest): string {
  return request.task === undefined ? `${request.system ?? ''}${request.prompt}` : JSON.stringify(request.task);
}

function meta(request: TextGenerationRequest, output: string): GenerationMeta {
  return {
    provider: PROVIDER_NAME,
    model: MODEL_NAME,
    usage: { inputTokens: estimateTokens(inputText(request)), outputTokens: estimateTokens(output) },
  };
}

/**
 * Mirai's embedded AI provider: deterministic and extractive, with no model and no network.
 * It builds outlines, lesson bodies and activities from `request.task` (the structured form
 * of the request) and ignores the rendered prompt whenever a task is present.
 */
export function createOfflineProvider(): AiProvider {
  return {
    label: PROVIDER_LABEL,
    // No model and no paid API: its calls never count against an AI allowance or token cap.
    metered: false,
    usesModel: false,

    instructionsFollowed: INSTRUCTIONS_FOLLOWED,

    async checkKey() {
      return { ok: true, message: 'ai-offline needs no key: it assembles lessons from the documents without a model or network' };
    },

    refuseInstruction(instruction) {
      const parsed = parseInstruction(instruction);
      return 'refusal' in parsed ? parsed.refusal : null;
    },

    async generateText(request, tenant) {
      tenant.signal?.throwIfAborted();
      const text = textFor(request);
      return { text, ...meta(request, text) };
    },

    async *streamText(request, tenant): AsyncGenerator<TextStreamEvent> {
      const { signal } = tenant;
      signal?.throwIfAborted();
      const text = textFor(request);
      const delay = chunkDelay(tenant.config);
      let lastTurn = performance.now();
      for (const piece of splitForStreaming(text)) {
        if (delay > 0 || turnDue(lastTurn)) {
          await pause(delay, signal);
          lastTurn = performance.now();
        }
        signal?.throwIfAborted();
        yield { type: 'delta', text: piece };
      }
      signal?.throwIfAborted();
      yield { type: 'done', text, ...meta(request, text) };
    },

    async generateJson(request, tenant) {
      tenant.signal?.throwIfAborted();
      if (request.task === undefined)
        throw new PluginError(
          'MIRAI_ERR_PLUGIN_BAD_INPUT',
          `ai-offline has no language model, so it cannot follow a free-text prompt for "${request.schemaName}": it needs a structured task (request.task: course-outline or lesson-activities)`,
        );
      const value: JsonValue = jsonFor(request.task);
      return { value, ...meta(request, JSON.stringify(value)) };
    },
  };
}
