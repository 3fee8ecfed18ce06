import { Type } from 'typebox';
import { Id, Text } from '../../http/common.schemas.ts';

/**
 * Statements arrive as xAPI JSON whose rules (exactly one agent identifier, score ranges, objects
 * that change shape with objectType, IRIs) `statement-rules.ts` checks with xAPI's own wording,
 * so the route schema only says it is a statement or an array of them.
 */
export const StatementsBody = Type.Unknown({ description: 'An xAPI 1.0.3 Statement, or an array of Statements (POST)' });

const Iri = (description: string) => Text({ maxLength: 2048, description });

export const StatementsQuery = Type.Object(
  {
    statementId: Type.Optional(Id({ description: 'One statement (not voided); with PUT, the id of the statement sent' })),
    voidedStatementId: Type.Optional(Id({ description: 'One voided statement' })),
    agent: Type.Optional(Text({ maxLength: 4096, description: 'JSON Agent or Group: statements whose actor or object it is' })),
    verb: Type.Optional(Iri('Verb id')),
    activity: Type.Optional(Iri('Activity id of the object')),
    registration: Type.Optional(Id()),
    since: Type.Optional(Text({ maxLength: 64, description: 'Stored after this ISO 8601 timestamp' })),
    until: Type.Optional(Text({ maxLength: 64, description: 'Stored at or before this ISO 8601 timestamp' })),
    limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'At most this many (0 or above 100: 100)' })),
    ascending: Type.Optional(Type.Boolean()),
    format: Type.Optional(Type.Enum(['exact'], { description: 'Only `exact` (statements as stored) is offered' })),
    attachments: Type.Optional(Type.Literal(false, { description: 'Attachments are not served as multipart' })),
    cursor: Type.Optional(Text({ maxLength: 512, description: 'From a `more` link' })),
  },
  { additionalProperties: false },
);

export const StatementIds = Type.Array(Type.String({ format: 'uuid' }));

export const StatementResult = Type.Object({
  statements: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  more: Type.String({ description: 'Path of the next page; empty on the last' }),
});

export const StatementOrResult = Type.Union([StatementResult, Type.Record(Type.String(), Type.Unknown())]);

export const AboutView = Type.Object({ version: Type.Array(Type.String()), extensions: Type.Record(Type.String(), Type.Unknown()) });

export const CredentialBody = Type.Object(
  { name: Text({ minLength: 1, maxLength: 200, description: 'Who uses it, e.g. the authoring tool' }) },
  { additionalProperties: false },
);

export const CredentialView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  key: Type.String({ description: 'The Basic user name' }),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const IssuedCredentialView = Type.Object({
  ...CredentialView.properties,
  secret: Type.String({ description: 'The Basic password; shown only now' }),
  endpoint: Type.String({ description: 'The LRS endpoint to configure in the client' }),
});

const DocumentQueryFields = {
  agent: Text({ maxLength: 4096, description: 'JSON Agent' }),
  since: Type.Optional(Text({ maxLength: 64, description: 'Only ids of documents updated after this (list)' })),
};

export const StateQuery = Type.Object(
  { activityId: Iri('Activity id'), ...DocumentQueryFields, registration: Type.Optional(Id()), stateId: Type.Optional(Text({ maxLength: 2048 })) },
  { additionalProperties: false },
);

export const AgentProfileQuery = Type.Object(
  { ...DocumentQueryFields, profileId: Type.Optional(Text({ maxLength: 2048 })) },
  { additionalProperties: false },
);

/** State and Agent Profile documents are any media type (JSON for cmi5's LMS.LaunchData and cmi5LearnerPreferences), so their bodies are raw bytes. */
export const DocumentBodySchema = Type.Unknown({ description: 'The document, of any media type' });
