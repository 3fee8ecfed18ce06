import { createHmac, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { jwtVerify, SignJWT } from 'jose';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { PublishingService } from '../learning/publishing.service.ts';
import type { LtiPlatform } from './lti.entity.ts';
import { CLAIM, LTI_VERSION, objectClaim, stringClaim } from './lti-claims.ts';
import type { VerifiedLaunch } from './lti-id-token.ts';
import { LTI_ALG, type LtiToolKeys } from './lti-tool-keys.ts';

/** What the picker form carries between the deep-linking request and the teacher's choice. */
interface PickerContext {
  platformId: string;
  tenantId: string;
  deploymentId: string;
  returnUrl: string;
  data: string | null;
}

const CONTEXT_AUDIENCE = 'mirai-lti-deep-linking';

/**
 * Deep Linking 2.0 with Mirai as the tool: the request opens a picker of the organisation's
 * published courses; the choice goes back to the platform as a signed LtiDeepLinkingResponse
 * holding one ltiResourceLink whose custom `course_id` later launches name.
 */
export class LtiDeepLinking {
  readonly #contextKey: Uint8Array;
  readonly #keys: LtiToolKeys;
  readonly #publishing: PublishingService;
  readonly #launchUrl: string;

  constructor(options: { secretKey: Buffer; keys: LtiToolKeys; publishing: PublishingService; launchUrl: string }) {
    this.#contextKey = createHmac('sha256', options.secretKey).update('mirai lti deep linking v1').digest();
    this.#keys = options.keys;
    this.#publishing = options.publishing;
    this.#launchUrl = options.launchUrl;
  }

  /** The picker's signed context and the courses to choose from, for a verified deep-linking launch. */
  async open(
    em: EntityManager,
    platform: LtiPlatform,
    launch: VerifiedLaunch,
  ): Promise<{ context: string; courses: { id: string; title: string }[] }> {
    const settings = objectClaim(launch.payload, CLAIM.deepLinkingSettings);
    const returnUrl = stringClaim(settings, 'deep_link_return_url');
    if (returnUrl === undefined)
      throw new MiraiError('MIRAI_ERR_LTI_LAUNCH_INVALID', 'The LTI launch was refused: deep_link_return_url is missing', {
        extensions: { reason: 'deep_link_return_url is missing' },
      });
    const context: PickerContext = {
      platformId: platform.id,
      tenantId: platform.tenantId,
      deploymentId: launch.deploymentId,
      returnUrl,
      data: stringClaim(settings, 'data') ?? null,
    };
    const token = await new SignJWT({ ...context })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(CONTEXT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('30m')
      .sign(this.#contextKey);
    const courses = (await this.#publishing.catalogue(em)).map((publication) => ({ id: publication.courseId, title: publication.title }));
    return { context: token, courses };
  }

  /** Reads a picker context back; refused when forged or older than 30 minutes. */
  async context(token: string): Promise<PickerContext> {
    try {
      const { payload } = await jwtVerify(token, this.#contextKey, { audience: CONTEXT_AUDIENCE, algorithms: ['HS256'] });
      const { platformId, tenantId, deploymentId, returnUrl, data } = payload;
      if (typeof platformId !== 'string' || typeof tenantId !== 'string' || typeof deploymentId !== 'string' || typeof returnUrl !== 'string')
        throw new Error('incomplete context');
      return { platformId, tenantId, deploymentId, returnUrl, data: typeof data === 'string' ? data : null };
    } catch (error) {
      throw new MiraiError('MIRAI_ERR_LTI_DEEP_LINK_INVALID', 'The course choice expired or was altered; start again from the platform', {
        cause: error,
      });
    }
  }

  /** The signed LtiDeepLinkingResponse for the chosen course (Deep Linking 2.0, 4.2). */
  async response(em: EntityManager, platform: LtiPlatform, context: PickerContext, courseId: string): Promise<string> {
    const { course } = await this.#publishing.publishedCourse(em, courseId);
    const key = await this.#keys.keyFor(em, platform.tenantId);
    const claims: Record<string, unknown> = {
      nonce: randomUUID(),
      [CLAIM.messageType]: 'LtiDeepLinkingResponse',
      [CLAIM.version]: LTI_VERSION,
      [CLAIM.deploymentId]: context.deploymentId,
      [CLAIM.contentItems]: [{ type: 'ltiResourceLink', title: course.title, url: this.#launchUrl, custom: { course_id: course.id } }],
    };
    if (context.data !== null) claims[CLAIM.deepLinkingData] = context.data;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: LTI_ALG, kid: key.kid, typ: 'JWT' })
      .setIssuer(platform.clientId)
      .setAudience(platform.issuer)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key.privateKey);
  }
}
