import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** An LTI 1.3 platform (Moodle, Canvas, another Mirai) an organisation lets launch Mirai as a tool. */
export const LtiPlatformSchema = defineEntity({
  name: 'LtiPlatform',
  tableName: 'lti_platform',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    name: p.string(),
    /** `iss` of the platform's id_tokens; with `clientId` it names the registration across organisations. */
    issuer: p.text(),
    clientId: p.text(),
    deploymentIds: p.json<string[]>(),
    authLoginUrl: p.text(),
    jwksUrl: p.text(),
    tokenUrl: p.text(),
    createdAt: p.datetime(),
  },
});

/** The organisation's RSA key for what Mirai signs as a tool (deep-linking responses, AGS client assertions). */
export const LtiToolKeySchema = defineEntity({
  name: 'LtiToolKey',
  tableName: 'lti_tool_key',
  properties: {
    tenantId: p.uuid().primary(),
    kid: p.string(),
    publicJwk: p.json<{ kty: string; n: string; e: string; kid: string; alg: string; use: string }>(),
    privateKeySealed: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type LtiPlatform = InferEntity<typeof LtiPlatformSchema>;
