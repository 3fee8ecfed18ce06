import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** A knowledge document of an SME, kept as extracted text; its chunks live in `sme_chunk`. */
export const SmeDocumentSchema = defineEntity({
  name: 'SmeDocument',
  tableName: 'sme_document',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    smeId: p.uuid(),
    title: p.string(),
    mediaType: p.string(),
    sizeBytes: p.integer(),
    text: p.text().lazy(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type SmeDocument = InferEntity<typeof SmeDocumentSchema>;
