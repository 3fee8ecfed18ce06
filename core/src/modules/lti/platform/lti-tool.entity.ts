import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** An external LTI 1.3 tool an organisation registered, which Mirai (as the platform) launches from lessons. */
export const LtiToolSchema = defineEntity({
  name: 'LtiTool',
  tableName: 'lti_tool',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    name: p.string(),
    /** Issued by Mirai; unique across the server, so the token endpoint finds the tool by it alone. */
    clientId: p.text(),
    deploymentId: p.text(),
    loginUrl: p.text(),
    launchUrl: p.text(),
    jwksUrl: p.text(),
    deepLinkingUrl: p.text().nullable(),
    createdAt: p.datetime(),
  },
});

/** The AGS line item of one external-tool block: scores posted to it land in the gradebook under the block. */
export const LtiLineItemSchema = defineEntity({
  name: 'LtiLineItem',
  tableName: 'lti_line_item',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    toolId: p.uuid(),
    courseId: p.uuid(),
    lessonId: p.uuid(),
    blockId: p.text(),
    label: p.text(),
    scoreMaximum: p.float(),
    /** Created by the tool through AGS (several per block); false for the block's own, made at its first launch. */
    fromTool: p.boolean(),
    resourceId: p.text().nullable(),
    tag: p.text().nullable(),
    createdAt: p.datetime(),
  },
});

export type LtiTool = InferEntity<typeof LtiToolSchema>;
export type LtiLineItem = InferEntity<typeof LtiLineItemSchema>;
