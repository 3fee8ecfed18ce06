import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import type { MembersService } from '../identity/members.service.ts';
import type { EnrolmentSync } from './enrolment-sync.ts';
import { type GroupMember, GroupMemberSchema, type LearnerGroup, LearnerGroupSchema } from './group.entity.ts';

export interface GroupInput {
  name: string;
  startsAt: Date | null;
  dueAt: Date | null;
}

/** How one address fared when added to a group. */
export type AddOutcome = 'added' | 'invited' | 'already-in-group';

/** A start after the due date is refused naming the due date, the field to correct. */
export function assertDates(startsAt: Date | null | undefined, dueAt: Date | null | undefined, field = '/body/dueAt'): void {
  if (startsAt != null && dueAt != null && dueAt < startsAt)
    throw new MiraiError('MIRAI_ERR_GROUP_DATES_INVALID', 'The due date is before the start date', {
      fieldErrors: [{ field, message: 'must not be before the start date' }],
    });
}

/**
 * Groups (cohorts) and their members. A member is an address: someone without an account in the
 * organisation is invited as a learner (by mail) and joins the group's courses once they accept.
 */
export class GroupsService {
  readonly #members: MembersService;
  readonly #sync: EnrolmentSync;
  readonly #afterCommit: () => void;

  constructor(deps: { members: MembersService; sync: EnrolmentSync; afterCommit: () => void }) {
    this.#members = deps.members;
    this.#sync = deps.sync;
    this.#afterCommit = deps.afterCommit;
  }

  list(em: EntityManager): Promise<LearnerGroup[]> {
    return em.find(LearnerGroupSchema, {}, { orderBy: { name: 'asc' } });
  }

  async get(em: EntityManager, id: string): Promise<LearnerGroup> {
    const group = await em.findOne(LearnerGroupSchema, { id });
    if (group === null) throw new MiraiError('MIRAI_ERR_GROUP_NOT_FOUND');
    return group;
  }

  async create(em: EntityManager, actor: AuthContext, input: GroupInput): Promise<LearnerGroup> {
    assertDates(input.startsAt, input.dueAt);
    const group = em.create(LearnerGroupSchema, {
      id: randomUUID(),
      tenantId: actor.tenantId,
      ...input,
      createdBy: actor.userId,
      createdAt: new Date(),
    });
    await this.#flushUnique(em);
    return group;
  }

  async update(em: EntityManager, id: string, patch: Partial<GroupInput>): Promise<LearnerGroup> {
    const group = await this.get(em, id);
    assertDates(patch.startsAt === undefined ? group.startsAt : patch.startsAt, patch.dueAt === undefined ? group.dueAt : patch.dueAt);
    em.assign(group, patch);
    await this.#flushUnique(em);
    return group;
  }

  async remove(em: EntityManager, id: string): Promise<void> {
    if ((await em.nativeDelete(LearnerGroupSchema, { id })) === 0) throw new MiraiError('MIRAI_ERR_GROUP_NOT_FOUND');
  }

  async #flushUnique(em: EntityManager): Promise<void> {
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw new MiraiError('MIRAI_ERR_GROUP_EXISTS', undefined, { fieldErrors: [{ field: '/body/name', message: 'is taken' }] });
      throw error;
    }
  }

  /** The group's members, oldest first; pending addresses that have joined the organisation since are resolved first. */
  async members(em: EntityManager, groupId: string): Promise<GroupMember[]> {
    const group = await this.get(em, groupId);
    await this.#sync.claimPending(em, group.tenantId, { groupId });
    return em.find(GroupMemberSchema, { groupId }, { orderBy: { addedAt: 'asc', email: 'asc' } });
  }

  /**
   * Adds addresses to a group in one transaction: members of the organisation join at once (and are
   * enrolled in the group's courses); others are invited as learners by mail, unless an invitation
   * is already pending. Any failure (a seat limit, say) leaves nothing written.
   */
  async addMembers(em: EntityManager, actor: AuthContext, groupId: string, emails: readonly string[]): Promise<Map<string, AddOutcome>> {
    await this.get(em, groupId);
    const members = new Map((await this.#members.list(em)).map((m) => [m.email, m.userId]));
    const pending = new Set((await this.#members.pendingInvitations(em)).map((i) => i.email));
    const addresses = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
    await this.#members.assertSeatsForInvitations(em, actor, addresses.filter((e) => !members.has(e) && !pending.has(e)).length);
    const outcomes = await em.transactional(async (tx) => {
      const result = new Map<string, AddOutcome>();
      for (const email of addresses) {
        const userId = members.get(email) ?? null;
        const inserted = await tx.execute<{ id: string }[]>(
          `insert into group_member (id, tenant_id, group_id, email, user_id, added_at) values (?, ?, ?, ?, ?, now())
           on conflict (group_id, email) do nothing returning id`,
          [randomUUID(), actor.tenantId, groupId, email, userId],
        );
        if (inserted.length === 0) result.set(email, 'already-in-group');
        else if (userId !== null) result.set(email, 'added');
        else {
          if (!pending.has(email)) await this.#members.inviteByMailWithin(tx, actor, email, 'learner');
          pending.add(email);
          result.set(email, 'invited');
        }
      }
      await this.#sync.enrolGroups(tx, actor.tenantId, [groupId]);
      return result;
    });
    // The invitation mails were queued in the transaction; the relay may send them now.
    this.#afterCommit();
    return outcomes;
  }

  /** Withdraws a learner from the group: its courses are no longer due for them; enrolments and progress stay. */
  async removeMember(em: EntityManager, groupId: string, memberId: string): Promise<void> {
    await this.get(em, groupId);
    if ((await em.nativeDelete(GroupMemberSchema, { id: memberId, groupId })) === 0) throw new MiraiError('MIRAI_ERR_GROUP_MEMBER_NOT_FOUND');
  }
}
