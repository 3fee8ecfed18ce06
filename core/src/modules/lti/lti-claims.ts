/** Claim names and values of LTI 1.3 core, Deep Linking 2.0, AGS 2.0 and NRPS 2.0 (IMS specs, section "Claims"). */
export const CLAIM = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  deepLinkingData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  contentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  agsEndpoint: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  namesRoleService: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
} as const;

export const LTI_VERSION = '1.3.0';
export const MESSAGE_TYPES = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
export const AGS_SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
/** Names and Role Provisioning Services 2.0: the one scope, reading a context's members. */
export const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';

/** Context or institution roles that author in Mirai; every other launch is a learner's. */
const AUTHORING_ROLES = new Set(['Instructor', 'ContentDeveloper', 'Administrator', 'TeachingAssistant']);

/** Maps the LTI roles claim to a Mirai role: a role URI's fragment names it (`…/membership#Instructor`). */
export function miraiRoleOf(roles: unknown): 'author' | 'learner' {
  if (!Array.isArray(roles)) return 'learner';
  const names = roles.filter((role): role is string => typeof role === 'string').map((role) => role.slice(role.lastIndexOf('#') + 1));
  // Sub-roles (`#Instructor#TeachingAssistant`) keep the last part; `membership/Instructor#…` forms are covered by the fragment too.
  return names.some((name) => AUTHORING_ROLES.has(name)) ? 'author' : 'learner';
}

export const objectClaim = (payload: Record<string, unknown>, name: string): Record<string, unknown> => {
  const value = payload[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
};

export const stringClaim = (payload: Record<string, unknown>, name: string): string | undefined => {
  const value = payload[name];
  return typeof value === 'string' ? value : undefined;
};
