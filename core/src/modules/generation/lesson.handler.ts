import type { Block, GenerationMeta, LessonActivitiesDraft } from '@mirai/sdk-plugin';
import type { Static } from 'typebox';
import type { JobOutcome } from '../../jobs/job-contracts.ts';
import { defineJob, type JobDefinition, type TypedJobContext } from '../../jobs/job-definition.ts';
import { routedModel, withFallback } from '../ai-routing/ai-fallback.ts';
import { type Course, type CourseModule, courseRecords, type Lesson } from '../courses/course-records.ts';
import { DeltaBatcher } from './delta-batcher.ts';
import type { GenerationDeps } from './generation-deps.ts';
import { lessonJob } from './generation-jobs.ts';
import { audiencesText, courseBrief, lessonSources, sourcesText } from './grounding.ts';
import { checkInstruction, instructionCheckMessage } from './instruction-check.ts';
import { activityBlocks, markdownToBlocks } from './markdown-to-blocks.ts';
import { activitiesSchema, GENERATED_QUESTION_KINDS } from './output.schemas.ts';
import { assertOutput } from './output-validation.ts';
import { renderPrompt } from './prompt-library.ts';

type LessonJobContext = TypedJobContext<Static<typeof lessonJob.payload>>;

const QUESTIONS = 3;
const FLASHCARDS = 4;

/** The words of a lesson version's text blocks, to compare a rewrite's length with. */
function blocksText(blocks: Block[]): string {
  return blocks
    .map((block) => (block.type === 'heading' ? block.text : block.type === 'markdown' || block.type === 'callout' ? block.markdown : ''))
    .join('\n');
}

/** Writes one lesson: streamed body, then quiz and flashcards, saved as a new version exactly once. */
export function lessonHandler(deps: GenerationDeps): JobDefinition {
  return defineJob(lessonJob, async (ctx) => {
    const em = ctx.em();
    const { lessonId } = ctx.payload;
    // An empty instruction asks for nothing.
    const instruction = ctx.payload.instruction === '' ? undefined : ctx.payload.instruction;
    const lesson = await courseRecords.lessonOrFail(em, lessonId);
    const saved = await courseRecords.version(em, { lessonId, jobId: ctx.jobId });
    // A run of this job saved it and then died: the course's status follows from its lessons and jobs.
    if (saved !== null) return { lessonId, version: saved.version };

    const course = await courseRecords.courseOrFail(em, lesson.courseId);
    const module = await courseRecords.moduleOrFail(em, lesson.moduleId);
    await courseRecords.setLessonStatus(em, lessonId, 'generating');
    try {
      return await writeLesson(deps, ctx, lesson, course, module, instruction);
    } catch (error) {
      // Otherwise the editor would show the lesson as being written across reloads, with no way to retry.
      await courseRecords.settleInterruptedLesson(em, lessonId, ctx.signal.aborted ? 'pending' : 'failed');
      throw error;
    }
  });
}

