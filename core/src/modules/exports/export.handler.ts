import type { JsonObject } from '@mirai/sdk-plugin';
import { defineJob, type JobDefinition } from '../../jobs/job-definition.ts';
import type { OutlineService } from '../courses/outline.service.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import { tenantStorage } from '../storage/tenant-storage.ts';
import { loadCourseDocument } from './course-document.ts';
import { CourseExportSchema } from './course-export.entity.ts';
import { type ExportsService, exportJob } from './exports.service.ts';

/** Streams the exporter's bytes into the tenant's storage; a re-delivery overwrites the same key. */
export function exportHandler(deps: { plugins: TenantPluginsService; outline: OutlineService; exports: ExportsService }): JobDefinition {
  return defineJob(exportJob, async (ctx): Promise<JsonObject> => {
    const em = ctx.em();
    const record = await em.findOneOrFail(CourseExportSchema, { id: ctx.payload.exportId });
    if (record.status === 'completed') return { exportId: record.id };
    const entry = (await deps.exports.exporters(em, ctx.tenantId)).find((candidate) => candidate.exporter.format === record.format);
    if (entry === undefined) throw new Error(`No enabled exporter provides "${record.format}" any more`);
    const { plugin, storage, tenant } = await tenantStorage(deps.plugins, em, ctx.tenantId);
    await em.nativeUpdate(CourseExportSchema, { id: record.id }, { status: 'running' });
    const course = await loadCourseDocument(em, deps.outline, record.courseId);
    const fileName = await entry.exporter.fileName(course);
    const key = `exports/${record.id}/${fileName}`;
    let last = 0;
    const stored = await storage.put(
      key,
      entry.exporter.export(
        course,
        {
          settings: record.settings,
          signal: ctx.signal,
          readAsset: async (storageKey) => {
            const found = await storage.get(storageKey, tenant);
            if (found === null) return null;
            const chunks: Uint8Array[] = [];
            for await (const chunk of found.body) chunks.push(chunk);
            return Buffer.concat(chunks);
          },
          onProgress: (progress) => {
            // Throttled, since exporters may report per file; warnings (e.g. a missing image) always pass.
            if (progress.percent - last < 5 && progress.percent < 100 && !progress.message.startsWith('Warning')) return;
            last = progress.percent;
            void ctx.progress(Math.round(progress.percent), progress.message, { exportId: record.id });
          },
        },
        { ...entry.tenant, signal: ctx.signal },
      ),
      { contentType: entry.exporter.mediaType },
      { ...tenant, signal: ctx.signal },
    );
    await em.nativeUpdate(
      CourseExportSchema,
      { id: record.id },
      { status: 'completed', storagePlugin: plugin, storageKey: key, fileName, sizeBytes: stored.size, completedAt: new Date(), error: null },
    );
    await ctx.publish({ type: 'export.completed', data: { exportId: record.id, format: record.format, fileName, size: stored.size } });
    return { exportId: record.id, size: stored.size };
  });
}
