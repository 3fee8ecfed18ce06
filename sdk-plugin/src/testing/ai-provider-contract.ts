import type { AiProvider, JsonGenerationRequest, TextGenerationRequest, TextStreamEvent } from '../extension-points/ai.ts';
import type { GenerationTask, OutlineDraft, SourceChunk } from '../extension-points/generation-task.ts';
import type { TenantContext } from '../extension-points/tenant-context.ts';
import type { JsonSchema, JsonValue } from '../json-schema.ts';
import type { ContractTestApi } from './storage-contract.ts';

/**
 * Drives the upstream of a provider that calls a model API (a local server speaking that API's
 * wire format). Providers that compute their answer themselves (ai-offline) have none: the
 * suite then checks the shape of what they produce rather than exact text.
 */
export interface AiUpstreamScript {
  /** The next call answers with this text (streamed calls: in several pieces). */
  answerText(text: string): void;
  /** The next call answers with this JSON value, serialised as the API returns it. */
  answerJson(value: JsonValue): void;
  /** The next streamed call sends `first`, then keeps the connection open without ending. */
  stallAfter(first: string): void;
}

export interface AiContractSubject {
  ai: AiProvider;
  /** A tenant whose configuration makes the provider work, carrying `signal` when given. */
  tenant(signal?: AbortSignal): TenantContext;
  script?: AiUpstreamScript;
  teardown(): Promise<void>;
}

const SOURCES: SourceChunk[] = [
  {
    id: 'c1',
    smeName: 'Ada Safety',
    documentTitle: 'Ladder safety',
    text: 'Set a leaning ladder at an angle of 75 degrees. Keep three points of contact while climbing. Never stand on the top three rungs.',
  },
];

const COURSE = { title: 'Ladder safety', desiredOutcome: 'Use ladders safely', language: 'en', audiences: [] };

const LESSON_TASK: GenerationTask = {
  kind: 'lesson-body',
  course: COURSE,
  module: { title: 'Using ladders', position: 0 },
  lesson: { title: 'Setting up a leaning ladder', objectives: ['Set a ladder at the right angle'], position: 0 },
  sources: SOURCES,
};

const OUTLINE_TASK: GenerationTask = { kind: 'course-outline', course: COURSE, sources: SOURCES, moduleCount: 1, lessonsPerModule: 2 };

/** The outline schema the suite asks for; every provider must return a value that validates against it. */
export const CONTRACT_OUTLINE_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    modules: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          title: { type: 'string', minLength: 1 },
          lessons: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: { title: { type: 'string', minLength: 1 }, objectives: { type: 'array', items: { type: 'string' } } },
              required: ['title', 'objectives'],
              additionalProperties: false,
            },
          },
        },
        required: ['title', 'lessons'],
        additionalProperties: false,
      },
    },
  },
  required: ['modules'],
  additionalProperties: false,
};

const SCRIPTED_OUTLINE: OutlineDraft = {
  modules: [{ title: 'Using ladders', lessons: [{ title: 'Setting up a leaning ladder', objectives: ['Set a ladder at 75 degrees'] }] }],
};

const textRequest: TextGenerationRequest = {
  system: 'Write for adults at work.',
  prompt: 'Write the lesson.',
  promptId: 'contract@v1',
  task: LESSON_TASK,
};
const jsonRequest: JsonGenerationRequest = {
  prompt: 'Propose an outline.',
  promptId: 'contract-outline@v1',
  task: OUTLINE_TASK,
  schemaName: 'outline',
  schema: CONTRACT_OUTLINE_SCHEMA,
};

const SCRIPTED_LESSON = 'Set a leaning ladder at an angle of 75 degrees, one unit out for every four up.';

/** True when `value` has the shape CONTRACT_OUTLINE_SCHEMA demands (checked by hand: the SDK carries no validator). */
function isOutline(value: JsonValue): boolean {
  const isText = (item: unknown) => typeof item === 'string' && item.length > 0;
  const isObject = (item: unknown): item is Record<string, unknown> => typeof item === 'object' && item !== null && !Array.isArray(item);
  if (!isObject(value) || !Array.isArray(value.modules) || value.modules.length === 0 || Object.keys(value).length !== 1) return false;
  return value.modules.every(
    (module) =>
      isObject(module) &&
      isText(module.title) &&
      Array.isArray(module.lessons) &&
      module.lessons.length > 0 &&
      module.lessons.every(
        (lesson) => isObject(lesson) && isText(lesson.title) && Array.isArray(lesson.objectives) && lesson.objectives.every(isText),
      ),
  );
}