/** The body streamed, then the activities, then the version saved with its usage and the completion event. */
async function writeLesson(
  deps: GenerationDeps,
  ctx: LessonJobContext,
  lesson: Lesson,
  course: Course,
  module: CourseModule,
  instruction: string | undefined,
): Promise<JobOutcome> {
  const em = ctx.em();
  const { lessonId } = ctx.payload;
  const where = { lessonId, moduleId: module.id, lessonTitle: lesson.title, modulePosition: module.position, lessonPosition: lesson.position };
  await ctx.publish({ type: 'lesson.started', data: where });

  const brief = await courseBrief(em, course);
  const sources = await lessonSources(deps.knowledge, em, course, lesson.title, `${lesson.title} ${lesson.objectives.join(' ')}`);
  const previous = lesson.currentVersion === 0 ? undefined : (await courseRecords.version(em, { lessonId, version: lesson.currentVersion }))?.blocks;
  const objectives = lesson.objectives.map((o) => `- ${o}`).join('\n');
  const body = renderPrompt('lesson-body', {
    language: brief.language,
    title: brief.title,
    desiredOutcome: brief.desiredOutcome || '(not given)',
    audiences: audiencesText(brief),
    modulePosition: module.position + 1,
    moduleTitle: module.title,
    lessonPosition: lesson.position + 1,
    lessonTitle: lesson.title,
    objectives,
    instruction: instruction === undefined ? '' : `\nThe author asks for this revision: ${instruction}\n`,
    sources: sourcesText(sources),
  });

  const batcher = new DeltaBatcher((text) => ctx.publish({ type: 'lesson.delta', data: { lessonId, text } }));
  const task = {
    kind: 'lesson-body' as const,
    course: brief,
    module: { title: module.title, position: module.position },
    lesson: { title: lesson.title, objectives: lesson.objectives, position: lesson.position },
    sources,
    ...(instruction === undefined ? {} : { instruction }),
    ...(previous === undefined ? {} : { previous }),
  };
  let streamed = false;
  const written = await withFallback(
    deps.routing,
    em,
    { tenantId: ctx.tenantId, task: previous === undefined ? 'lessonBody' : 'rewrite', signal: ctx.signal, instruction },
    async (candidate) => {
      // The previous provider's partial text is void: `lesson.started` clears the author's live view.
      if (streamed) await ctx.publish({ type: 'lesson.started', data: where });
      let done: (GenerationMeta & { text: string }) | undefined;
      for await (const event of candidate.ai.streamText({ ...body, ...routedModel(candidate), task }, candidate.tenant)) {
        streamed = true;
        if (event.type === 'delta') await batcher.push(event.text);
        else done = event;
      }
      await batcher.drain();
      if (done === undefined) throw new Error(`${candidate.ai.label} ended the lesson stream without a final event`);
      return done;
    },
  );
  const bodyMeta = written.value;
  const ai = written.candidate.ai;
  // A model was asked to follow the instruction: check that the result shows it, and say so when it does not.
  const instructionCheck =
    instruction === undefined || ai.usesModel === false
      ? undefined
      : checkInstruction(instruction, bodyMeta.text, previous === undefined ? undefined : blocksText(previous));
  const instructionMessage = instructionCheck === undefined ? null : instructionCheckMessage(instructionCheck);

  const schema = activitiesSchema(QUESTIONS, FLASHCARDS);
  const activitiesPrompt = renderPrompt('lesson-activities', {
    language: brief.language,
    lessonTitle: lesson.title,
    objectives,
    questionCount: QUESTIONS,
    flashcardCount: FLASHCARDS,
    lessonMarkdown: bodyMeta.text,
    sources: sourcesText(sources),
  });
  const activitiesRun = await withFallback(
    deps.routing,
    em,
    { tenantId: ctx.tenantId, task: 'activities', signal: ctx.signal },
    async (candidate) => {
      const result = await candidate.ai.generateJson(
        {
          ...activitiesPrompt,
          ...routedModel(candidate),
          schemaName: 'lesson_activities',
          schema,
          task: {
            kind: 'lesson-activities',
            course: brief,
            lesson: { title: lesson.title, objectives: lesson.objectives },
            lessonMarkdown: bodyMeta.text,
            sources,
            questionCount: QUESTIONS,
            flashcardCount: FLASHCARDS,
            questionKinds: [...GENERATED_QUESTION_KINDS],
          },
        },
        candidate.tenant,
      );
      return { result, draft: assertOutput<LessonActivitiesDraft>(schema, result.value, 'The lesson activities') };
    },
  );
  const { result: activities, draft } = activitiesRun.value;
  const activitiesBy = activitiesRun.candidate;
  const prefix = `${lessonId.slice(0, 8)}-${ctx.jobId.slice(0, 8)}`;
  const blocks = [...markdownToBlocks(bodyMeta.text, prefix), ...activityBlocks(draft, prefix)];

  const version = await em.transactional(async (tx) => {
    const fresh = await courseRecords.lessonOrFail(tx, lessonId);
    const added = await deps.lessons.addVersion(
      tx,
      fresh,
      blocks,
      {
        source: 'generated',
        provider: bodyMeta.provider,
        plugin: written.candidate.plugin,
        providerLabel: ai.label,
        ...(ai.usesModel === false ? { withoutModel: true } : {}),
        model: bodyMeta.model,
        activitiesBy: { plugin: activitiesBy.plugin, provider: activities.provider, model: activities.model },
        ...(written.fallbacks.length + activitiesRun.fallbacks.length === 0 ? {} : { fallbacks: [...written.fallbacks, ...activitiesRun.fallbacks] }),
        ...(instructionCheck === undefined ? {} : { instructionCheck: { ...instructionCheck, message: instructionMessage } }),
        promptVersion: `${body.promptId}+${activitiesPrompt.promptId}`,
        sourceChunkIds: sources.map((s) => s.id),
        ...(instruction === undefined ? {} : { instruction }),
        inputTokens: bodyMeta.usage.inputTokens + activities.usage.inputTokens,
        outputTokens: bodyMeta.usage.outputTokens + activities.usage.outputTokens,
      },
      ctx.jobId,
    );
    // Saved by another run of this job meanwhile: that run reports it.
    if (added === null) return (await courseRecords.versionOrFail(tx, { lessonId, jobId: ctx.jobId })).version;
    await deps.usage.record(tx, ctx.tenantId, ctx.jobId, bodyMeta, ai.metered !== false, written.candidate.plugin);
    await deps.usage.record(tx, ctx.tenantId, ctx.jobId, activities, activitiesBy.ai.metered !== false, activitiesBy.plugin);
    // Stored with the version: a worker killed after this commit cannot lose it (the next run returns early, above).
    await ctx.stage(tx, {
      type: 'lesson.completed',
      data: {
        ...where,
        version: added.version,
        blocks,
        provider: bodyMeta.provider,
        providerLabel: ai.label,
        ...(instructionMessage === null ? {} : { instructionNotFollowed: instructionMessage }),
        sources: sources.map((s) => ({ id: s.id, smeName: s.smeName, documentTitle: s.documentTitle, excerpt: s.text.slice(0, 280) })),
      },
    });
    return added.version;
  });
  return { lessonId, version, ...(instructionCheck === undefined ? {} : { instructionFollowed: instructionCheck.followed }) };
}
