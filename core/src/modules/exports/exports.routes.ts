import { Type } from 'typebox';
import { IdParams, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { JobSchema } from '../../jobs/job.entity.ts';
import { identityRecords } from '../identity/identity-records.ts';
import { AUTHOR_ROLES } from '../identity/roles.ts';
import type { CourseExport } from './course-export.entity.ts';
import type { ExportsService } from './exports.service.ts';

const ExportView = Type.Object({
  id: Type.String(),
  courseId: Type.String(),
  format: Type.String(),
  status: Type.Enum(['queued', 'running', 'completed', 'failed', 'cancelled']),
  jobId: Type.String(),
  createdBy: Type.Union([Type.Object({ id: Type.String(), email: Type.String() }), Type.Null()], {
    description: 'Who asked for the export; null for exports made before this was recorded, or by someone since removed',
  }),
  fileName: Type.Union([Type.String(), Type.Null()]),
  size: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const Presigned = Type.Object({
  url: Type.String(),
  method: Type.Enum(['PUT', 'GET']),
  headers: Type.Record(Type.String(), Type.String()),
  expiresAt: Type.String({ format: 'date-time' }),
});

type JobState = { status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled'; error: string | null };

// The job row is the truth about a running or failed export; the export row records the result.
const view = (e: CourseExport, job: JobState | undefined, emails: ReadonlyMap<string, string>) => {
  const author = e.createdBy ?? null;
  return {
    id: e.id,
    courseId: e.courseId,
    format: e.format,
    createdBy: author === null ? null : { id: author, email: emails.get(author) ?? '' },
    status: e.status === 'completed' ? ('completed' as const) : job?.status === 'completed' ? 'running' : (job?.status ?? e.status),
    jobId: e.jobId,
    fileName: e.fileName ?? null,
    size: e.sizeBytes ?? null,
    error: job?.error ?? e.error ?? null,
    createdAt: e.createdAt.toISOString(),
    completedAt: e.completedAt?.toISOString() ?? null,
  };
};

export async function exportsRoutes(app: TypedApp, options: { exports: ExportsService }): Promise<void> {
  const { exports } = options;
  const author = requireAuth(...AUTHOR_ROLES);
  const tags = ['exports'];

  app.get(
    '/v1/export-formats',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Formats the enabled exporter plugins provide',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                format: Type.String(),
                label: Type.String(),
                plugin: Type.String(),
                mediaType: Type.String(),
                settingsSchema: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
                  description: 'JSON Schema of the settings the exporter takes (POST .../exports `settings`); null when it takes none',
                }),
              }),
            ),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => ({ items: await exports.formats(request.em, authOf(request).tenantId) }),
  );

  app.post(
    '/v1/courses/:id/exports',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Export the course in a format; runs as a job',
        params: IdParams,
        body: Type.Object(
          {
            format: Type.String({ minLength: 1, maxLength: 40 }),
            settings: Type.Optional(
              Type.Record(
                Type.String({ maxLength: 100 }),
                Type.Union([Type.String({ maxLength: 2000 }), Type.Number({ minimum: -1e9, maximum: 1e9 }), Type.Boolean()]),
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 202: Type.Object({ jobId: Type.String(), exportId: Type.String() }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const created = await exports.start(request.em, authOf(request), request.params.id, request.body.format, request.body.settings ?? {});
      return reply.status(202).send({ jobId: created.jobId, exportId: created.id });
    },
  );

  app.get(
    '/v1/courses/:id/exports',
    {
      preHandler: author,
      schema: {
        tags,
        summary: "The course's exports, newest first",
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(ExportView) }), ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const items = await exports.list(request.em, request.params.id);
      const jobs = items.length === 0 ? [] : await request.em.find(JobSchema, { id: { $in: items.map((e) => e.jobId) } });
      const byId = new Map(jobs.map((job) => [job.id, { status: job.status, error: job.error ?? null }]));
      const authorIds = [...new Set(items.flatMap((e) => e.createdBy ?? []))];
      const authors = authorIds.length === 0 ? [] : await identityRecords.users(request.em, authorIds);
      const emails = new Map(authors.map((user) => [user.id, user.email]));
      return { items: items.map((e) => view(e, byId.get(e.jobId), emails)) };
    },
  );

  app.get(
    '/v1/exports/:id/download',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'A short-lived presigned GET for a finished export',
        params: IdParams,
        response: { 200: Presigned, ...problems(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const url = await exports.downloadUrl(request.em, request.params.id);
      return { ...url, expiresAt: url.expiresAt.toISOString() };
    },
  );
}
