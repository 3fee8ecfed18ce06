import type { EntityManager } from '@mikro-orm/postgresql';
import type { Block, ExternalToolBlock } from '@mirai/sdk-plugin';
import { jwtVerify } from 'jose';
import { TENANT_FILTER, type TenantFilterParams } from '../../../db/orm.ts';
import { MiraiError } from '../../../errors/mirai-error.ts';
import type { LessonsService } from '../../courses/lessons.service.ts';
import { hashToken } from '../../identity/tokens.ts';
import { CLAIM, LTI_VERSION } from '../lti-claims.ts';
import type { LtiTool } from './lti-tool.entity.ts';
import type { LtiToolsService } from './lti-tools.service.ts';
import type { LaunchMessage } from './platform-messages.ts';
import type { PlatformUrls } from './platform-urls.ts';
import { claimedIssuer, joseRefusal, type ToolKeySets } from './tool-key-sets.ts';

type ResourceLink = NonNullable<ExternalToolBlock['resourceLink']>;

const refuse = (reason: string) =>
  new MiraiError('MIRAI_ERR_LTI_DEEP_LINK_RESPONSE_INVALID', `The deep-linking response was refused: ${reason}`, { extensions: { reason } });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first `ltiResourceLink` of the response, kept only with a URL on one of the tool's registered origins. */
function chosenLink(tool: LtiTool, items: unknown): ResourceLink | null {
  const item = (Array.isArray(items) ? items : []).find((candidate) => isRecord(candidate) && candidate.type === 'ltiResourceLink');
  if (!isRecord(item)) return null;
  const link: ResourceLink = {};
  if (typeof item.url === 'string') {
    const origins = [tool.launchUrl, tool.deepLinkingUrl].filter((url): url is string => typeof url === 'string').map((url) => new URL(url).origin);
    let origin: string;
    try {
      origin = new URL(item.url).origin;
    } catch {
      throw refuse('the content item url is not a URL');
    }
    if (!origins.includes(origin)) throw refuse("the content item url is not on the tool's registered origin");
    link.url = item.url;
  }
  if (typeof item.title === 'string' && item.title !== '') link.title = item.title.slice(0, 300);
  if (isRecord(item.custom)) {
    const custom = Object.entries(item.custom).filter(
      (entry): entry is [string, string] => /^[A-Za-z0-9_.-]{1,100}$/.test(entry[0]) && typeof entry[1] === 'string' && entry[1].length <= 2000,
    );
    if (custom.length > 0) link.custom = Object.fromEntries(custom.slice(0, 30));
  }
  const lineItem = item.lineItem;
  if (isRecord(lineItem)) {
    const { label, scoreMaximum } = lineItem;
    if (typeof scoreMaximum !== 'number' || !(scoreMaximum > 0) || scoreMaximum > 1e9) throw refuse('the line item scoreMaximum is not above 0');
    link.lineItem = { scoreMaximum, ...(typeof label === 'string' && label !== '' ? { label: label.slice(0, 300) } : {}) };
  }
  return link;
}

/**
 * The tool's LtiDeepLinkingResponse at Mirai's return URL (Deep Linking 2.0, 4.5): verified
 * against the tool's JWKS (iss = its client id, aud = Mirai's issuer, fresh, its deployment), tied
 * to the request by the single-use `data`, and the chosen resource link stored in the block.
 */
export class PlatformDeepLinking {
  readonly #deps: { tools: LtiToolsService; keySets: ToolKeySets; lessons: LessonsService; urls: PlatformUrls };

  constructor(deps: { tools: LtiToolsService; keySets: ToolKeySets; lessons: LessonsService; urls: PlatformUrls }) {
    this.#deps = deps;
  }

  async receive(em: EntityManager, jwt: string): Promise<{ courseId: string; lessonId: string; blockId: string; link: ResourceLink | null }> {
    const clientId = claimedIssuer(jwt);
    const tool = clientId === null ? null : await this.#deps.tools.byClientId(em, clientId);
    if (tool === null) throw refuse('the response names no registered tool');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(jwt, this.#deps.keySets.of(tool.jwksUrl), {
        issuer: tool.clientId,
        audience: this.#deps.urls.issuer,
        algorithms: ['RS256', 'RS384', 'RS512'],
        requiredClaims: ['iat', 'exp'],
        maxTokenAge: '10m',
        clockTolerance: 30,
      }));
    } catch (error) {
      throw refuse(joseRefusal(error));
    }
    if (payload[CLAIM.messageType] !== 'LtiDeepLinkingResponse') throw refuse('message type is not LtiDeepLinkingResponse');
    if (payload[CLAIM.version] !== LTI_VERSION) throw refuse('the LTI version is not 1.3.0');
    if (payload[CLAIM.deploymentId] !== tool.deploymentId) throw refuse('the deployment id is not the tool’s');
    const data = payload[CLAIM.deepLinkingData];
    if (typeof data !== 'string') throw refuse('the data of the request is missing');
    const rows = await em.execute<{ tenant_id: string; user_id: string; message: LaunchMessage }[]>(
      'delete from lti_tool_launch where hint_hash = ? and tool_id = ? and expires_at > now() returning tenant_id, user_id, message',
      [hashToken(data), tool.id],
    );
    const request = rows[0]?.message;
    if (rows[0] === undefined || request === undefined || request.kind !== 'deep-linking')
      throw refuse('the request is unknown, answered already or expired');
    em.setFilterParams(TENANT_FILTER, { tenantId: rows[0].tenant_id } satisfies TenantFilterParams);
    const link = chosenLink(tool, payload[CLAIM.contentItems]);
    if (link !== null) await this.#store(em, { lessonId: request.lessonId, blockId: request.blockId, authorId: rows[0].user_id }, link);
    return { courseId: request.courseId, lessonId: request.lessonId, blockId: request.blockId, link };
  }

  /** A new version of the draft lesson with the link in the block (published learners see it after publishing). */
  async #store(
    em: EntityManager,
    { lessonId, blockId, authorId }: { lessonId: string; blockId: string; authorId: string },
    link: ResourceLink,
  ): Promise<void> {
    await em.transactional(async (tx) => {
      const { lesson, current } = await this.#deps.lessons.withContent(tx, lessonId);
      const blocks: Block[] = (current?.blocks ?? []).map((block) =>
        block.id === blockId && block.type === 'external-tool' ? { ...block, resourceLink: link } : block,
      );
      if (!blocks.some((block) => block.id === blockId && block.type === 'external-tool')) throw refuse('the block is no longer in the lesson');
      await this.#deps.lessons.addVersion(tx, lesson, blocks, { source: 'author', authorId }, null);
    });
  }
}
