import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** A subject-matter expert whose documents ground generated courses. */
export const SmeSchema = defineEntity({
  name: 'Sme',
  tableName: 'sme',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    name: p.string(),
    expertise: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type Sme = InferEntity<typeof SmeSchema>;
