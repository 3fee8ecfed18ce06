import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { MembersService } from '../identity/members.service.ts';
import type { EnrolmentsService } from '../learning/enrolments.service.ts';
import { CourseAssignmentSchema, CourseWithdrawalSchema, type GroupMember, GroupMemberSchema } from './group.entity.ts';

/**
 * Keeps course enrolments in step with groups: every member with an account is enrolled in every
 * course assigned to their group, except a course they were withdrawn from. Enrolling never
 * removes anything, so unassigning or leaving a group keeps progress on record.
 */
export class EnrolmentSync {
  readonly #members: MembersService;
  readonly #enrolments: EnrolmentsService;

  constructor(members: MembersService, enrolments: EnrolmentsService) {
    this.#members = members;
    this.#enrolments = enrolments;
  }

  async enrolGroups(em: EntityManager, tenantId: string, groupIds: readonly string[]): Promise<void> {
    if (groupIds.length === 0) return;
    const [members, assignments] = await Promise.all([
      em.find(GroupMemberSchema, { groupId: { $in: [...groupIds] }, userId: { $ne: null } }),
      em.find(CourseAssignmentSchema, { groupId: { $in: [...groupIds] } }),
    ]);
    const withdrawn = new Set(
      (await em.find(CourseWithdrawalSchema, { courseId: { $in: assignments.map((a) => a.courseId) } })).map((w) => `${w.courseId}/${w.userId}`),
    );
    const pairs = new Map<string, { courseId: string; userId: string }>();
    for (const member of members)
      for (const assignment of assignments.filter((a) => a.groupId === member.groupId)) {
        const userId = member.userId ?? null;
        const key = `${assignment.courseId}/${userId}`;
        if (userId !== null && !withdrawn.has(key)) pairs.set(key, { courseId: assignment.courseId, userId });
      }
    await this.#enrolments.enrolUsers(em, tenantId, [...pairs.values()]);
  }

  /**
   * Group members added by address before they had an account become that account once it is a
   * member of the organisation (they accepted the invitation), and are enrolled then. Done when
   * groups are read rather than on sign-up, so identity needs to know nothing about groups.
   */
  async claimPending(em: EntityManager, tenantId: string, where: FilterQuery<GroupMember>): Promise<void> {
    const pending = await em.find(GroupMemberSchema, { $and: [where, { userId: null }] });
    if (pending.length === 0) return;
    const members = new Map((await this.#members.list(em)).map((m) => [m.email, m]));
    const claimed = pending.flatMap((row) => {
      const member = members.get(row.email);
      return member === undefined ? [] : [{ row, member }];
    });
    if (claimed.length === 0) return;
    await em.transactional(async (tx) => {
      for (const { row, member } of claimed) await tx.nativeUpdate(GroupMemberSchema, { id: row.id, userId: null }, { userId: member.userId });
      await this.enrolGroups(tx, tenantId, [...new Set(claimed.map(({ row }) => row.groupId))]);
    });
    em.clear();
  }
}
