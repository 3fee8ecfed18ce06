import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const EXPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;

export const CourseExportSchema = defineEntity({
  name: 'CourseExport',
  tableName: 'course_export',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    courseId: p.uuid(),
    format: p.string(),
    settings: p.json<Record<string, string | number | boolean>>(),
    status: p.enum(EXPORT_STATUSES),
    jobId: p.uuid(),
    /** Who asked for it; null for exports older than this column or whose author was removed. */
    createdBy: p.uuid().nullable(),
    storagePlugin: p.string().nullable(),
    storageKey: p.string().nullable(),
    fileName: p.string().nullable(),
    sizeBytes: p.bigint('number').nullable(),
    error: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    completedAt: p.datetime().nullable(),
  },
});

export type CourseExport = InferEntity<typeof CourseExportSchema>;
