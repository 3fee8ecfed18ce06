import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** HTTP Basic credentials an organisation issues to an xAPI client; only a hash of the secret is kept. */
export const XapiCredentialSchema = defineEntity({
  name: 'XapiCredential',
  tableName: 'xapi_credential',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    name: p.string(),
    /** The Basic user name; unique across organisations, so it alone finds the credential. */
    key: p.string(),
    secretHash: p.string(),
    createdBy: p.uuid(),
    createdAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
  },
});

/** A stored statement as the LRS returns it, with the columns queries filter on. */
export const XapiStatementSchema = defineEntity({
  name: 'XapiStatement',
  tableName: 'xapi_statement',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    statementId: p.uuid(),
    statement: p.json<Record<string, unknown>>(),
    /** SHA-256 of the statement as sent, without the properties the LRS sets: equal hashes are the same statement. */
    contentHash: p.string(),
    verbId: p.text(),
    actorKey: p.text(),
    objectAgentKey: p.text().nullable(),
    activityId: p.text().nullable(),
    registration: p.uuid().nullable(),
    voided: p.boolean(),
    /** For a voiding statement: the statement it voids. */
    voidsStatementId: p.uuid().nullable(),
    stored: p.datetime(),
    /** Statements of one batch share `stored`; their order in the batch orders them among themselves. */
    batchPosition: p.integer(),
    credentialId: p.uuid(),
  },
});

/** A State or Agent Profile document: opaque bytes of any media type, base64 in a text column. */
export const XapiDocumentSchema = defineEntity({
  name: 'XapiDocument',
  tableName: 'xapi_document',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    kind: p.enum(['state', 'agent-profile'] as const),
    /** Empty for agent profiles. */
    activityId: p.text(),
    agentKey: p.text(),
    /** Empty when the state has no registration. */
    registration: p.string(),
    documentId: p.text(),
    contentType: p.string(),
    contentBase64: p.text(),
    etag: p.string(),
    updatedAt: p.datetime(),
  },
});

export type XapiCredential = InferEntity<typeof XapiCredentialSchema>;
export type XapiStatement = InferEntity<typeof XapiStatementSchema>;
export type XapiDocument = InferEntity<typeof XapiDocumentSchema>;
