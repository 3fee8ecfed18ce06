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
    /** BCP 47 tag; its text-search configuration indexes the chunks (text-search-config.ts). */
    language: p.string().default('en'),
    tags: p.array().default([]),
    /** The upload the text was read from, or the web page (sourceUrl). */
    uploadId: p.uuid().nullable(),
    sourceUrl: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type SmeDocument = InferEntity<typeof SmeDocumentSchema>;
