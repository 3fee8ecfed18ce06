import type { GenerationMeta, LessonActivitiesDraft } from '@mirai/sdk-plugin';
import type { JobHandler } from '../../jobs/job-contracts.ts';
import { courseRecords } from '../courses/course-records.ts';
import { DeltaBatcher } from './delta-batcher.ts';
import type { GenerationDeps } from './generation-deps.ts';
import { audiencesText, courseBrief, lessonSources, resolveAi, sourcesText } from './grounding.ts';
import { activityBlocks, markdownToBlocks } from './markdown-to-blocks.ts';
import { activitiesSchema } from './output.schemas.ts';
import { assertOutput } from './output-validation.ts';
import { renderPrompt } from './prompt-library.ts';

const QUESTIONS = 3;
const FLASHCARDS = 4;

/** Writes one lesson: streamed body, then quiz and flashcards, saved as a new version exactly once. */
export function lessonHandler(deps: GenerationDeps): JobHandler {
  return async (ctx) => {
    const em = ctx.em();
    const lessonId = String(ctx.payload.lessonId);
    const instruction = typeof ctx.payload.instruction === 'string' && ctx.payload.instruction !== '' ? ctx.payload.instruction : undefined;
    const lesson = await courseRecords.lessonOrFail(em, lessonId);
    const saved = await courseRecords.version(em, { lessonId, jobId: ctx.jobId });
    // A run of this job saved it and then died: the course's status follows from its lessons and jobs.
    if (saved !== null) return { lessonId, version: saved.version };

    const course = await courseRecords.courseOrFail(em, lesson.courseId);
    const module = await courseRecords.moduleOrFail(em, lesson.moduleId);
    await courseRecords.setLessonStatus(em, lessonId, 'generating');
    const where = { lessonId, moduleId: module.id, lessonTitle: lesson.title, modulePosition: module.position, lessonPosition: lesson.position };
    await ctx.publish({ type: 'lesson.started', data: where });

    const brief = await courseBrief(em, course);
    const sources = await lessonSources(deps.knowledge, em, course, lesson.title, `${lesson.title} ${lesson.objectives.join(' ')}`);
    const { ai, tenant } = await resolveAi(deps.plugins, em, ctx.tenantId, ctx.signal);
    const previous =
      lesson.currentVersion === 0 ? undefined : (await courseRecords.version(em, { lessonId, version: lesson.currentVersion }))?.blocks;
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
    let bodyMeta: (GenerationMeta & { text: string }) | undefined;
    const task = {
      kind: 'lesson-body' as const,
      course: brief,
      module: { title: module.title, position: module.position },
      lesson: { title: lesson.title, objectives: lesson.objectives, position: lesson.position },
      sources,
      ...(instruction === undefined ? {} : { instruction }),
      ...(previous === undefined ? {} : { previous }),
    };
    for await (const event of ai.streamText({ ...body, task }, tenant)) {
      if (event.type === 'delta') await batcher.push(event.text);
      else bodyMeta = event;
    }
    await batcher.drain();
    if (bodyMeta === undefined) throw new Error(`${ai.label} ended the lesson stream without a final event`);

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
    const activities = await ai.generateJson(
      {
        ...activitiesPrompt,
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
        },
      },
      tenant,
    );
    const draft = assertOutput<LessonActivitiesDraft>(schema, activities.value, 'The lesson activities');
    const prefix = `${lessonId.slice(0, 8)}-${ctx.jobId.slice(0, 8)}`;
    const blocks = [...markdownToBlocks(bodyMeta.text, prefix), ...activityBlocks(draft, prefix)];

    const announcements: Array<() => Promise<void>> = [];
    const completedEvent: Array<() => Promise<void>> = [];
    const version = await em.transactional(async (tx) => {
      const fresh = await courseRecords.lessonOrFail(tx, lessonId);
      const added = await deps.lessons.addVersion(
        tx,
        fresh,
        blocks,
        {
          source: 'generated',
          provider: bodyMeta.provider,
          providerLabel: ai.label,
          ...(ai.usesModel === false ? { withoutModel: true } : {}),
          model: bodyMeta.model,
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
      announcements.push(await deps.usage.record(tx, ctx.tenantId, ctx.jobId, bodyMeta, ai.metered !== false));
      announcements.push(await deps.usage.record(tx, ctx.tenantId, ctx.jobId, activities, ai.metered !== false));
      // Stored with the version: a worker killed after this commit cannot lose it (the next run returns early, above).
      completedEvent.push(
        await ctx.stage(tx, {
          type: 'lesson.completed',
          data: {
            ...where,
            version: added.version,
            blocks,
            provider: bodyMeta.provider,
            providerLabel: ai.label,
            sources: sources.map((s) => ({ id: s.id, smeName: s.smeName, documentTitle: s.documentTitle, excerpt: s.text.slice(0, 280) })),
          },
        }),
      );
      return added.version;
    });
    for (const announce of announcements) await announce();
    for (const send of completedEvent) await send();
    return { lessonId, version };
  };
}
