import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { SeatPolicy } from '../identity/members.service.ts';
import type { EnrolmentsService } from '../learning/enrolments.service.ts';
import type { PublishingService } from '../learning/publishing.service.ts';
import { platformAccessToken } from './lti-access-token.ts';
import { miraiRoleOf, NRPS_SCOPE } from './lti-claims.ts';
import { fetchRoster } from './lti-memberships-fetch.ts';
import type { LtiPlatformsService } from './lti-platforms.service.ts';
import { ensureMembership, isPlatformMember, provisionUser } from './lti-provisioning.ts';
import { contextOf } from './lti-roster-contexts.ts';
import type { LtiToolKeys } from './lti-tool-keys.ts';

export interface RosterSyncResult {
  contextId: string;
  courseId: string;
  /** Active members the platform listed. */
  members: number;
  /** People who were not members of the organisation before. */
  added: number;
  /** Learners newly enrolled in the course. */
  enrolled: number;
  /** Newcomers left out because the plan has no seat left. */
  refusedForSeats: number;
  pages: number;
  /** The roster was longer than one sync reads (see MAX_ROSTER_PAGES and MAX_ROSTER_MEMBERS). */
  truncated: boolean;
}

interface RosterSyncDeps {
  platforms: LtiPlatformsService;
  keys: LtiToolKeys;
  enrolments: EnrolmentsService;
  publishing: PublishingService;
  seats?: SeatPolicy | undefined;
  /** The egress guard's fetch: platforms' token and membership URLs are chosen by organisations. */
  fetch: typeof globalThis.fetch;
}

/**
 * NRPS 2.0 with Mirai as the tool: reads a launched context's roster from the platform and
 * provisions each member as a launch would (user keyed by platform and `sub`, membership with the
 * role the LTI roles give, learners enrolled in the context's course), a seat per newcomer. People
 * missing from the roster are left as they are.
 */
export class LtiRosterSync {
  readonly #deps: RosterSyncDeps;

  constructor(deps: RosterSyncDeps) {
    this.#deps = deps;
  }

  async sync(em: EntityManager, tenantId: string, contextId: string): Promise<RosterSyncResult> {
    const context = await contextOf(em, tenantId, contextId);
    const platform = await this.#deps.platforms.byId(em, context.platformId);
    if (platform === null) throw new MiraiError('MIRAI_ERR_LTI_CONTEXT_NOT_FOUND');
    await this.#deps.publishing.publishedCourse(em, context.courseId);
    let token: string;
    try {
      token = await platformAccessToken(em, { keys: this.#deps.keys, fetch: this.#deps.fetch }, platform, NRPS_SCOPE);
    } catch (error) {
      const reason = `the platform's token endpoint refused (${error instanceof Error ? error.message : String(error)})`;
      throw new MiraiError('MIRAI_ERR_LTI_ROSTER_SYNC_FAILED', `The roster sync failed: ${reason}`, { extensions: { reason } });
    }
    const roster = await fetchRoster(this.#deps.fetch, context.membershipsUrl, token);
    const unique = new Map(roster.members.map((member) => [member.userId, member]));
    const result: RosterSyncResult = {
      contextId: context.id,
      courseId: context.courseId,
      members: unique.size,
      added: 0,
      enrolled: 0,
      refusedForSeats: 0,
      pages: roster.pages,
      truncated: roster.truncated,
    };
    for (const member of unique.values()) {
      const newcomer = !(await isPlatformMember(em, platform, member.userId));
      if (newcomer && this.#deps.seats !== undefined) {
        // As for a launch, the seat policy reads the plan through its own unit of work, before the transaction.
        try {
          await this.#deps.seats.assertSeatAvailable(em, platform.tenantId, 'accept');
        } catch (error) {
          if (!(error instanceof MiraiError) || error.code !== 'MIRAI_ERR_BILLING_SEATS_EXHAUSTED') throw error;
          result.refusedForSeats += 1;
          continue;
        }
      }
      const enrolled = await em.transactional(async (tx) => {
        const userId = await provisionUser(tx, platform, member.userId);
        const role = await ensureMembership(tx, platform.tenantId, userId, miraiRoleOf(member.roles));
        if (role !== 'learner') return false;
        const before = await tx.execute<{ one: number }[]>('select 1 as one from enrolment where course_id = ? and user_id = ?', [
          context.courseId,
          userId,
        ]);
        await this.#deps.enrolments.enrolUsers(tx, platform.tenantId, [{ courseId: context.courseId, userId }]);
        return before.length === 0;
      });
      if (newcomer) result.added += 1;
      if (enrolled) result.enrolled += 1;
    }
    await em.execute('update lti_context set last_synced_at = now() where id = ?', [context.id]);
    return result;
  }
}
