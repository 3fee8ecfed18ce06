import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const CourseModuleSchema = defineEntity({
  name: 'CourseModule',
  tableName: 'course_module',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    courseId: p.uuid(),
    position: p.integer(),
    title: p.string(),
  },
});

export type CourseModule = InferEntity<typeof CourseModuleSchema>;
