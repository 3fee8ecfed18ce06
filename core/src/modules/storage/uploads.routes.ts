import { Type } from 'typebox';
import { IdParams, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { AUTHOR_ROLES } from '../identity/roles.ts';
import type { Upload } from './upload.entity.ts';
import type { UploadsService } from './uploads.service.ts';

const Presigned = Type.Object({
  url: Type.String(),
  method: Type.Enum(['PUT', 'GET']),
  headers: Type.Record(Type.String(), Type.String(), { description: 'Send exactly these headers' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
const UploadView = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(['pending', 'complete']),
  storageKey: Type.String({ description: 'Use in image, media (video, audio, text/vtt captions) and attachment blocks' }),
  createdAt: Type.String({ format: 'date-time' }),
});

const view = (u: Upload) => ({
  id: u.id,
  fileName: u.fileName,
  contentType: u.contentType,
  size: u.sizeBytes,
  sha256: u.sha256 ?? null,
  status: u.status,
  storageKey: u.storageKey,
  createdAt: u.createdAt.toISOString(),
});
const presigned = (r: { url: string; method: 'PUT' | 'GET'; headers: Record<string, string>; expiresAt: Date }) => ({
  ...r,
  expiresAt: r.expiresAt.toISOString(),
});

export async function uploadsRoutes(app: TypedApp, options: { uploads: UploadsService }): Promise<void> {
  const { uploads } = options;
  const author = requireAuth(...AUTHOR_ROLES);
  const tags = ['storage'];

  app.post(
    '/v1/uploads',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Announce a file and get a presigned PUT bound to its exact size and type; the file never passes through the API',
        body: Type.Object(
          {
            fileName: Type.String({ minLength: 1, maxLength: 255 }),
            contentType: Type.String({ minLength: 3, maxLength: 100, pattern: '^[\\w.+-]+/[\\w.+-]+$' }),
            size: Type.Integer({
              minimum: 1,
              maximum: 10 * 1024 ** 3,
              description: 'Bytes; at most MIRAI_UPLOAD_MAX_BYTES, or MIRAI_MEDIA_MAX_BYTES for video/* and audio/*',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ upload: UploadView, request: Presigned }), ...problems(400, 401, 403, 503) },
      },
    },
    async (request, reply) => {
      const created = await uploads.create(request.em, authOf(request), request.body);
      return reply.status(201).send({ upload: view(created.upload), request: presigned(created.request) });
    },
  );

  app.post(
    '/v1/uploads/:id/complete',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Confirm the PUT finished; checks the stored size',
        params: IdParams,
        response: { 200: UploadView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => view(await uploads.complete(request.em, request.params.id)),
  );

  app.get(
    '/v1/uploads/:id',
    { preHandler: author, schema: { tags, summary: 'An upload', params: IdParams, response: { 200: UploadView, ...problems(401, 403, 404) } } },
    async (request) => view(await uploads.get(request.em, request.params.id)),
  );

  app.get(
    '/v1/uploads/:id/download',
    {
      // Learners see a lesson's images through /v1/learn, which signs only the images of that lesson.
      preHandler: author,
      schema: {
        tags,
        summary: 'A short-lived presigned GET for the file',
        params: IdParams,
        response: { 200: Presigned, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => presigned(await uploads.downloadUrl(request.em, request.params.id)),
  );
}
