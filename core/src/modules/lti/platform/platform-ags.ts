import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TENANT_FILTER, type TenantFilterParams } from '../../../db/orm.ts';
import { MiraiError } from '../../../errors/mirai-error.ts';
import type { EnrolmentsService } from '../../learning/enrolments.service.ts';
import type { PublishingService } from '../../learning/publishing.service.ts';
import { type LtiLineItem, LtiLineItemSchema, LtiToolSchema } from './lti-tool.entity.ts';
import type { PlatformUrls } from './platform-urls.ts';

/** An AGS score (AGS 2.0, 3.4), as the schema admits it. */
export interface ToolScore {
  userId: string;
  scoreGiven?: number | undefined;
  scoreMaximum?: number | undefined;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
  comment?: string | undefined;
}

export interface LineItemView {
  id: string;
  label: string;
  scoreMaximum: number;
  resourceLinkId: string;
  resourceId?: string;
  tag?: string;
}

/** A line item a tool creates (AGS 2.0, 3.2.5); Mirai needs `resourceLinkId`, as every line item sits under a block. */
export interface NewLineItem {
  label: string;
  scoreMaximum: number;
  resourceLinkId: string;
  resourceId?: string | undefined;
  tag?: string | undefined;
}

const invalidLineItem = (field: string, message: string) =>
  new MiraiError('MIRAI_ERR_LTI_LINE_ITEM_INVALID', `${field}: ${message}`, { fieldErrors: [{ field: `/${field}`, message }] });

/**
 * Assignment and Grade Services with Mirai as the platform: each external-tool block has one line
 * item (made on its first launch); a tool reads its own line items and posts scores, and a fully
 * graded score becomes an attempt of the block in the learner's gradebook.
 */
export class PlatformAgs {
  readonly #deps: { enrolments: EnrolmentsService; publishing: PublishingService; urls: PlatformUrls };

  constructor(deps: { enrolments: EnrolmentsService; publishing: PublishingService; urls: PlatformUrls }) {
    this.#deps = deps;
  }

  view(item: LtiLineItem): LineItemView {
    const resourceId = item.fromTool ? (item.resourceId ?? undefined) : item.blockId;
    return {
      id: this.#deps.urls.lineItemUrlOf(item.id),
      label: item.label,
      scoreMaximum: item.scoreMaximum,
      resourceLinkId: `${item.lessonId}/${item.blockId}`,
      ...(resourceId === undefined ? {} : { resourceId }),
      ...(item.tag === null || item.tag === undefined ? {} : { tag: item.tag }),
    };
  }

  /**
   * A line item the tool creates in a course (context) of its organisation, under one of its own
   * blocks: `resourceLinkId` must name an external-tool block of this tool in the published course.
   */
  async create(em: EntityManager, toolId: string, courseId: string, input: NewLineItem): Promise<LineItemView> {
    const tool = await em.findOne(LtiToolSchema, { id: toolId }, { filters: { tenant: false } });
    if (tool === null) throw new MiraiError('MIRAI_ERR_LTI_TOOL_NOT_FOUND');
    em.setFilterParams(TENANT_FILTER, { tenantId: tool.tenantId } satisfies TenantFilterParams);
    const { publication } = await this.#deps.publishing.publishedCourse(em, courseId);
    const [lessonId, blockId, ...rest] = input.resourceLinkId.split('/');
    const notOurs = () => invalidLineItem('resourceLinkId', 'not a resource link of this tool in this context');
    if (lessonId === undefined || blockId === undefined || rest.length > 0 || !/^[0-9a-f-]{36}$/i.test(lessonId)) throw notOurs();
    const lesson = await this.#deps.publishing.lesson(em, publication, lessonId).catch(() => null);
    const block = lesson?.blocks.find((candidate) => candidate.id === blockId);
    if (block === undefined || block.type !== 'external-tool' || block.toolId !== toolId) throw notOurs();
    const item = em.create(LtiLineItemSchema, {
      id: randomUUID(),
      tenantId: tool.tenantId,
      toolId,
      courseId,
      lessonId,
      blockId,
      label: input.label,
      scoreMaximum: input.scoreMaximum,
      fromTool: true,
      resourceId: input.resourceId ?? null,
      tag: input.tag ?? null,
      createdAt: new Date(),
    });
    await em.flush();
    return this.view(item);
  }

  /** The tool's line items in a course (context). */
  async lineItems(em: EntityManager, toolId: string, courseId: string): Promise<LineItemView[]> {
    const items = await em.find(LtiLineItemSchema, { toolId, courseId }, { filters: { tenant: false }, orderBy: { createdAt: 'asc' } });
    return items.map((item) => this.view(item));
  }

  /** One line item of the tool; another tool's is not found. */
  async lineItem(em: EntityManager, toolId: string, id: string): Promise<LtiLineItem> {
    const item = await em.findOne(LtiLineItemSchema, { id, toolId }, { filters: { tenant: false } });
    if (item === null) throw new MiraiError('MIRAI_ERR_LTI_LINE_ITEM_NOT_FOUND');
    return item;
  }

  /** Records a fully graded score in the gradebook; other progress states are accepted and not recorded. */
  async score(em: EntityManager, toolId: string, lineItemId: string, score: ToolScore): Promise<{ recorded: boolean }> {
    const item = await this.lineItem(em, toolId, lineItemId);
    em.setFilterParams(TENANT_FILTER, { tenantId: item.tenantId } satisfies TenantFilterParams);
    if (score.scoreGiven !== undefined && (score.scoreMaximum === undefined || score.scoreMaximum <= 0))
      throw new MiraiError('MIRAI_ERR_LTI_SCORE_INVALID', 'scoreGiven needs a positive scoreMaximum', {
        fieldErrors: [{ field: '/scoreMaximum', message: 'required with scoreGiven, above 0' }],
      });
    if (score.gradingProgress !== 'FullyGraded' || score.scoreGiven === undefined || score.scoreMaximum === undefined) return { recorded: false };
    const course = await this.#deps.publishing.course(em, item.courseId);
    const percent = Math.round((Math.min(score.scoreGiven, score.scoreMaximum) / score.scoreMaximum) * 100);
    const recorded = await this.#deps.enrolments.recordResultFor(em, { userId: score.userId, courseId: item.courseId }, item.lessonId, {
      blockId: item.blockId,
      correct: percent,
      total: 100,
      passed: percent >= course.passMark,
    });
    if (!recorded)
      throw new MiraiError('MIRAI_ERR_LTI_SCORE_INVALID', 'userId is not a learner enrolled in this course', {
        fieldErrors: [{ field: '/userId', message: 'not enrolled in the line item’s course' }],
      });
    return { recorded: true };
  }
}
