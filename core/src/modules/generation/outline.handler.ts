import type { JsonObject, OutlineDraft } from '@mirai/sdk-plugin';
import { defineJob, type JobDefinition } from '../../jobs/job-definition.ts';
import { routedModel, withFallback } from '../ai-routing/ai-fallback.ts';
import { courseRecords } from '../courses/course-records.ts';
import type { GenerationDeps } from './generation-deps.ts';
import { outlineJob } from './generation-jobs.ts';
import { audiencesText, courseBrief, outlineSources, sourcesText } from './grounding.ts';
import { outlineSchema } from './output.schemas.ts';
import { assertOutput } from './output-validation.ts';
import { renderPrompt } from './prompt-library.ts';

/** Writes a course outline grounded on the selected SMEs' documents and the audiences. */
export function outlineHandler(deps: GenerationDeps): JobDefinition {
  return defineJob(outlineJob, async (ctx): Promise<JsonObject> => {
    const em = ctx.em();
    const { courseId, moduleCount, lessonsPerModule } = ctx.payload;
    const course = await courseRecords.courseOrFail(em, courseId);
    // A re-delivery after the outline was saved has nothing left to do.
    if (course.outlineProvenance?.jobId === ctx.jobId) return { modules: moduleCount };

    await ctx.progress(5, 'Reading the subject-matter experts’ documents');
    const brief = await courseBrief(em, course);
    const sources = await outlineSources(deps.knowledge, em, course);
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
    const routed = await withFallback(deps.routing, em, { tenantId: ctx.tenantId, task: 'outline', signal: ctx.signal }, async (candidate) => {
      await ctx.progress(20, `Drafting the outline with ${candidate.ai.label}`, { provider: candidate.plugin });
      const result = await candidate.ai.generateJson(
        {
          ...rendered,
          ...routedModel(candidate),
          schemaName: 'course_outline',
          schema,
          task: { kind: 'course-outline', course: brief, sources, moduleCount, lessonsPerModule },
        },
        candidate.tenant,
      );
      // Output that does not validate is this provider's failure: the next one in the chain may do better.
      return { result, draft: assertOutput<OutlineDraft>(schema, result.value, 'The outline') };
    });
    const { result, draft } = routed.value;
    const { ai, plugin } = routed.candidate;

    await ctx.progress(90, 'Saving the outline');
    const provenance = {
      jobId: ctx.jobId,
      provider: result.provider,
      plugin,
      providerLabel: ai.label,
      ...(ai.usesModel === false ? { withoutModel: true } : {}),
      model: result.model,
      promptVersion: rendered.promptId,
      sourceChunkIds: sources.map((s) => s.id),
      ...(routed.fallbacks.length === 0 ? {} : { fallbacks: routed.fallbacks }),
    };
    await em.transactional(async (tx) => {
      await deps.outline.replaceWithDraft(tx, ctx.tenantId, courseId, draft);
      await courseRecords.setOutlineProvenance(tx, courseId, provenance);
      await deps.usage.record(tx, ctx.tenantId, ctx.jobId, result, ai.metered !== false, plugin);
    });
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
  });
}
