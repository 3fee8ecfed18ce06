import { SignJWT } from 'jose';
import { CLAIM, LTI_VERSION } from '../lti-claims.ts';
import { LTI_ALG, type ToolKey } from '../lti-tool-keys.ts';
import type { LtiTool } from './lti-tool.entity.ts';
import type { PlatformUrls } from './platform-urls.ts';

export const LIS_ROLE = {
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
} as const;

/** The AGS scopes Mirai grants: reading line items, creating them (`lineitem`, which also reads) and posting scores. */
export const AGS_SCOPES = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
} as const;

const PLATFORM_CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/tool_platform';
const PRESENTATION_CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation';

/** What a launch in flight remembers between the lesson's request and the tool's auth request. */
export type LaunchMessage =
  | {
      kind: 'resource-link';
      courseId: string;
      courseTitle: string;
      lessonId: string;
      blockId: string;
      title: string;
      targetLinkUri: string;
      custom: Record<string, string>;
      lineItemId: string;
    }
  | { kind: 'deep-linking'; courseId: string; courseTitle: string; lessonId: string; blockId: string; targetLinkUri: string };

/** The launch's id_token (LTI 1.3 core 5.1.2, Deep Linking 2.0 4.4, AGS 2.0 3.1, NRPS 2.0 3.6.1), signed with the organisation's key. */
export function signLaunch(
  key: ToolKey,
  urls: PlatformUrls,
  tool: LtiTool,
  launch: { userId: string; nonce: string; message: LaunchMessage; deepLinkData: string | null },
): Promise<string> {
  const { message } = launch;
  const common: Record<string, unknown> = {
    nonce: launch.nonce,
    azp: tool.clientId,
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: tool.deploymentId,
    [CLAIM.targetLinkUri]: message.targetLinkUri,
    [CLAIM.context]: { id: message.courseId, title: message.courseTitle, type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] },
    [PLATFORM_CLAIM]: { guid: tool.tenantId, name: 'Mirai', product_family_code: 'mirai', version: '1' },
    [CLAIM.namesRoleService]: { context_memberships_url: urls.membershipsUrlOf(message.courseId), service_versions: ['2.0'] },
  };
  const claims: Record<string, unknown> =
    message.kind === 'resource-link'
      ? {
          ...common,
          [CLAIM.messageType]: 'LtiResourceLinkRequest',
          [CLAIM.roles]: [LIS_ROLE.learner],
          [CLAIM.resourceLink]: { id: `${message.lessonId}/${message.blockId}`, title: message.title },
          [CLAIM.custom]: message.custom,
          // The app opens tools in a new tab (its CSP frames only the content origin).
          [PRESENTATION_CLAIM]: { document_target: 'window' },
          [CLAIM.agsEndpoint]: {
            scope: [AGS_SCOPES.lineItem, AGS_SCOPES.lineItemReadOnly, AGS_SCOPES.score],
            lineitems: urls.lineItemsUrlOf(message.courseId),
            lineitem: urls.lineItemUrlOf(message.lineItemId),
          },
        }
      : {
          ...common,
          [CLAIM.messageType]: 'LtiDeepLinkingRequest',
          [CLAIM.roles]: [LIS_ROLE.instructor],
          [CLAIM.deepLinkingSettings]: {
            deep_link_return_url: urls.deepLinkReturnUrl,
            accept_types: ['ltiResourceLink'],
            accept_presentation_document_targets: ['iframe', 'window'],
            accept_multiple: false,
            accept_lineitem: true,
            data: launch.deepLinkData,
          },
        };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: LTI_ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(urls.issuer)
    .setAudience(tool.clientId)
    .setSubject(launch.userId)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key.privateKey);
}
