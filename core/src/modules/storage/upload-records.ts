import type { EntityManager } from '@mikro-orm/postgresql';
import { type Upload, UploadSchema } from './upload.entity.ts';

export type { Upload };

/** The storage module's upload rows as other modules (knowledge, learning) read them; the entity schema stays private. */
export const uploadRecords = {
  upload: (em: EntityManager, id: string): Promise<Upload | null> => em.findOne(UploadSchema, { id }),
  completeByStorageKey: (em: EntityManager, keys: readonly string[]): Promise<Upload[]> =>
    em.find(UploadSchema, { storageKey: { $in: [...keys] }, status: 'complete' }),
};
