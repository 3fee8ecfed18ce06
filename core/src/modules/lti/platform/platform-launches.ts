import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ExternalToolBlock } from '@mirai/sdk-plugin';
import { TENANT_FILTER, type TenantFilterParams } from '../../../db/orm.ts';
import { MiraiError } from '../../../errors/mirai-error.ts';
import type { LessonsService } from '../../courses/lessons.service.ts';
import type { AuthContext } from '../../identity/auth-context.ts';
import { hashToken, newToken } from '../../identity/tokens.ts';
import type { EnrolmentsService } from '../../learning/enrolments.service.ts';
import type { PublishingService } from '../../learning/publishing.service.ts';
import type { LtiToolKeys } from '../lti-tool-keys.ts';
import type { LtiTool } from './lti-tool.entity.ts';
import type { LtiToolsService } from './lti-tools.service.ts';
import { type LaunchMessage, signLaunch } from './platform-messages.ts';
import type { PlatformUrls } from './platform-urls.ts';

/** How long a tool has from the lesson's launch to its auth request. */
const HINT_TTL_SECONDS = 300;
/** How long an author may browse the tool before its deep-linking response comes back. */
const RETURN_TTL_SECONDS = 3600;

export interface AuthRequest {
  scope: string;
  response_type: string;
  response_mode?: string | undefined;
  client_id: string;
  redirect_uri: string;
  login_hint: string;
  lti_message_hint?: string | undefined;
  state?: string | undefined;
  nonce?: string | undefined;
  prompt?: string | undefined;
}

export const refuseAuth = (reason: string) =>
  new MiraiError('MIRAI_ERR_LTI_AUTH_INVALID', `The LTI authentication request was refused: ${reason}`, { extensions: { reason } });

const toolBlock = (blocks: ReadonlyArray<{ id: string; type: string }>, blockId: string): ExternalToolBlock => {
  const block = blocks.find((candidate) => candidate.id === blockId);
  if (block === undefined || block.type !== 'external-tool')
    throw new MiraiError('MIRAI_ERR_LTI_TOOL_NOT_FOUND', 'The lesson has no such external-tool block');
  return block as ExternalToolBlock;
};

/**
 * Mirai as the platform: a lesson's launch (or an author's deep-linking request) becomes an OIDC
 * third-party login initiation at the tool, whose auth request comes back here to be answered with
 * a signed id_token. The message hint is single use and bound to the tool and the person.
 */
export class PlatformLaunches {
  readonly #deps: PlatformLaunchDeps;

  constructor(deps: PlatformLaunchDeps) {
    this.#deps = deps;
  }

