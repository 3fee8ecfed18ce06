import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TENANT_FILTER, type TenantFilterParams } from '../../db/orm.ts';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { SeatPolicy } from '../identity/members.service.ts';
import type { EnrolmentsService } from '../learning/enrolments.service.ts';
import type { PublishingService } from '../learning/publishing.service.ts';
import type { LtiPlatform } from './lti.entity.ts';
import { AGS_SCORE_SCOPE, CLAIM, miraiRoleOf, objectClaim, stringClaim } from './lti-claims.ts';
import type { LtiDeepLinking } from './lti-deep-linking.ts';
import type { IdTokenVerifier, VerifiedLaunch } from './lti-id-token.ts';
import { consumeState } from './lti-login.ts';
import type { LtiPlatformsService } from './lti-platforms.service.ts';
import { createHandoff, ensureMembership, isPlatformMember, provisionUser } from './lti-provisioning.ts';
import { rememberContext } from './lti-roster-contexts.ts';

export type LaunchOutcome =
  | { kind: 'signed-in'; handoffCode: string; userId: string; courseId: string }
  | { kind: 'pick-course'; context: string; courses: { id: string; title: string }[] };

const badState = () => new MiraiError('MIRAI_ERR_LTI_STATE_INVALID');

/** The course a resource-link launch opens: the custom `course_id` deep linking set, else `?course=` on the target link. */
function courseOf(launch: VerifiedLaunch): string | undefined {
  const custom = stringClaim(objectClaim(launch.payload, CLAIM.custom), 'course_id');
  if (custom !== undefined) return custom;
  const target = stringClaim(launch.payload, CLAIM.targetLinkUri);
  return target === undefined ? undefined : (URL.parse(target)?.searchParams.get('course') ?? undefined);
}

interface LaunchDependencies {
  platforms: LtiPlatformsService;
  verifier: IdTokenVerifier;
  enrolments: EnrolmentsService;
  publishing: PublishingService;
  deepLinking: LtiDeepLinking;
  /** The plan's seat limit; absent, every launch may add a member. */
  seats?: SeatPolicy;
}

/** The launch (LTI 1.3 core 5.1.3 onwards): state, id_token, then the person, their membership and enrolment. */
export class LtiLaunchService {
  readonly #options: LaunchDependencies;

  constructor(options: LaunchDependencies) {
    this.#options = options;
  }

  async launch(em: EntityManager, input: { state: string; idToken: string; cookieState: string | undefined }): Promise<LaunchOutcome> {
    // The cookie proves the browser posting the launch is the one that started the login.
    if (input.cookieState === undefined || input.cookieState !== input.state) throw badState();
    const login = await consumeState(em, input.state);
    if (login === null) throw badState();
    const platform = await this.#options.platforms.byId(em, login.platformId);
    if (platform === null) throw badState();
    const launch = await this.#options.verifier.verify(platform, input.idToken, login.nonce);
    em.setFilterParams(TENANT_FILTER, { tenantId: platform.tenantId } satisfies TenantFilterParams);
    const role = miraiRoleOf(launch.payload[CLAIM.roles]);
    if (launch.messageType === 'LtiDeepLinkingRequest') {
      if (role !== 'author') throw new MiraiError('MIRAI_ERR_AUTH_FORBIDDEN', 'Only instructors choose the course a link opens');
      await this.#assertSeat(em, platform, launch);
      await this.#member(em, platform, launch, role);
      return { kind: 'pick-course', ...(await this.#options.deepLinking.open(em, platform, launch)) };
    }
    const courseId = courseOf(launch);
    if (courseId === undefined)
      throw new MiraiError('MIRAI_ERR_LTI_LAUNCH_INVALID', 'The LTI launch was refused: it names no Mirai course', {
        extensions: { reason: 'no course' },
      });
    await this.#options.publishing.publishedCourse(em, courseId);
    await this.#assertSeat(em, platform, launch);
    return em.transactional(async (tx) => {
      const { userId, role: memberRole } = await this.#member(tx, platform, launch, role);
      const path = memberRole === 'learner' ? `/learn/${courseId}` : `/courses/${courseId}/edit`;
      if (memberRole === 'learner') {
        await this.#options.enrolments.enrolUsers(tx, platform.tenantId, [{ courseId, userId }]);
        await this.#rememberLineItem(tx, platform, launch, courseId, userId);
      }
      await rememberContext(tx, platform, launch, courseId);
      return { kind: 'signed-in', handoffCode: await createHandoff(tx, platform.tenantId, userId, path), userId, courseId };
    });
  }

  /**
   * Someone the organisation does not count yet takes a seat, as an accepted invitation does: a
   * full plan refuses the launch (checked before the transaction: the policy reads the plan through
   * its own unit of work). People already members launch whatever the plan.
   */
  async #assertSeat(em: EntityManager, platform: LtiPlatform, launch: VerifiedLaunch): Promise<void> {
    if (this.#options.seats === undefined) return;
    if (!(await isPlatformMember(em, platform, launch.sub))) await this.#options.seats.assertSeatAvailable(em, platform.tenantId, 'accept');
  }

  async #member(em: EntityManager, platform: LtiPlatform, launch: VerifiedLaunch, role: 'author' | 'learner') {
    const userId = await provisionUser(em, platform, launch.sub);
    return { userId, role: await ensureMembership(em, platform.tenantId, userId, role) };
  }

  /** Keeps the AGS line item of a launch that may post scores, so completion can send one. */
  async #rememberLineItem(em: EntityManager, platform: LtiPlatform, launch: VerifiedLaunch, courseId: string, userId: string): Promise<void> {
    const endpoint = objectClaim(launch.payload, CLAIM.agsEndpoint);
    const lineItem = stringClaim(endpoint, 'lineitem');
    const scopes = endpoint.scope;
    if (lineItem === undefined || !Array.isArray(scopes) || !scopes.includes(AGS_SCORE_SCOPE)) return;
    await em.execute(
      `insert into lti_grade_link (id, tenant_id, platform_id, enrolment_id, user_sub, line_item_url)
       select ?, ?, ?, e.id, ?, ? from enrolment e where e.course_id = ? and e.user_id = ?
       on conflict (enrolment_id, platform_id, line_item_url) do nothing`,
      [randomUUID(), platform.tenantId, platform.id, launch.sub, lineItem, courseId, userId],
    );
  }
}
