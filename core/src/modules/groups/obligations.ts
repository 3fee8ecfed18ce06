import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import {
  type CourseAssignment,
  CourseAssignmentSchema,
  CourseWithdrawalSchema,
  type GroupMember,
  GroupMemberSchema,
  LearnerGroupSchema,
} from './group.entity.ts';

/** One course a learner is to complete, merged over every group that assigns it to them. */
export interface Obligation {
  /** Null while the address has no account in the organisation (invited). */
  userId: string | null;
  email: string;
  courseId: string;
  groups: Array<{ id: string; name: string }>;
  /** The earliest start of those groups. */
  startsAt: Date | null;
  /** The earliest due date: each assignment's own, else its group's. */
  dueAt: Date | null;
  withdrawn: boolean;
}

const earliest = (a: Date | null, b: Date | null): Date | null => (a === null ? b : b === null ? a : a < b ? a : b);

/** The obligations arising from these group members, limited to `courseId` when given. */
export async function obligationsOf(em: EntityManager, where: FilterQuery<GroupMember>, courseId?: string): Promise<Obligation[]> {
  const members = await em.find(GroupMemberSchema, where, { orderBy: { email: 'asc' } });
  const groupIds = [...new Set(members.map((m) => m.groupId))];
  if (groupIds.length === 0) return [];
  const [groups, assignments] = await Promise.all([
    em.find(LearnerGroupSchema, { id: { $in: groupIds } }),
    em.find(CourseAssignmentSchema, { groupId: { $in: groupIds }, ...(courseId === undefined ? {} : { courseId }) }),
  ]);
  const withdrawn = new Set(
    (await em.find(CourseWithdrawalSchema, { courseId: { $in: assignments.map((a) => a.courseId) } })).map((w) => `${w.courseId}/${w.userId}`),
  );
  const byKey = new Map<string, Obligation>();
  for (const member of members) {
    const group = groups.find((g) => g.id === member.groupId);
    if (group === undefined) continue;
    const userId = member.userId ?? null;
    const startsAt = group.startsAt ?? null;
    for (const assignment of assignments.filter((a: CourseAssignment) => a.groupId === group.id)) {
      const key = `${assignment.courseId}/${userId ?? member.email}`;
      const dueAt = assignment.dueAt ?? group.dueAt ?? null;
      const known = byKey.get(key);
      if (known === undefined)
        byKey.set(key, {
          userId,
          email: member.email,
          courseId: assignment.courseId,
          groups: [{ id: group.id, name: group.name }],
          startsAt,
          dueAt,
          withdrawn: userId !== null && withdrawn.has(`${assignment.courseId}/${userId}`),
        });
      else {
        known.groups.push({ id: group.id, name: group.name });
        known.startsAt = earliest(known.startsAt, startsAt);
        known.dueAt = earliest(known.dueAt, dueAt);
      }
    }
  }
  return [...byKey.values()];
}
