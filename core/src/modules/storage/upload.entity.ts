import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const UploadSchema = defineEntity({
  name: 'Upload',
  tableName: 'upload',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    ownerId: p.uuid(),
    storagePlugin: p.string(),
    storageKey: p.string(),
    fileName: p.string(),
    contentType: p.string(),
    // Uploads stay far below 2^53 bytes; a JS number is exact here.
    sizeBytes: p.bigint('number'),
    sha256: p.string().nullable(),
    status: p.enum(['pending', 'complete'] as const),
    expiresAt: p.datetime(),
    createdAt: p.datetime().onCreate(() => new Date()),
    completedAt: p.datetime().nullable(),
  },
});

export type Upload = InferEntity<typeof UploadSchema>;