const isCount = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0;

async function settle(work: Promise<unknown>): Promise<{ ok: true } | { ok: false; error: unknown }> {
  try {
    await work;
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * The behaviour every AI provider promises the host (see `AiProvider`), run against a provider the
 * way the storage contract runs against storage providers. Register it inside a test file:
 * `aiProviderContract({ describe, it, expect, beforeAll, afterAll }, 'ai-openai', setup)`.
 */
export function aiProviderContract(api: ContractTestApi, name: string, setup: () => Promise<AiContractSubject>): void {
  const { describe, it, expect, beforeAll, afterAll } = api;
  describe(`AI provider contract: ${name}`, () => {
    let subject: AiContractSubject;
    beforeAll(async () => {
      subject = await setup();
    });
    afterAll(async () => {
      await subject.teardown();
    });

    it('generateText answers with text and names its provider, model and token usage', async () => {
      subject.script?.answerText(SCRIPTED_LESSON);
      const result = await subject.ai.generateText(textRequest, subject.tenant());
      if (subject.script !== undefined) expect(result.text).toBe(SCRIPTED_LESSON);
      expect(result.text.trim().length > 0).toBe(true);
      expect(result.provider.length > 0 && result.model.length > 0).toBe(true);
      expect([result.usage.inputTokens, result.usage.outputTokens].every(isCount)).toBe(true);
    });

    it('streamText yields deltas that add up to exactly one final done event', async () => {
      subject.script?.answerText(SCRIPTED_LESSON);
      const events: TextStreamEvent[] = [];
      for await (const event of subject.ai.streamText(textRequest, subject.tenant())) events.push(event);
      const last = events.at(-1);
      const deltas = events.filter((event) => event.type === 'delta');
      expect(events.filter((event) => event.type === 'done').length).toBe(1);
      expect(last?.type).toBe('done');
      expect(deltas.length > 0).toBe(true);
      const streamed = deltas.map((event) => event.text).join('');
      expect(last?.type === 'done' ? last.text : null).toBe(streamed);
      if (subject.script !== undefined) expect(streamed).toBe(SCRIPTED_LESSON);
      expect(last?.type === 'done' && [last.usage.inputTokens, last.usage.outputTokens].every(isCount)).toBe(true);
    });

    it('generateJson returns a value that validates against the requested schema', async () => {
      subject.script?.answerJson(SCRIPTED_OUTLINE as unknown as JsonValue);
      const result = await subject.ai.generateJson(jsonRequest, subject.tenant());
      expect(isOutline(result.value)).toBe(true);
      if (subject.script !== undefined) expect(result.value).toEqual(SCRIPTED_OUTLINE);
      expect([result.usage.inputTokens, result.usage.outputTokens].every(isCount)).toBe(true);
    });

    it('rejects every call made with an already aborted signal, without answering', async () => {
      const controller = new AbortController();
      controller.abort(new Error('cancelled by the contract'));
      const tenant = subject.tenant(controller.signal);
      const calls = [
        subject.ai.generateText(textRequest, tenant),
        subject.ai.generateJson(jsonRequest, tenant),
        (async () => {
          for await (const _event of subject.ai.streamText(textRequest, tenant)) {
            /* a single event would be a broken promise */
          }
        })(),
      ];
      for (const call of calls) expect((await settle(call)).ok).toBe(false);
    });

    it('stops a stream promptly when the caller aborts after the first delta', async () => {
      subject.script?.stallAfter('Set a leaning ladder ');
      const controller = new AbortController();
      const seen: TextStreamEvent[] = [];
      const outcome = await settle(
        (async () => {
          for await (const event of subject.ai.streamText(textRequest, subject.tenant(controller.signal))) {
            seen.push(event);
            if (event.type === 'delta') controller.abort(new Error('cancelled by the contract'));
          }
        })(),
      );
      expect(seen.filter((event) => event.type === 'delta').length).toBe(1);
      expect(seen.some((event) => event.type === 'done')).toBe(false);
      expect(outcome.ok).toBe(false);
    });
  });
}
