import { createHash, type KeyObject, randomBytes, sign } from 'node:crypto';

/** What a credential states, frozen at issue. */
export interface BadgeFacts {
  certificateId: string;
  userId: string;
  learnerEmail: string;
  courseId: string;
  courseTitle: string;
  organisationName: string;
  issuedAt: Date;
}

/** Where verifiers find things: the issuer profile (with the public key) and the verification page. */
export interface BadgeUrls {
  issuerId: string;
  achievementId: string;
  verificationUrl: string;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * An Open Badges 3.0 `OpenBadgeCredential` (a W3C Verifiable Credential, data model 2.0). The
 * learner is named by an opaque `urn:uuid` and a salted SHA-256 of their address (an OB 3.0
 * IdentityObject), so the credential proves an address to whoever knows it without publishing it.
 */
export function openBadgeCredential(facts: BadgeFacts, urls: BadgeUrls, salt = randomBytes(16).toString('hex')): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:${facts.certificateId}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `${facts.courseTitle}: certificate of completion`,
    issuer: { id: urls.issuerId, type: ['Profile'], name: facts.organisationName },
    validFrom: facts.issuedAt.toISOString(),
    credentialSubject: {
      id: `urn:uuid:${facts.userId}`,
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityType: 'emailAddress',
          hashed: true,
          identityHash: `sha256$${createHash('sha256')
            .update(facts.learnerEmail + salt)
            .digest('hex')}`,
          salt,
        },
      ],
      achievement: {
        id: urls.achievementId,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: facts.courseTitle,
        description: `Completion of the course "${facts.courseTitle}" offered by ${facts.organisationName}.`,
        criteria: { narrative: 'Completed every lesson of the course and passed every quiz in it.' },
      },
    },
    evidence: [{ id: urls.verificationUrl, type: ['Evidence'], name: 'Verification page (shows whether the certificate was revoked)' }],
  };
}

/**
 * Signs a credential as a VC-JWT (Open Badges 3.0, section 8.2): the payload is the credential with
 * the registered claims `iss`, `sub`, `jti`, `nbf` and `iat` added; EdDSA over Ed25519; `kid` names
 * the key in the issuer profile.
 */
export function signCredentialJwt(credential: Record<string, unknown>, facts: BadgeFacts, urls: BadgeUrls, privateKey: KeyObject): string {
  const header = { alg: 'EdDSA', typ: 'JWT', kid: `${urls.issuerId}#key-1` };
  const seconds = Math.floor(facts.issuedAt.getTime() / 1000);
  const payload = {
    ...credential,
    iss: urls.issuerId,
    sub: `urn:uuid:${facts.userId}`,
    jti: `urn:uuid:${facts.certificateId}`,
    nbf: seconds,
    iat: seconds,
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  return `${signingInput}.${base64url(sign(null, Buffer.from(signingInput), privateKey))}`;
}
