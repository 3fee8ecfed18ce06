import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import type { MembersService } from '../identity/members.service.ts';
import type { EnrolmentsService } from '../learning/enrolments.service.ts';
import type { PublishingService } from '../learning/publishing.service.ts';
import type { EnrolmentSync } from './enrolment-sync.ts';
import { type GradebookRow, gradebookRows } from './gradebook.ts';
import { type CourseAssignment, CourseAssignmentSchema, CourseWithdrawalSchema, GroupMemberSchema } from './group.entity.ts';
import { assertDates, type GroupsService } from './groups.service.ts';
import { obligationsOf } from './obligations.ts';

const dueOrder = (row: GradebookRow) => row.dueAt?.getTime() ?? Number.MAX_SAFE_INTEGER;

/** Courses assigned to groups with due dates, withdrawals, and the gradebooks and to-do lists that follow. */
export class AssignmentsService {
  readonly #groups: GroupsService;
  readonly #sync: EnrolmentSync;
  readonly #members: MembersService;
  readonly #learning: { publishing: PublishingService; enrolments: EnrolmentsService };

  constructor(deps: {
    groups: GroupsService;
    sync: EnrolmentSync;
    members: MembersService;
    publishing: PublishingService;
    enrolments: EnrolmentsService;
  }) {
    this.#groups = deps.groups;
    this.#sync = deps.sync;
    this.#members = deps.members;
    this.#learning = { publishing: deps.publishing, enrolments: deps.enrolments };
  }

  list(em: EntityManager, groupId: string): Promise<CourseAssignment[]> {
    return em.find(CourseAssignmentSchema, { groupId }, { orderBy: { assignedAt: 'asc' } });
  }

  /**
   * Assigns a published course to a group, or changes its due date (`null`: the group's). The
   * group's learners with an account are enrolled in the same transaction.
   */
  async assign(em: EntityManager, actor: AuthContext, groupId: string, courseId: string, dueAt: Date | null): Promise<CourseAssignment> {
    const group = await this.#groups.get(em, groupId);
    await this.#learning.publishing.publishedCourse(em, courseId);
    assertDates(group.startsAt, dueAt);
    await em.transactional(async (tx) => {
      await tx.execute(
        `insert into course_assignment (id, tenant_id, group_id, course_id, due_at, assigned_by, assigned_at) values (?, ?, ?, ?, ?, ?, now())
         on conflict (group_id, course_id) do update set due_at = excluded.due_at`,
        [randomUUID(), actor.tenantId, groupId, courseId, dueAt, actor.userId],
      );
      await this.#sync.enrolGroups(tx, actor.tenantId, [groupId]);
    });
    return em.findOneOrFail(CourseAssignmentSchema, { groupId, courseId }, { refresh: true });
  }

  /** The course is no longer due for the group; enrolments and progress stay. */
  async unassign(em: EntityManager, groupId: string, courseId: string): Promise<void> {
    await this.#groups.get(em, groupId);
    if ((await em.nativeDelete(CourseAssignmentSchema, { groupId, courseId })) === 0) throw new MiraiError('MIRAI_ERR_ASSIGNMENT_NOT_FOUND');
  }

  /** Takes a learner off a course: not due for them any more, whatever their groups; progress stays on record. */
  async withdraw(em: EntityManager, actor: AuthContext, courseId: string, userId: string): Promise<void> {
    await this.#learning.publishing.course(em, courseId);
    if (!(await this.#members.list(em)).some((m) => m.userId === userId)) throw new MiraiError('MIRAI_ERR_MEMBER_NOT_FOUND');
    await em.execute(
      `insert into course_withdrawal (id, tenant_id, course_id, user_id, withdrawn_by, withdrawn_at) values (?, ?, ?, ?, ?, now())
       on conflict (course_id, user_id) do nothing`,
      [randomUUID(), actor.tenantId, courseId, userId, actor.userId],
    );
  }

  /** Undoes a withdrawal: the course is due again through the learner's groups (and they are enrolled again if need be). */
  async reinstate(em: EntityManager, actor: AuthContext, courseId: string, userId: string): Promise<void> {
    await this.#learning.publishing.course(em, courseId);
    await em.transactional(async (tx) => {
      if ((await tx.nativeDelete(CourseWithdrawalSchema, { courseId, userId })) === 0) throw new MiraiError('MIRAI_ERR_MEMBER_NOT_FOUND');
      const groups = await tx.find(GroupMemberSchema, { userId }, { fields: ['groupId'] });
      await this.#sync.enrolGroups(
        tx,
        actor.tenantId,
        groups.map((g) => g.groupId),
      );
    });
  }

  /** Every learner of the group in every course assigned to it. */
  async groupGradebook(em: EntityManager, groupId: string): Promise<GradebookRow[]> {
    const group = await this.#groups.get(em, groupId);
    await this.#sync.claimPending(em, group.tenantId, { groupId });
    return gradebookRows(em, this.#learning, await obligationsOf(em, { groupId }));
  }

  /** Everyone the course is assigned to through a group, then everyone else enrolled in it. */
  async courseGradebook(em: EntityManager, actor: AuthContext, courseId: string): Promise<GradebookRow[]> {
    const course = await this.#learning.publishing.course(em, courseId);
    const groupIds = (await em.find(CourseAssignmentSchema, { courseId: course.id }, { fields: ['groupId'] })).map((a) => a.groupId);
    await this.#sync.claimPending(em, actor.tenantId, { groupId: { $in: groupIds } });
    const obligations = await obligationsOf(em, { groupId: { $in: groupIds } }, course.id);
    const assigned = new Set(obligations.map((o) => o.userId));
    const unassigned = (await this.#learning.enrolments.listForCourse(em, course.id)).filter((e) => !assigned.has(e.userId));
    return gradebookRows(em, this.#learning, obligations, unassigned);
  }

  /** What is assigned to the caller: due dates first (overdue, then soonest), undated after. */
  async mine(em: EntityManager, actor: AuthContext): Promise<GradebookRow[]> {
    await this.#sync.claimPending(em, actor.tenantId, { email: actor.email });
    const rows = await gradebookRows(em, this.#learning, await obligationsOf(em, { userId: actor.userId }));
    return rows.filter((row) => row.status !== 'withdrawn').sort((a, b) => dueOrder(a) - dueOrder(b));
  }
}
