import { Type } from 'typebox';
import { Id, Text } from '../../http/common.schemas.ts';

const Url = (description: string) => Text({ maxLength: 2048, minLength: 1, pattern: '^https?://[^\\s]+$', description });
const Opaque = (maxLength: number, description: string) => Text({ maxLength, minLength: 1, description });

export const PlatformBody = Type.Object(
  {
    name: Text({ maxLength: 200, minLength: 1, description: 'How admins recognise the platform' }),
    issuer: Opaque(2048, "The platform's issuer (`iss` of its id_tokens)"),
    clientId: Opaque(512, 'The client id the platform gave Mirai'),
    deploymentIds: Type.Array(Opaque(512, 'A deployment id'), { minItems: 1, maxItems: 50 }),
    authLoginUrl: Url("The platform's OIDC authorisation endpoint"),
    jwksUrl: Url("The platform's public key set"),
    tokenUrl: Url("The platform's OAuth 2 token endpoint (for grade passback)"),
  },
  { additionalProperties: false },
);

export const ToolUrls = Type.Object(
  {
    loginUrl: Type.String({ description: 'OIDC login initiation URL to give the platform' }),
    launchUrl: Type.String({ description: 'Target link / redirect URI, also the deep-linking URL' }),
    jwksUrl: Type.String({ description: "The organisation's public tool keys" }),
  },
  { $id: 'LtiToolUrls' },
);

export const PlatformView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    issuer: Type.String(),
    clientId: Type.String(),
    deploymentIds: Type.Array(Type.String()),
    authLoginUrl: Type.String(),
    jwksUrl: Type.String(),
    tokenUrl: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    tool: ToolUrls,
  },
  { $id: 'LtiPlatform' },
);

/** OIDC third-party login initiation parameters (LTI 1.3 core 5.1.1), by query or form. */
export const LoginInitiation = Type.Object({
  iss: Opaque(2048, 'Issuer of the platform'),
  login_hint: Opaque(4096, 'Opaque to Mirai; returned to the platform'),
  target_link_uri: Url('Where the launch should end up; must be a URL of this Mirai'),
  lti_message_hint: Type.Optional(Opaque(4096, 'Opaque to Mirai; returned to the platform')),
  lti_deployment_id: Type.Optional(Opaque(512, 'Deployment the launch is for')),
  client_id: Type.Optional(Opaque(512, 'Client id of Mirai at the platform')),
});

export const LaunchBody = Type.Object({
  id_token: Opaque(65_536, "The platform's signed id_token"),
  state: Opaque(512, 'The state Mirai sent in the auth request'),
});

export const DeepLinkChoiceBody = Type.Object({
  context: Opaque(8192, 'The picker context Mirai signed'),
  course_id: Id({ description: 'The chosen course' }),
});

export const HandoffBody = Type.Object({ code: Opaque(512, 'The code of the launch redirect') }, { additionalProperties: false });

export const HandoffView = Type.Object({
  token: Type.String({ description: 'A session token for the launched person' }),
  expiresAt: Type.String({ format: 'date-time' }),
  organisationId: Type.String({ format: 'uuid' }),
  path: Type.String({ description: 'Where in the app the launch goes (e.g. /learn/<courseId>)' }),
});

const RsaJwk = Type.Object({ kty: Type.String(), n: Type.String(), e: Type.String(), kid: Type.String(), alg: Type.String(), use: Type.String() });

export const JwksView = Type.Object({ keys: Type.Array(RsaJwk) });

export const HtmlPage = Type.String({ description: 'An HTML page (auto-submitting form or course picker)' });

export const RosterContextView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    platformId: Type.String({ format: 'uuid' }),
    platformName: Type.String(),
    contextId: Type.String({ description: "The platform's context id" }),
    title: Type.String({ description: "The platform's context title" }),
    courseId: Type.String({ format: 'uuid', description: 'The Mirai course its launches open; synced learners are enrolled in it' }),
    membershipsUrl: Type.String({ description: "The platform's NRPS membership service for this context" }),
    lastSyncedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'LtiRosterContext' },
);

export const RosterSyncView = Type.Object(
  {
    contextId: Type.String({ format: 'uuid' }),
    courseId: Type.String({ format: 'uuid' }),
    members: Type.Integer({ description: 'Active members the platform listed' }),
    added: Type.Integer({ description: 'People who joined the organisation by this sync' }),
    enrolled: Type.Integer({ description: 'Learners newly enrolled in the course' }),
    refusedForSeats: Type.Integer({ description: 'Newcomers left out: the plan has no free seat' }),
    pages: Type.Integer(),
    truncated: Type.Boolean({ description: 'The roster was longer than one sync reads (50 pages, 10,000 members)' }),
  },
  { $id: 'LtiRosterSync' },
);
