import type { JsonObject, OutlineDraft } from '@mirai/sdk-plugin';
import type { JobHandler } from '../../jobs/job-contracts.ts';
import { courseRecords } from '../courses/course-records.ts';
import type { GenerationDeps } from './generation-deps.ts';
import { audiencesText, courseBrief, outlineSources, resolveAi, sourcesText } from './grounding.ts';
import { outlineSchema } from './output.schemas.ts';
import { assertOutput } from './output-validation.ts';
import { renderPrompt } from './prompt-library.ts';

/** Writes a course outline grounded on the selected SMEs' documents and the audiences. */
export function outlineHandler(deps: GenerationDeps): JobHandler {
  return async (ctx): Promise<JsonObject> => {
    const em = ctx.em();
    const courseId = String(ctx.payload.courseId);
    const moduleCount = Number(ctx.payload.moduleCount);
    const lessonsPerModule = Number(ctx.payload.lessonsPerModule);
    const course = await courseRecords.courseOrFail(em, courseId);
    // A re-delivery after the outline was saved has nothing left to do.
    if (course.outlineProvenance?.jobId === ctx.jobId) return { modules: moduleCount };

    await ctx.progress(5, 'Reading the subject-matter experts’ documents');
    const brief = await courseBrief(em, course);
    const sources = await outlineSources(deps.knowledge, em, course);
    const { ai, plugin, tenant } = await resolveAi(deps.plugins, em, ctx.tenantId, ctx.signal);
    const schema = outlineSchema(moduleCount, lessonsPerModule);
    const rendered = renderPrompt('course-outline', {
      language: brief.language,
      title: brief.title,
      desiredOutcome: brief.desiredOutcome || '(not given)',
      audiences: audiencesText(brief),
      moduleCount,
      lessonsPerModule,
      sources: sourcesText(sources),
    });
    await ctx.progress(20, `Drafting the outline with ${ai.label}`, { provider: plugin });
    const result = await ai.generateJson(
      {
        ...rendered,
        schemaName: 'course_outline',
        schema,
        task: { kind: 'course-outline', course: brief, sources, moduleCount, lessonsPerModule },
      },
      tenant,
    );
    const draft = assertOutput<OutlineDraft>(schema, result.value, 'The outline');

    await ctx.progress(90, 'Saving the outline');
    const provenance = {
      jobId: ctx.jobId,
      provider: result.provider,
      providerLabel: ai.label,
      ...(ai.usesModel === false ? { withoutModel: true } : {}),
      model: result.model,
      promptVersion: rendered.promptId,
      sourceChunkIds: sources.map((s) => s.id),
    };
    let announceUsage: () => Promise<void> = async () => {};
    await em.transactional(async (tx) => {
      await deps.outline.replaceWithDraft(tx, ctx.tenantId, courseId, draft);
      await courseRecords.setOutlineProvenance(tx, courseId, provenance);
      announceUsage = await deps.usage.record(tx, ctx.tenantId, ctx.jobId, result, ai.metered !== false);
    });
    await announceUsage();
    const outline = await deps.outline.get(ctx.em(), courseId);
    await ctx.publish({
      type: 'outline.completed',
      data: {
        courseId,
        provenance,
        modules: outline.map(({ module, lessons }) => ({
          id: module.id,
          title: module.title,
          lessons: lessons.map((l) => ({ id: l.id, title: l.title, objectives: l.objectives })),
        })),
      },
    });
    return { modules: draft.modules.length, lessons: draft.modules.reduce((n, m) => n + m.lessons.length, 0) };
  };
}
