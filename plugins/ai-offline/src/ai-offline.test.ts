import {
  coverage,
  excerptsByHeading,
  generateCourse,
  headingAgreement,
  loadCorpus,
  malformedTitle,
  scoreCourse,
  supported,
} from '@mirai/generation-eval';
import type {
  AiProvider,
  AudiencePersona,
  Block,
  DraftQuestion,
  GenerationTask,
  JsonValue,
  LessonActivitiesDraft,
  OutlineDraft,
  QuestionKind,
  TenantContext,
  TextGenerationRequest,
  TextStreamEvent,
} from '@mirai/sdk-plugin';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import { describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { manualHandlingCourse, manualHandlingSources } from './testing/manual-handling-course.ts';
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

/** A generated question, checked field by field for its kind. */
function asDraftQuestion(question: unknown): DraftQuestion {
  if (!isRecord(question) || typeof question.prompt !== 'string' || typeof question.explanation !== 'string') throw new Error('bad question');
  const { prompt, explanation } = question;
  const isPair = (pair: unknown): pair is { left: string; right: string } =>
    isRecord(pair) && typeof pair.left === 'string' && typeof pair.right === 'string';
  if (question.kind === undefined && isStringArray(question.choices) && typeof question.answerIndex === 'number')
    return { prompt, choices: question.choices, answerIndex: question.answerIndex, explanation };
  if (question.kind === 'multiple' && isStringArray(question.choices) && Array.isArray(question.answerIndices))
    return { kind: 'multiple', prompt, choices: question.choices, answerIndices: question.answerIndices.map(Number), explanation };
  if (question.kind === 'true-false' && typeof question.answer === 'boolean')
    return { kind: 'true-false', prompt, answer: question.answer, explanation };
  if (question.kind === 'ordering' && isStringArray(question.items)) return { kind: 'ordering', prompt, items: question.items, explanation };
  if (question.kind === 'matching' && Array.isArray(question.pairs) && question.pairs.every(isPair))
    return { kind: 'matching', prompt, pairs: question.pairs, explanation };
  throw new Error(`bad question of kind ${String(question.kind)}`);
}

function asActivities(value: JsonValue): LessonActivitiesDraft {
  if (!isRecord(value) || !Array.isArray(value.quiz) || !Array.isArray(value.flashcards)) throw new Error('not a LessonActivitiesDraft');
  return {
    quiz: value.quiz.map(asDraftQuestion),
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
  it('follows the documents: one lesson per section (short ones joined), titles from their headings, within the bounds', async () => {
    const { ai, tenant } = await setup();
    const draft = await outline(ai, tenant, outlineTask({ moduleCount: 4, lessonsPerModule: 3 }));
    expect(draft.modules.map((module) => module.title)).toEqual(['Manual handling at work: a field guide', 'Warehouse induction notes']);
    const titles = draft.modules.flatMap((module) => module.lessons.map((lesson) => lesson.title));
    expect(titles).toContain('Safe lifting technique');
    expect(titles).toContain('Assessing the risk with TILE');
    for (const title of titles) expect(malformedTitle(title)).toBeNull();
    for (const module of draft.modules) expect(module.lessons.length).toBeLessThanOrEqual(3);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('gives a short document a few lessons in one module, however many the author allowed', async () => {
    const { ai, tenant } = await setup();
    const ladder = loadCorpus().find((document) => document.file === 'step-ladder-safety.md');
    if (ladder === undefined) throw new Error('the corpus has no ladder document');
    const task: GenerationTask = {
      kind: 'course-outline',
      course: course(),
      sources: excerptsByHeading(ladder),
      moduleCount: 3,
      lessonsPerModule: 3,
    };
    const draft = await outline(ai, tenant, task);
    expect(draft.modules).toHaveLength(1);
    expect(draft.modules[0]?.lessons.length).toBeGreaterThanOrEqual(2);
    expect(draft.modules[0]?.lessons.length).toBeLessThanOrEqual(3);
  });

  it('takes objectives from the sections as written', async () => {
    const { ai, tenant } = await setup();
    const draft = await outline(ai, tenant, outlineTask());
    const lesson = draft.modules.flatMap((module) => module.lessons).find((candidate) => candidate.title === 'Safe lifting technique');
    expect(lesson?.objectives.length).toBeGreaterThanOrEqual(1);
    for (const objective of lesson?.objectives ?? []) expect(sourceSentences).toContain(objective);
  });

  it('is deterministic', async () => {
    const { ai, tenant } = await setup();
    expect(await outline(ai, tenant, outlineTask())).toEqual(await outline(ai, tenant, outlineTask()));
  });

  it('names one lesson after the course without sources', async () => {
    const { ai, tenant } = await setup();
    const draft = await outline(ai, tenant, outlineTask({ sources: false }));
    expect(draft).toEqual({ modules: [{ title: course().title, lessons: [{ title: course().title, objectives: [course().desiredOutcome] }] }] });
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

  it('is the section’s own sentences and lists, in order, under its heading, each block citing its excerpt', async () => {
    const { ai, tenant } = await setup();
    const task = await lessonBodyTask(ai, tenant);
    const { text } = await ai.generateText(textRequest(task), tenant);
    expect(text.startsWith('## Safe lifting technique\n')).toBe(true);
    const lines = text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('## '))
      .map((line) =>
        line
          .replace(/^(?:-|\d+\.)\s+/, '')
          .replace(/\s\[\d+\]$/, '')
          .replace(/\*\*/g, ''),
      );
    for (const line of lines) for (const sentence of splitSentences(line)) expect(sourceSentences).toContain(sentence);
    expect(text).toContain('Bend your knees and keep your back straight as you grip the load.');
    expect(text).not.toContain('TILE stands for');
    expect(text).not.toContain('musculoskeletal');
    expect(text).toMatch(/\[1\]$/m);
    expect((await ai.generateText(textRequest(task), tenant)).text).toBe(text);
  });

  it('follows the instructions it can (shorter, as a list) and refuses the rest with the reason', async () => {
    const { ai, tenant } = await setup();
    const { text: original } = await ai.generateText(textRequest(await lessonBodyTask(ai, tenant)), tenant);
    const previous: Block[] = [{ id: 'block-1', type: 'markdown', markdown: original }];
    const regenerate = async (instruction: string) =>
      (await ai.generateText(textRequest(await lessonBodyTask(ai, tenant, { previous, instruction })), tenant)).text;

    const shorter = await regenerate('Make it shorter, please');
    expect(shorter.length).toBeLessThan(original.length);
    const list = await regenerate('as a bulleted list');
    expect(list.split('\n').filter((line) => line.startsWith('- ')).length).toBeGreaterThan(
      original.split('\n').filter((line) => line.startsWith('- ')).length,
    );

    const focused = await regenerate('focus on the knees');
    expect(focused).toContain('Bend your knees');
    expect(focused.length).toBeLessThan(original.length);
    const prose = await regenerate('as prose');
    expect(prose).toContain('Bend your knees and keep your back straight as you grip the load.');
    expect(prose.split('\n').some((line) => /^(?:-|\d+\.)\s/.test(line))).toBe(false);

    for (const instruction of ['simpler please', 'add more examples', 'translate it into French'])
      await expect(regenerate(instruction)).rejects.toMatchObject({
        code: 'MIRAI_ERR_PLUGIN_BAD_INPUT',
        message: expect.stringContaining('without a model'),
      });
    expect(ai.refuseInstruction?.('shorter')).toBeNull();
    expect(ai.refuseInstruction?.('more examples')).toMatch(/cannot follow “more examples”.*ai-gemini/);
    // What it lists to authors is what it follows.
    expect(ai.instructionsFollowed).toEqual(expect.arrayContaining(['shorter', 'as a list', 'as prose']));
    for (const listed of ['shorter', 'as a list', 'as prose', 'focus on ladders']) expect(ai.refuseInstruction?.(listed)).toBeNull();
  });

  it('needs no key: a key check is always true', async () => {
    const { ai, tenant } = await setup({});
    await expect(ai.checkKey?.(tenant)).resolves.toMatchObject({ ok: true });
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
  async function activities(
    questionCount: number,
    flashcardCount: number,
    sources = manualHandlingSources,
    lessonMarkdown?: string,
    questionKinds?: QuestionKind[],
  ) {
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
      ...(questionKinds === undefined ? {} : { questionKinds }),
    };
    const result = await ai.generateJson(jsonRequest(task, 'LessonActivitiesDraft'), tenant);
    return { draft: asActivities(result.value), result, again: (await ai.generateJson(jsonRequest(task, 'LessonActivitiesDraft'), tenant)).value };
  }

  it('asks about the lesson’s own numbers, definitions and lists, with answers and distractors from the documents', async () => {
    const { draft, result, again } = await activities(3, 4);
    expect(result.value).toEqual(again);
    expect(draft.quiz.length).toBeGreaterThanOrEqual(2);
    for (const question of draft.quiz) {
      if (!('answerIndex' in question)) throw new Error(`without questionKinds every question is single choice, got ${question.kind}`);
      expect(new Set(question.choices.map((choice) => choice.toLowerCase())).size).toBe(question.choices.length);
      expect(question.choices.length).toBeGreaterThanOrEqual(3);
      const answer = question.choices[question.answerIndex] ?? '';
      expect(question.explanation.toLowerCase()).toContain(answer.toLowerCase());
      expect(question.prompt).not.toMatch(/^What is /);
    }
    const prompts = draft.quiz.map((question) => question.prompt);
    expect(prompts).toContain('Which of these do the documents list under “Safe lifting technique”?');
    expect(prompts).toContain(
      'Which term do the documents describe as “a firm grip that lets you hold the load without straining your fingers or wrists”?',
    );
    expect(draft.flashcards).toContainEqual({
      front: 'Team lift',
      back: 'A lift shared by two or more people who move a load together on a spoken count.',
    });
  });

  it('never asks about words the lesson did not take from the documents', async () => {
    const { draft } = await activities(
      10,
      10,
      manualHandlingSources,
      '## Filler\n\nA **widget** is a thing that makes 42 kg of anything. Lift with care.',
    );
    expect(draft).toEqual({ quiz: [], flashcards: [] });
  });

  it('varies the kinds when asked: the numbered steps to order, terms to match, a true/false and a several-answers question', async () => {
    const guide = manualHandlingSources[0]?.text ?? '';
    const kinds: QuestionKind[] = ['single', 'multiple', 'true-false', 'ordering', 'matching'];
    const { draft, again } = await activities(6, 0, manualHandlingSources, guide, kinds);
    expect(draft).toEqual(again);
    expect(new Set(draft.quiz.map((question) => question.kind ?? 'single'))).toEqual(new Set(kinds));
    const ordering = draft.quiz.find((question) => question.kind === 'ordering');
    expect(ordering).toMatchObject({
      prompt: 'Put the steps of “Safe lifting technique” in the order the documents give them.',
      items: [
        'Stand close to the load with your feet apart and one leg slightly forward',
        'Bend your knees and keep your back straight as you grip the load',
        'Keep the load close to your waist, with the heaviest side next to your body',
        'Lift smoothly with your legs and avoid twisting your back; turn by moving your feet',
      ],
    });
    const matching = draft.quiz.find((question) => question.kind === 'matching');
    if (matching?.kind !== 'matching') throw new Error('no matching question');
    expect(matching.pairs.length).toBeGreaterThanOrEqual(3);
    expect(matching.pairs[0]).toEqual({
      left: 'Manual handling',
      right: 'Any activity that involves lifting, carrying, pushing, pulling or lowering a load by hand or by bodily force',
    });
    // Each pair is a term the guide defines and the description it gives it.
    for (const pair of matching.pairs) {
      expect(guide.toLowerCase()).toContain(pair.left.toLowerCase());
      expect(guide.toLowerCase()).toContain(pair.right.toLowerCase());
    }
    expect(new Set(matching.pairs.map((pair) => pair.right)).size).toBe(matching.pairs.length);
    const trueFalse = draft.quiz.find((question) => question.kind === 'true-false');
    expect(trueFalse?.prompt).toMatch(/^True or false: .*\d/);
    const several = draft.quiz.find((question) => question.kind === 'multiple');
    if (several?.kind !== 'multiple') throw new Error('no several-answers question');
    expect(several.answerIndices.length).toBeGreaterThanOrEqual(2);
    expect(several.answerIndices.length).toBeLessThan(several.choices.length);
    expect(several.answerIndices.every((index) => index < several.choices.length)).toBe(true);
  });

  it('returns empty lists for zero counts', async () => {
    const { draft } = await activities(0, 0);
    expect(draft).toEqual({ quiz: [], flashcards: [] });
  });
});

describe('ai-offline on the generation corpus (the harness goals)', () => {
  it('covers the key facts, quotes only supported sentences, repeats nothing and writes no malformed titles', async () => {
    const { ai, tenant } = await setup();
    for (const document of loadCorpus()) {
      const generated = await generateCourse(ai, tenant, { ...document.course, language: 'en', audiences: [] }, excerptsByHeading(document));
      const score = scoreCourse(generated, [document]);
      expect({ document: document.file, missing: score.missingFacts }).toEqual({ document: document.file, missing: [] });
      expect(coverage(score)).toBeGreaterThanOrEqual(0.95);
      expect(supported(score)).toBe(1);
      expect(headingAgreement(score)).toBe(1);
      expect([...score.repeatedQuestions, ...score.repeatedFlashcards]).toEqual([]);
      expect(score.malformedTitles).toEqual([]);
      expect(score.ungroundedQuestions).toEqual([]);
      const flashcards = generated.modules.flatMap((module) => module.lessons.flatMap((lesson) => lesson.flashcards.map((card) => card.front)));
      expect(new Set(flashcards).size).toBe(flashcards.length);
    }
  });
});
