import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Exporter, PresignedRequest, TenantContext } from '@mirai/sdk-plugin';
import { Type } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { jobType } from '../../jobs/job-definition.ts';
import type { JobStarter } from '../../jobs/job-starter.ts';
import { coerceToSchema } from '../../plugin-host/json-schema-validation.ts';
import type { CoursesService } from '../courses/courses.service.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import { tenantStorage } from '../storage/tenant-storage.ts';
import { type CourseExport, CourseExportSchema } from './course-export.entity.ts';

/** Writes one export (a `CourseExport` row) to the tenant's storage. */
export const exportJob = jobType('export-course', Type.Object({ exportId: Type.String({ minLength: 1 }) }));

export interface ExportFormat {
  format: string;
  label: string;
  plugin: string;
  mediaType: string;
  /** The JSON Schema of the exporter's settings, for a form; null when it takes none. */
  settingsSchema: Record<string, unknown> | null;
}

/** Exports run as jobs that write to the tenant's storage; downloads are presigned URLs. */
export class ExportsService {
  readonly #plugins: TenantPluginsService;
  readonly #jobs: JobStarter;
  readonly #courses: CoursesService;

  constructor(options: { plugins: TenantPluginsService; jobs: JobStarter; courses: CoursesService }) {
    this.#plugins = options.plugins;
    this.#jobs = options.jobs;
    this.#courses = options.courses;
  }

  /** The organisation's enabled exporters, each with the organisation's context of its plugin. */
  async exporters(em: EntityManager, tenantId: string): Promise<Array<{ plugin: string; exporter: Exporter; tenant: TenantContext }>> {
    return (await this.#plugins.enabled(em, tenantId, 'exporter')).map((entry) => ({
      plugin: entry.plugin,
      exporter: entry.implementation,
      tenant: entry.tenant,
    }));
  }

  async formats(em: EntityManager, tenantId: string): Promise<ExportFormat[]> {
    return (await this.exporters(em, tenantId)).map(({ plugin, exporter }) => ({
      format: exporter.format,
      label: exporter.label,
      plugin,
      mediaType: exporter.mediaType,
      // A JSON Schema is a JSON object; the response publishes it as one (as plugins' configSchema).
      settingsSchema: (exporter.settingsSchema as Record<string, unknown> | undefined) ?? null,
    }));
  }

  async start(
    em: EntityManager,
    actor: AuthContext,
    courseId: string,
    format: string,
    settings: Record<string, string | number | boolean>,
  ): Promise<CourseExport> {
    await this.#courses.get(em, courseId);
    const entry = (await this.exporters(em, actor.tenantId)).find(({ exporter }) => exporter.format === format);
    if (entry === undefined)
      throw new MiraiError('MIRAI_ERR_EXPORT_FORMAT_UNKNOWN', `No enabled exporter provides "${format}"`, {
        fieldErrors: [{ field: '/body/format', message: 'is not an enabled export format' }],
      });
    // Checked here, so a bad request is a 400 naming the field and never a job that fails later.
    const { settingsSchema } = entry.exporter;
    const checked =
      settingsSchema === undefined ? settings : coerceToSchema(settingsSchema, settings, '/body/settings', 'MIRAI_ERR_EXPORT_SETTINGS_INVALID');
    return em.transactional(async (tx) => {
      const exportId = randomUUID();
      const job = await this.#jobs.start(tx, {
        type: exportJob,
        tenantId: actor.tenantId,
        courseId,
        payload: { exportId },
        announce: { exportId, format },
      });
      return tx.create(CourseExportSchema, {
        id: exportId,
        tenantId: actor.tenantId,
        courseId,
        format,
        settings: checked,
        status: 'queued',
        jobId: job.id,
        createdBy: actor.userId,
        storagePlugin: null,
        storageKey: null,
        fileName: null,
        sizeBytes: null,
        error: null,
        completedAt: null,
      });
    });
  }

  /** The course's exports; a course of another organisation, or none, is 404 like everywhere else. */
  async list(em: EntityManager, courseId: string): Promise<CourseExport[]> {
    await this.#courses.get(em, courseId);
    return em.find(CourseExportSchema, { courseId }, { orderBy: { createdAt: 'desc' }, limit: 50 });
  }

  async downloadUrl(em: EntityManager, exportId: string): Promise<PresignedRequest> {
    const record = await em.findOne(CourseExportSchema, { id: exportId });
    if (record === null) throw new MiraiError('MIRAI_ERR_EXPORT_NOT_FOUND');
    if (record.status !== 'completed' || record.storageKey === null || record.storageKey === undefined)
      throw new MiraiError('MIRAI_ERR_COURSE_STATE', 'The export has not finished');
    const { storage, tenant } = await tenantStorage(this.#plugins, em, record.tenantId, record.storagePlugin ?? undefined);
    return storage.presignDownload({ key: record.storageKey, expiresInSeconds: 300, fileName: record.fileName ?? 'export.zip' }, tenant);
  }
}
