import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const AUDIENCE_LEVELS = ['beginner', 'intermediate', 'advanced'] as const;

/** A learner persona a course is written for. */
export const AudienceSchema = defineEntity({
  name: 'Audience',
  tableName: 'audience',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    name: p.string(),
    role: p.string(),
    level: p.enum(AUDIENCE_LEVELS),
    priorKnowledge: p.text(),
    goals: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type Audience = InferEntity<typeof AudienceSchema>;
