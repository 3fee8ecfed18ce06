import type {
  AiProvider,
  AudiencePersona,
  Block,
  GenerationTask,
  JsonValue,
  LessonActivitiesDraft,
  OutlineDraft,
  TenantContext,
  TextGenerationRequest,
  TextStreamEvent,
} from '@mirai/sdk-plugin';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import { describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { LEVEL_VERBS, OBJECTIVE_VERBS } from './learning-design.ts';
import { manualHandlingCourse, manualHandlingSources } from './manual-handling.fixture.ts';
import { splitSentences } from './text-analysis.ts';

async function setup(config: { chunkDelayMs?: number } = {}) {
  const host = await createTestHost(plugin);
  return { host, ai: host.extension('ai'), tenant: host.tenant(config) };
}

const course = (level: AudiencePersona['level'] = 'beginner') => ({
  ...manualHandlingCourse,
  audiences: manualHandlingCourse.audiences.map((audience) => ({ ...audience, level })),
});

function outlineTask(
  options: { level?: AudiencePersona['level']; moduleCount?: number; lessonsPerModule?: number; sources?: boolean } = {},
): GenerationTask {
  return {
    kind: 'course-outline',
    course: course(options.level),
    sources: options.sources === false ? [] : manualHandlingSources,
    moduleCount: options.moduleCount ?? 3,
    lessonsPerModule: options.lessonsPerModule ?? 3,
  };
}

const jsonRequest = (task: GenerationTask | undefined, schemaName = 'OutlineDraft') => ({
  prompt: 'The rendered prompt, which ai-offline ignores.',
  schemaName,
  schema: { type: 'object' as const },
  ...(task === undefined ? {} : { task }),
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

function asOutline(value: JsonValue): OutlineDraft {
  if (!isRecord(value) || !Array.isArray(value.modules)) throw new Error('not an OutlineDraft');
  return {
    modules: value.modules.map((module: unknown) => {
      if (!isRecord(module) || typeof module.title !== 'string' || !Array.isArray(module.lessons)) throw new Error('bad module');
      return {
        title: module.title,
        lessons: module.lessons.map((lesson: unknown) => {
          if (!isRecord(lesson) || typeof lesson.title !== 'string' || !isStringArray(lesson.objectives)) throw new Error('bad lesson');
          return { title: lesson.title, objectives: lesson.objectives };
        }),
      };
    }),
  };
}

function asActivities(value: JsonValue): LessonActivitiesDraft {
  if (!isRecord(value) || !Array.isArray(value.quiz) || !Array.isArray(value.flashcards)) throw new Error('not a LessonActivitiesDraft');
  return {
    quiz: value.quiz.map((question: unknown) => {
      if (
        !isRecord(question) ||
        typeof question.prompt !== 'string' ||
        !isStringArray(question.choices) ||
        typeof question.answerIndex !== 'number' ||
        typeof question.explanation !== 'string'
      )
        throw new Error('bad question');
      return { prompt: question.prompt, choices: question.choices, answerIndex: question.answerIndex, explanation: question.explanation };
    }),
    flashcards: value.flashcards.map((card: unknown) => {
      if (!isRecord(card) || typeof card.front !== 'string' || typeof card.back !== 'string') throw new Error('bad flashcard');
      return { front: card.front, back: card.back };
    }),
  };
}

async function outline(ai: AiProvider, tenant: TenantContext, task: GenerationTask): Promise<OutlineDraft> {
  return asOutline((await ai.generateJson(jsonRequest(task), tenant)).value);
}

async function collect(stream: AsyncIterable<TextStreamEvent>): Promise<TextStreamEvent[]> {
  const events: TextStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** The lesson the tests write: "Safe lifting technique", from the sample outline. */
async function lessonBodyTask(
  ai: AiProvider,
  tenant: TenantContext,
  extra: { instruction?: string; previous?: Block[] } = {},
): Promise<GenerationTask> {
  const draft = await outline(ai, tenant, outlineTask());
  const moduleIndex = draft.modules.findIndex((module) => module.lessons.some((lesson) => lesson.title === 'Safe lifting technique'));
  const module = draft.modules[moduleIndex];
  const lesson = module?.lessons.find((candidate) => candidate.title === 'Safe lifting technique');
  if (module === undefined || lesson === undefined) throw new Error('the sample outline has no "Safe lifting technique" lesson');
  return {
    kind: 'lesson-body',
    course: course(),
    module: { title: module.title, position: moduleIndex + 1 },
    lesson: { ...lesson, position: 1 },
    sources: manualHandlingSources,
    ...extra,
  };
}

const textRequest = (task: GenerationTask): TextGenerationRequest => ({ prompt: 'Write the lesson.', promptId: 'lesson@v1', task });
const sourceSentences = manualHandlingSources.flatMap((source) =>
  source.text
    .split('\n')
    .map((line) => line.replace(/^(?:[-*]|\d+\.)\s+/, '').replace(/\*\*/g, ''))
    .filter((line) => !line.startsWith('#'))
    .flatMap((line) => splitSentences(line)),
);

describe('ai-offline: plugin and provider', () => {
  it('registers one ai provider whose label says it is not an LLM', async () => {
    const { host, ai } = await setup();
    expect(host.definition.name).toBe('ai-offline');
    expect(host.definition.configSchema?.properties?.chunkDelayMs).toMatchObject({ type: 'integer', minimum: 0, maximum: 1000, default: 0 });
    expect(ai.label).toBe('Offline (extractive, no model)');
  });

  it('refuses generateJson without a structured task', async () => {
    const { ai, tenant } = await setup();
    await expect(ai.generateJson(jsonRequest(undefined), tenant)).rejects.toMatchObject({
      name: 'PluginError',
      code: 'MIRAI_ERR_PLUGIN_BAD_INPUT',
      message: expect.stringContaining('structured task'),
    });
  });

  it('rejects impossible counts and JSON for a lesson body', async () => {
    const { ai, tenant } = await setup();
    await expect(ai.generateJson(jsonRequest(outlineTask({ moduleCount: 0 })), tenant)).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_BAD_INPUT' });
    await expect(ai.generateJson(jsonRequest(await lessonBodyTask(ai, tenant)), tenant)).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_BAD_INPUT',
    });
  });

  it('summarises a free-text prompt extractively and reports estimated usage', async () => {
    const { ai, tenant } = await setup();
    const prompt = manualHandlingSources[0]?.text ?? '';
    const result = await ai.generateText({ prompt }, tenant);
    expect(result).toMatchObject({ provider: 'ai-offline', model: 'extractive-v1' });
    expect(result.text.length).toBeGreaterThan(40);
    expect(result.text.length).toBeLessThan(prompt.length / 2);
    for (const sentence of splitSentences(result.text)) expect(prompt.replace(/\*\*/g, '')).toContain(sentence);
    expect(result.usage).toEqual({ inputTokens: Math.ceil(prompt.length / 4), outputTokens: Math.ceil(result.text.length / 4) });
  });
});

describe('ai-offline: course outline', () => {
  it('has exactly moduleCount × lessonsPerModule lessons with distinct, non-empty titles', async () => {
    const { ai, tenant } = await setup();
    for (const [moduleCount, lessonsPerModule] of [
      [3, 3],
      [2, 5],
      [1, 1],
      [5, 6],
    ] as const) {
      const draft = await outline(ai, tenant, outlineTask({ moduleCount, lessonsPerModule }));
      expect(draft.modules).toHaveLength(moduleCount);
      for (const module of draft.modules) expect(module.lessons).toHaveLength(lessonsPerModule);
      const moduleTitles = draft.modules.map((module) => module.title.toLowerCase());
      const lessonTitles = draft.modules.flatMap((module) => module.lessons.map((lesson) => lesson.title.toLowerCase()));
      expect(new Set(moduleTitles).size).toBe(moduleCount);
      expect(new Set(lessonTitles).size).toBe(moduleCount * lessonsPerModule);
      for (const title of [...moduleTitles, ...lessonTitles]) expect(title.trim().length).toBeGreaterThan(3);
    }
  });

  it('builds topics from the SME headings and definitions, foundational first', async () => {
    const { ai, tenant } = await setup();
    const draft = await outline(ai, tenant, outlineTask());
    const titles = draft.modules.flatMap((module) => module.lessons.map((lesson) => lesson.title));
    expect(titles).toEqual(expect.arrayContaining(['What manual handling means', 'Safe lifting technique', 'What is a risk assessment?']));
    expect(titles.indexOf('What manual handling means')).toBeLessThan(titles.indexOf('Safe lifting technique'));
    expect(titles.indexOf('What is a risk assessment?')).toBeLessThan(titles.indexOf('Reporting and review'));
    expect(draft.modules[0]?.title).toBe('Foundations of manual handling');
    expect(draft.modules[2]?.title).toBe('Putting manual handling into practice');
  });

  it('writes 2–4 objectives per lesson that start with action verbs for the audience level', async () => {
    const { ai, tenant } = await setup();
    const verbsOf = (draft: OutlineDraft) =>
      draft.modules.flatMap((module) => module.lessons.flatMap((lesson) => lesson.objectives.map((objective) => objective.split(' ')[0] ?? '')));
    const beginner = await outline(ai, tenant, outlineTask({ level: 'beginner' }));
    const advanced = await outline(ai, tenant, outlineTask({ level: 'advanced' }));
    for (const draft of [beginner, advanced])
      for (const lesson of draft.modules.flatMap((module) => module.lessons)) {
        expect(lesson.objectives.length).toBeGreaterThanOrEqual(2);
        expect(lesson.objectives.length).toBeLessThanOrEqual(4);
        expect(new Set(lesson.objectives).size).toBe(lesson.objectives.length);
        for (const objective of lesson.objectives) {
          expect(OBJECTIVE_VERBS.has(objective.split(' ')[0] ?? '')).toBe(true);
          expect(objective.split(' ').length).toBeGreaterThanOrEqual(3);
        }
      }
    expect(verbsOf(beginner).every((verb) => LEVEL_VERBS.beginner.includes(verb))).toBe(true);
    expect(verbsOf(beginner)).toContain('Describe');
    expect(verbsOf(advanced).every((verb) => LEVEL_VERBS.advanced.includes(verb))).toBe(true);
    expect(verbsOf(advanced)).toEqual(expect.arrayContaining(['Evaluate', 'Design']));
    expect(beginner.modules[0]?.lessons[0]?.objectives[0]).toBe('Describe what manual handling means');
  });

  it('is deterministic', async () => {
    const { ai, tenant } = await setup();
    const first = await ai.generateJson(jsonRequest(outlineTask()), tenant);
    const second = await ai.generateJson(jsonRequest(outlineTask()), (await setup()).tenant);
    expect(second).toEqual(first);
  });

  it('falls back to the title and desired outcome without sources', async () => {
    const { ai, tenant } = await setup();
    const draft = await outline(ai, tenant, outlineTask({ sources: false, moduleCount: 2, lessonsPerModule: 3 }));
    const titles = draft.modules.flatMap((module) => module.lessons.map((lesson) => lesson.title));
    expect(titles).toHaveLength(6);
    expect(new Set(titles).size).toBe(6);
    expect(titles).toEqual(expect.arrayContaining(['Understanding manual handling', 'Reporting near misses', 'Assessing handling risks with TILE']));
  });

  it('can return the outline as JSON text too', async () => {
    const { ai, tenant } = await setup();
    const text = await ai.generateText({ prompt: 'ignored', task: outlineTask() }, tenant);
    expect(asOutline(JSON.parse(text.text))).toEqual(await outline(ai, tenant, outlineTask()));
  });
});

describe('ai-offline: lesson body', () => {
  it('streams several deltas whose concatenation is the done text', async () => {
    const { ai, tenant } = await setup();
    const events = await collect(ai.streamText(textRequest(await lessonBodyTask(ai, tenant)), tenant));
    const deltas = events.filter((event) => event.type === 'delta');
    const done = events.filter((event) => event.type === 'done');
    expect(deltas.length).toBeGreaterThan(10);
    expect(done).toHaveLength(1);
    expect(events[events.length - 1]?.type).toBe('done');
    const final = done[0];
    if (final?.type !== 'done') throw new Error('no done event');
    expect(deltas.map((delta) => delta.text).join('')).toBe(final.text);
    expect(final).toMatchObject({ provider: 'ai-offline', model: 'extractive-v1' });
    expect(final.usage.outputTokens).toBe(Math.ceil(final.text.length / 4));
    expect(final.usage.inputTokens).toBeGreaterThan(0);
  });

  it('is grounded in the sources: sections, quoted sentences, takeaways and an exercise', async () => {
    const { ai, tenant } = await setup();
    const task = await lessonBodyTask(ai, tenant);
    const { text } = await ai.generateText(textRequest(task), tenant);
    expect(text).toContain('This lesson, “Safe lifting technique”');
    expect(text).toContain('warehouse operative');
    expect(text.match(/^## /gm)?.length).toBeGreaterThanOrEqual(4);
    expect(text).toContain('## Key takeaways');
    expect(text).toContain('## Try it');
    expect(text).toMatch(/According to Dr Priya Shah|As Dr Priya Shah puts it/);
    expect(text).toContain('Bend your knees and keep your back straight as you grip the load.');
    expect(sourceSentences.filter((sentence) => text.includes(sentence)).length).toBeGreaterThanOrEqual(5);
    expect((await ai.generateText(textRequest(task), tenant)).text).toBe(text);
  });

  it('honours a regeneration instruction and differs from the previous version', async () => {
    const { ai, tenant } = await setup();
    const { text: original } = await ai.generateText(textRequest(await lessonBodyTask(ai, tenant)), tenant);
    const previous: Block[] = [{ id: 'block-1', type: 'markdown', markdown: original }];
    const regenerate = async (instruction?: string) =>
      (
        await ai.generateText(
          textRequest(await lessonBodyTask(ai, tenant, { previous, ...(instruction === undefined ? {} : { instruction }) })),
          tenant,
        )
      ).text;

    const shorter = await regenerate('Make it shorter');
    expect(shorter).not.toBe(original);
    expect(shorter.length).toBeLessThan(original.length * 0.8);

    const examples = await regenerate('more examples');
    expect(examples).not.toBe(original);
    expect(examples).toContain('**Examples**');
    expect(examples.match(/example/gi)?.length).toBeGreaterThan(original.match(/example/gi)?.length ?? 0);

    const simpler = await regenerate('simpler please');
    expect(simpler).toContain('## Words to know');
    expect(simpler).not.toBe(original);

    expect(await regenerate()).not.toBe(original);
  });

  it('stops promptly and rejects with the abort reason when the signal aborts mid-stream', async () => {
    const { ai, tenant } = await setup({ chunkDelayMs: 20 });
    const controller = new AbortController();
    const reason = new Error('author cancelled');
    const request = textRequest(await lessonBodyTask(ai, tenant));
    const full = await ai.generateText(request, tenant);
    const deltas: string[] = [];
    const started = performance.now();
    setTimeout(() => controller.abort(reason), 70);
    await expect(
      (async () => {
        for await (const event of ai.streamText(request, { ...tenant, signal: controller.signal }))
          if (event.type === 'delta') deltas.push(event.text);
      })(),
    ).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(400);
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.join('').length).toBeLessThan(full.text.length);
  });

  it('refuses to start when the signal has already aborted', async () => {
    const { ai, tenant } = await setup();
    const reason = new Error('gone');
    const signal = AbortSignal.abort(reason);
    await expect(ai.generateText({ prompt: 'Hello there.' }, { ...tenant, signal })).rejects.toBe(reason);
    await expect(collect(ai.streamText({ prompt: 'Hello there.' }, { ...tenant, signal }))).rejects.toBe(reason);
  });
});

describe('ai-offline: lesson activities', () => {
  async function activities(questionCount: number, flashcardCount: number, sources = manualHandlingSources, lessonMarkdown?: string) {
    const { ai, tenant } = await setup();
    const bodyTask = await lessonBodyTask(ai, tenant);
    if (bodyTask.kind !== 'lesson-body') throw new Error('unexpected task');
    const markdown = lessonMarkdown ?? (await ai.generateText(textRequest(bodyTask), tenant)).text;
    const task: GenerationTask = {
      kind: 'lesson-activities',
      course: course(),
      lesson: { title: bodyTask.lesson.title, objectives: bodyTask.lesson.objectives },
      lessonMarkdown: markdown,
      sources,
      questionCount,
      flashcardCount,
    };
    const result = await ai.generateJson(jsonRequest(task, 'LessonActivitiesDraft'), tenant);
    return { draft: asActivities(result.value), result, again: (await ai.generateJson(jsonRequest(task, 'LessonActivitiesDraft'), tenant)).value };
  }

  it('produces exactly the requested counts of valid, distinct items', async () => {
    const { draft, result, again } = await activities(6, 8);
    expect(draft.quiz).toHaveLength(6);
    expect(draft.flashcards).toHaveLength(8);
    expect(result.value).toEqual(again);
    expect(new Set(draft.quiz.map((question) => question.prompt)).size).toBe(6);
    for (const question of draft.quiz) {
      expect(question.choices).toHaveLength(4);
      expect(new Set(question.choices.map((choice) => choice.toLowerCase())).size).toBe(4);
      for (const choice of question.choices) expect(choice.trim()).not.toBe('');
      expect(Number.isInteger(question.answerIndex)).toBe(true);
      expect(question.answerIndex).toBeGreaterThanOrEqual(0);
      expect(question.answerIndex).toBeLessThan(4);
      expect(question.explanation).toMatch(/“.+”/);
    }
    expect(new Set(draft.flashcards.map((card) => card.front.toLowerCase())).size).toBe(8);
    for (const card of draft.flashcards) {
      expect(card.front.trim()).not.toBe('');
      expect(card.back.trim()).not.toBe('');
    }
    expect(new Set(draft.quiz.map((question) => question.answerIndex)).size).toBeGreaterThan(1);
  });

  it('makes the definition the right answer and quotes the source in the explanation', async () => {
    const { draft } = await activities(12, 10);
    const handhold = draft.quiz.find((question) => question.prompt === 'What is a good handhold?');
    expect(handhold?.choices[handhold.answerIndex]).toBe('A firm grip that lets you hold the load without straining your fingers or wrists');
    expect(handhold?.explanation).toContain('Dr Priya Shah');
    expect(handhold?.explanation).toContain('A good handhold is a firm grip');
    for (const question of draft.quiz.filter((candidate) => candidate.prompt.startsWith('What is'))) {
      const answer = question.choices[question.answerIndex] ?? '';
      expect(question.explanation.toLowerCase()).toContain(answer.toLowerCase());
    }
    const cloze = draft.quiz.find((question) => question.prompt.startsWith('Complete the sentence'));
    expect(cloze?.prompt).toContain('_____');
    expect(draft.flashcards).toContainEqual({
      front: 'TILE',
      back: 'Task, Individual, Load and Environment, the four things to check before any lift.',
    });
  });

  it('makes as many items as thin material allows, never duplicates or empties', async () => {
    const { draft } = await activities(10, 10, [], 'A **pallet** is a flat frame for moving goods. Lift with your legs.');
    expect(draft.quiz.length).toBeLessThan(10);
    expect(draft.flashcards.length).toBeGreaterThanOrEqual(1);
    expect(draft.flashcards.length).toBeLessThanOrEqual(10);
    expect(new Set(draft.flashcards.map((card) => card.front)).size).toBe(draft.flashcards.length);
    expect(draft.flashcards[0]).toEqual({ front: 'Pallet', back: 'A flat frame for moving goods.' });
  });

  it('returns empty lists for zero counts', async () => {
    const { draft } = await activities(0, 0);
    expect(draft).toEqual({ quiz: [], flashcards: [] });
  });
});
