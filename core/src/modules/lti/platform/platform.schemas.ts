import { Type } from 'typebox';
import { Id, Text } from '../../../http/common.schemas.ts';

const Url = (description: string) => Text({ maxLength: 2048, minLength: 1, pattern: '^https?://[^\\s]+$', description });
const Opaque = (maxLength: number, description: string) => Text({ maxLength, minLength: 1, description });

export const ToolBody = Type.Object(
  {
    name: Text({ maxLength: 200, minLength: 1, description: 'How authors recognise the tool' }),
    loginUrl: Url("The tool's OIDC login initiation URL"),
    launchUrl: Url("The tool's launch (target link / redirect) URL"),
    jwksUrl: Url("The tool's public key set"),
    deepLinkingUrl: Type.Optional(Url("The tool's deep-linking URL (absent: authors cannot pick content from the tool)")),
  },
  { additionalProperties: false },
);

export const PlatformDetails = Type.Object(
  {
    issuer: Type.String({ description: "Mirai's issuer (platform id)" }),
    authorizationUrl: Type.String({ description: 'OIDC authorization endpoint (auth request URL)' }),
    tokenUrl: Type.String({ description: 'OAuth 2 token endpoint (client credentials, JWT assertion)' }),
    jwksUrl: Type.String({ description: "The organisation's public platform keys" }),
  },
  { $id: 'LtiPlatformDetails' },
);

export const ToolView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    clientId: Type.String({ description: 'Issued by Mirai' }),
    deploymentId: Type.String({ description: 'Issued by Mirai' }),
    loginUrl: Type.String(),
    launchUrl: Type.String(),
    jwksUrl: Type.String(),
    deepLinkingUrl: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    platform: PlatformDetails,
  },
  { $id: 'LtiTool' },
);

export const ToolLaunchBody = Type.Object(
  { blockId: Text({ maxLength: 64, minLength: 1, description: 'The external-tool block' }) },
  { additionalProperties: false },
);

export const ToolLaunchView = Type.Object(
  {
    loginUrl: Type.String({ description: "The tool's login initiation with this launch's parameters: open it in a frame or a new tab" }),
    toolName: Type.String(),
  },
  { $id: 'LtiToolLaunch' },
);

export const LessonBlockParams = Type.Object({ id: Id(), lessonId: Id() });
export const LessonParams = Type.Object({ lessonId: Id() });

/** The tool's OIDC auth request (OIDC core 3.1.2.1 as LTI 1.3 fixes it), by query or form. */
export const AuthRequestParams = Type.Object({
  scope: Opaque(200, 'Must include openid'),
  response_type: Opaque(50, 'Must be id_token'),
  response_mode: Type.Optional(Opaque(50, 'Must be form_post')),
  client_id: Opaque(512, 'The client id Mirai issued the tool'),
  redirect_uri: Url('A launch or deep-linking URL the tool registered'),
  login_hint: Opaque(512, 'The person of the launch'),
  lti_message_hint: Type.Optional(Opaque(512, 'The single-use hint of this launch')),
  state: Type.Optional(Opaque(4096, "The tool's state, returned as sent")),
  nonce: Type.Optional(Opaque(512, "The tool's nonce, put in the id_token")),
  prompt: Type.Optional(Opaque(50, 'none')),
  id_token_signed_response_alg: Type.Optional(Opaque(20, 'RS256')),
  lti_deployment_id: Type.Optional(Opaque(512, 'The deployment Mirai issued')),
});

export const TokenBody = Type.Object({
  grant_type: Opaque(100, 'client_credentials'),
  client_assertion_type: Opaque(200, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'),
  client_assertion: Opaque(16_384, 'A JWT signed with the tool key: iss = sub = client id, aud = this endpoint, single-use jti'),
  scope: Opaque(2000, 'Space-separated AGS and NRPS scopes'),
});

export const TokenView = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  scope: Type.String(),
});

export const DeepLinkReturnBody = Type.Object({ JWT: Opaque(65_536, "The tool's signed LtiDeepLinkingResponse") });

export const LineItemView = Type.Object(
  {
    id: Type.String(),
    label: Type.String(),
    scoreMaximum: Type.Number(),
    resourceLinkId: Type.String(),
    resourceId: Type.Optional(Type.String()),
    tag: Type.Optional(Type.String()),
  },
  { $id: 'LtiLineItem' },
);

/** A line item a tool creates (AGS 2.0, 3.2.5, application/vnd.ims.lis.v2.lineitem+json). */
export const NewLineItemBody = Type.Object({
  label: Text({ maxLength: 300, minLength: 1, description: 'How the gradebook names it' }),
  scoreMaximum: Type.Number({ exclusiveMinimum: 0, maximum: 1e9, description: 'Above 0' }),
  resourceLinkId: Opaque(200, 'The resource link (an external-tool block of this tool in this course) it grades'),
  resourceId: Type.Optional(Opaque(256, "The tool's own id for the activity")),
  tag: Type.Optional(Opaque(256, "The tool's own tag")),
  startDateTime: Type.Optional(Opaque(64, 'Accepted, not used')),
  endDateTime: Type.Optional(Opaque(64, 'Accepted, not used')),
});

export const ScoreBody = Type.Object({
  userId: Opaque(512, 'The `sub` of the learner’s launch'),
  scoreGiven: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
  scoreMaximum: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
  activityProgress: Type.Union(['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'].map((value) => Type.Literal(value))),
  gradingProgress: Type.Union(['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'].map((value) => Type.Literal(value))),
  timestamp: Text({ maxLength: 64, minLength: 1, description: 'ISO 8601 time of the score' }),
  comment: Type.Optional(Text({ maxLength: 4000 })),
});

export const MembershipsQuery = Type.Object({
  role: Type.Optional(Opaque(300, 'Only members with this role: `Learner`, `Instructor` or the LIS membership role URI')),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Members per page (100 unless given)' })),
  after: Type.Optional(Type.String({ format: 'uuid', description: 'Paging cursor: follow the `Link: rel="next"` header rather than building it' })),
});

export const MembershipContainerView = Type.Object(
  {
    id: Type.String(),
    context: Type.Object({ id: Type.String(), title: Type.String() }),
    members: Type.Array(Type.Object({ user_id: Type.String(), status: Type.Literal('Active'), roles: Type.Array(Type.String()) })),
  },
  { $id: 'LtiMembershipContainer' },
);
