import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** A cohort of learners with its own start and due dates (docs/people.md, "Learner management"). */
export const LearnerGroupSchema = defineEntity({
  name: 'LearnerGroup',
  tableName: 'learner_group',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    name: p.string(),
    startsAt: p.datetime().nullable(),
    /** Applies to every course assigned to the group without a due date of its own. */
    dueAt: p.datetime().nullable(),
    createdBy: p.uuid(),
    createdAt: p.datetime(),
  },
});

/** A learner in a group, by address; `userId` is null until that address has an account in the organisation. */
export const GroupMemberSchema = defineEntity({
  name: 'GroupMember',
  tableName: 'group_member',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    groupId: p.uuid(),
    email: p.string(),
    userId: p.uuid().nullable(),
    addedAt: p.datetime(),
  },
});

/** A course every member of a group is to complete, by `dueAt` (or the group's due date). */
export const CourseAssignmentSchema = defineEntity({
  name: 'CourseAssignment',
  tableName: 'course_assignment',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    groupId: p.uuid(),
    courseId: p.uuid(),
    dueAt: p.datetime().nullable(),
    assignedBy: p.uuid(),
    assignedAt: p.datetime(),
  },
});

/** A learner taken off an assigned course: no longer due for them; their enrolment and progress stay on record. */
export const CourseWithdrawalSchema = defineEntity({
  name: 'CourseWithdrawal',
  tableName: 'course_withdrawal',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    courseId: p.uuid(),
    userId: p.uuid(),
    withdrawnBy: p.uuid(),
    withdrawnAt: p.datetime(),
  },
});

export type LearnerGroup = InferEntity<typeof LearnerGroupSchema>;
export type GroupMember = InferEntity<typeof GroupMemberSchema>;
export type CourseAssignment = InferEntity<typeof CourseAssignmentSchema>;
export type CourseWithdrawal = InferEntity<typeof CourseWithdrawalSchema>;
