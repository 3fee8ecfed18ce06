import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * A certificate of completion of one enrolment: what it says is frozen at issue (course title,
 * organisation, learner), with the signed Open Badges credential. Revocation keeps the row and
 * says so publicly. Scoped by `tenantId` explicitly in every query (verified publicly by id).
 */
export const CertificateSchema = defineEntity({
  name: 'Certificate',
  tableName: 'certificate',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    enrolmentId: p.uuid().unique(),
    userId: p.uuid(),
    courseId: p.uuid(),
    learnerEmail: p.string(),
    courseTitle: p.string(),
    organisationName: p.string(),
    issuedAt: p.datetime(),
    /** The Open Badges 3.0 credential as a VC-JWT (EdDSA over Ed25519), signed with the organisation's key. */
    credentialJwt: p.text(),
    revokedAt: p.datetime().nullable(),
    revocationReason: p.string().nullable(),
  },
});

export type Certificate = InferEntity<typeof CertificateSchema>;

/** An organisation's Ed25519 key for signing credentials; the private half sealed under the instance key. */
export const SigningKeySchema = defineEntity({
  name: 'SigningKey',
  tableName: 'organisation_signing_key',
  properties: {
    tenantId: p.uuid().primary(),
    publicKeyX: p.string(),
    privateKeySealed: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type SigningKey = InferEntity<typeof SigningKeySchema>;