  /** A learner's launch of an external-tool block of a published lesson they are enrolled in. */
  async learnerLaunch(em: EntityManager, actor: AuthContext, input: { enrolmentId: string; lessonId: string; blockId: string }) {
    const enrolment = await this.#deps.enrolments.own(em, actor, input.enrolmentId);
    const { course, publication } = await this.#deps.publishing.publishedCourse(em, enrolment.courseId);
    const lesson = await this.#deps.publishing.lesson(em, publication, input.lessonId);
    const block = toolBlock(lesson.blocks, input.blockId);
    const tool = await this.#deps.tools.get(em, block.toolId);
    const asked = block.resourceLink?.lineItem;
    const lineItemId = await this.#lineItem(em, tool, {
      courseId: course.id,
      lessonId: input.lessonId,
      blockId: block.id,
      label: asked?.label ?? block.title,
      scoreMaximum: asked?.scoreMaximum ?? 100,
    });
    const message: LaunchMessage = {
      kind: 'resource-link',
      courseId: course.id,
      courseTitle: course.title,
      lessonId: input.lessonId,
      blockId: block.id,
      title: block.resourceLink?.title ?? block.title,
      targetLinkUri: block.resourceLink?.url ?? tool.launchUrl,
      custom: block.resourceLink?.custom ?? {},
      lineItemId,
    };
    return this.#initiation(em, actor, tool, message);
  }

  /** An author's deep-linking request from an external-tool block of a draft lesson. */
  async deepLinking(em: EntityManager, actor: AuthContext, input: { lessonId: string; blockId: string }) {
    const { lesson, current } = await this.#deps.lessons.withContent(em, input.lessonId);
    const block = toolBlock(current?.blocks ?? [], input.blockId);
    const tool = await this.#deps.tools.get(em, block.toolId);
    const deepLinkingUrl = tool.deepLinkingUrl ?? null;
    if (deepLinkingUrl === null) throw new MiraiError('MIRAI_ERR_LTI_TOOL_NO_DEEP_LINKING');
    const course = await this.#deps.publishing.course(em, lesson.courseId);
    const message: LaunchMessage = {
      kind: 'deep-linking',
      courseId: course.id,
      courseTitle: course.title,
      lessonId: lesson.id,
      blockId: block.id,
      targetLinkUri: deepLinkingUrl,
    };
    return this.#initiation(em, actor, tool, message);
  }

  async #initiation(em: EntityManager, actor: AuthContext, tool: LtiTool, message: LaunchMessage) {
    const hint = newToken();
    await em.execute("delete from lti_tool_launch where expires_at < now() - interval '1 hour'");
    await em.execute(
      `insert into lti_tool_launch (hint_hash, tenant_id, tool_id, user_id, message, expires_at) values (?, ?, ?, ?, ?::jsonb, now() + interval '${HINT_TTL_SECONDS} seconds')`,
      [hashToken(hint), actor.tenantId, tool.id, actor.userId, JSON.stringify(message)],
    );
    const login = new URL(tool.loginUrl);
    const params = {
      iss: this.#deps.urls.issuer,
      login_hint: actor.userId,
      target_link_uri: message.targetLinkUri,
      lti_message_hint: hint,
      lti_deployment_id: tool.deploymentId,
      client_id: tool.clientId,
    };
    for (const [name, value] of Object.entries(params)) login.searchParams.set(name, value);
    return { loginUrl: login.toString(), toolName: tool.name };
  }

  /** The block's own line item, made at its first launch (labelled and scaled as Deep Linking asked, if it did). */
  async #lineItem(
    em: EntityManager,
    tool: LtiTool,
    item: { courseId: string; lessonId: string; blockId: string; label: string; scoreMaximum: number },
  ): Promise<string> {
    await em.execute(
      `insert into lti_line_item (id, tenant_id, tool_id, course_id, lesson_id, block_id, label, score_maximum, from_tool, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, false, now()) on conflict (tool_id, course_id, lesson_id, block_id) where not from_tool do nothing`,
      [randomUUID(), tool.tenantId, tool.id, item.courseId, item.lessonId, item.blockId, item.label, item.scoreMaximum],
    );
    const rows = await em.execute<{ id: string }[]>(
      'select id from lti_line_item where tool_id = ? and course_id = ? and lesson_id = ? and block_id = ? and not from_tool',
      [tool.id, item.courseId, item.lessonId, item.blockId],
    );
    const id = rows[0]?.id;
    if (id === undefined) throw new Error('line item vanished');
    return id;
  }

  /**
   * The tool's OIDC auth request (LTI 1.3 core 5.1.1.2; OIDC core 3.1.2.2): a known client id, a
   * redirect URI the tool registered, the parameters LTI fixes, a nonce, and a message hint that
   * is unused, unexpired and was issued to this tool for the `login_hint` person.
   */
  async authorize(em: EntityManager, request: AuthRequest): Promise<{ redirectUri: string; idToken: string; state: string | undefined }> {
    const tool = await this.#deps.tools.byClientId(em, request.client_id);
    if (tool === null) throw refuseAuth('unknown client_id');
    const registered = [tool.launchUrl, tool.deepLinkingUrl].filter((url): url is string => typeof url === 'string');
    if (!request.scope.split(' ').includes('openid')) throw refuseAuth('scope must include openid');
    if (request.response_type !== 'id_token') throw refuseAuth('response_type must be id_token');
    if (request.response_mode !== 'form_post') throw refuseAuth('response_mode must be form_post');
    if (request.prompt !== undefined && request.prompt !== 'none') throw refuseAuth('prompt must be none');
    if (request.nonce === undefined || request.nonce === '') throw refuseAuth('the nonce is missing');
    if (request.lti_message_hint === undefined) throw refuseAuth('lti_message_hint is missing');
    const rows = await em.execute<{ tenant_id: string; user_id: string; message: LaunchMessage }[]>(
      'delete from lti_tool_launch where hint_hash = ? and tool_id = ? and expires_at > now() returning tenant_id, user_id, message',
      [hashToken(request.lti_message_hint), tool.id],
    );
    const row = rows[0];
    if (row === undefined) throw refuseAuth('lti_message_hint is unknown, used, expired or not this tool’s');
    if (row.user_id !== request.login_hint) throw refuseAuth('login_hint is not the person of this launch');
    // The launch's own target counts as registered: Deep Linking chose it within the tool's origin.
    const targets = [...registered, row.message.targetLinkUri];
    if (!targets.includes(request.redirect_uri)) throw refuseAuth('redirect_uri is not registered for this tool');
    em.setFilterParams(TENANT_FILTER, { tenantId: row.tenant_id } satisfies TenantFilterParams);
    let deepLinkData: string | null = null;
    if (row.message.kind === 'deep-linking') {
      deepLinkData = newToken();
      await em.execute(
        `insert into lti_tool_launch (hint_hash, tenant_id, tool_id, user_id, message, expires_at) values (?, ?, ?, ?, ?::jsonb, now() + interval '${RETURN_TTL_SECONDS} seconds')`,
        [hashToken(deepLinkData), row.tenant_id, tool.id, row.user_id, JSON.stringify(row.message)],
      );
    }
    const key = await this.#deps.keys.keyFor(em, tool.tenantId);
    const idToken = await signLaunch(key, this.#deps.urls, tool, { userId: row.user_id, nonce: request.nonce, message: row.message, deepLinkData });
    return { redirectUri: request.redirect_uri, idToken, state: request.state };
  }
}

export interface PlatformLaunchDeps {
  tools: LtiToolsService;
  keys: LtiToolKeys;
  enrolments: EnrolmentsService;
  publishing: PublishingService;
  lessons: LessonsService;
  urls: PlatformUrls;
}
