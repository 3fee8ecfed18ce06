import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import { courseRecords } from '../courses/course-records.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import { identityRecords } from '../identity/identity-records.ts';
import { MANAGER_ROLES } from '../identity/roles.ts';
import { learningRecords } from '../learning/learning-records.ts';
import { type Certificate, CertificateSchema } from './certificate.entity.ts';
import { type BadgeFacts, type BadgeUrls, openBadgeCredential, signCredentialJwt } from './open-badge.ts';
import type { SigningKeys } from './signing-keys.ts';

const NO_TENANT_FILTER = { filters: { tenant: false } } as const;

/**
 * Certificates of completion. A completed enrolment earns one, issued (frozen and signed) the first
 * time it is asked for; asking again returns the same one. Learners see their own, owners and admins
 * every one of their organisation and may revoke; anyone may verify one by id.
 */
export class CertificatesService {
  readonly #keys: SigningKeys;
  readonly #publicUrl: string;
  readonly #appUrl: string;

  constructor(options: { keys: SigningKeys; publicUrl: string; appUrl: string }) {
    this.#keys = options.keys;
    this.#publicUrl = options.publicUrl;
    this.#appUrl = options.appUrl;
  }

  issuerId(tenantId: string): string {
    return `${this.#publicUrl}/v1/public/issuers/${tenantId}`;
  }

  verificationUrl(id: string): string {
    return `${this.#appUrl}/certificates/${id}`;
  }

  #urls(facts: BadgeFacts, tenantId: string): BadgeUrls {
    return {
      issuerId: this.issuerId(tenantId),
      achievementId: `urn:uuid:${facts.courseId}`,
      verificationUrl: this.verificationUrl(facts.certificateId),
    };
  }

  /** The learner's certificate for their own completed enrolment, issued now if it was not yet. */
  async issue(em: EntityManager, actor: AuthContext, enrolmentId: string): Promise<Certificate> {
    const enrolment = await learningRecords.enrolment(em, { id: enrolmentId, tenantId: actor.tenantId, userId: actor.userId });
    if (enrolment === null) throw new MiraiError('MIRAI_ERR_ENROLMENT_NOT_FOUND');
    const existing = await em.findOne(CertificateSchema, { enrolmentId, tenantId: actor.tenantId });
    if (existing !== null) return existing;
    if (enrolment.completedAt === null) throw new MiraiError('MIRAI_ERR_CERTIFICATE_NOT_EARNED');
    const [course, tenant, user] = await Promise.all([
      courseRecords.courseOrFail(em, enrolment.courseId),
      identityRecords.tenantOrFail(em, actor.tenantId),
      identityRecords.userOrFail(em, actor.userId),
    ]);
    const facts: BadgeFacts = {
      certificateId: randomUUID(),
      userId: user.id,
      learnerEmail: user.email,
      courseId: course.id,
      courseTitle: course.title,
      organisationName: tenant.name,
      issuedAt: new Date(),
    };
    const urls = this.#urls(facts, actor.tenantId);
    const key = await this.#keys.keyFor(em, actor.tenantId);
    const jwt = signCredentialJwt(openBadgeCredential(facts, urls), facts, urls, key.privateKey);
    // One per enrolment: two first requests at once both insert, the second does nothing, both read the first.
    await em.execute(
      `insert into certificate (id, tenant_id, enrolment_id, user_id, course_id, learner_email, course_title, organisation_name, issued_at, credential_jwt)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (enrolment_id) do nothing`,
      [facts.certificateId, actor.tenantId, enrolmentId, user.id, course.id, user.email, course.title, tenant.name, facts.issuedAt, jwt],
    );
    return em.findOneOrFail(CertificateSchema, { enrolmentId, tenantId: actor.tenantId }, { refresh: true });
  }

  /** One certificate as its learner or a manager of its organisation sees it; 404 for anyone else. */
  async forViewer(em: EntityManager, actor: AuthContext, id: string): Promise<Certificate> {
    const certificate = await em.findOne(CertificateSchema, { id, tenantId: actor.tenantId });
    if (certificate === null || (certificate.userId !== actor.userId && !MANAGER_ROLES.includes(actor.role)))
      throw new MiraiError('MIRAI_ERR_CERTIFICATE_NOT_FOUND');
    return certificate;
  }

  async list(em: EntityManager, actor: AuthContext): Promise<Certificate[]> {
    return em.find(CertificateSchema, { tenantId: actor.tenantId }, { orderBy: { issuedAt: 'desc' } });
  }

  /** Revokes once; the first reason and time stand. */
  async revoke(em: EntityManager, actor: AuthContext, id: string, reason: string): Promise<Certificate> {
    const certificate = await this.forViewer(em, actor, id);
    await em.nativeUpdate(CertificateSchema, { id, tenantId: actor.tenantId, revokedAt: null }, { revokedAt: new Date(), revocationReason: reason });
    return em.findOneOrFail(CertificateSchema, { id: certificate.id, tenantId: actor.tenantId }, { refresh: true });
  }

  /** Anyone with the id: the certificate's facts and whether it stands. */
  async verify(em: EntityManager, id: string): Promise<Certificate> {
    const certificate = await em.findOne(CertificateSchema, { id }, NO_TENANT_FILTER);
    if (certificate === null) throw new MiraiError('MIRAI_ERR_CERTIFICATE_NOT_FOUND');
    return certificate;
  }

  /** The issuer profile verifiers resolve `iss` and `kid` to: the organisation's name and public key. */
  async issuerProfile(em: EntityManager, tenantId: string) {
    const tenant = await identityRecords.tenant(em, tenantId);
    const jwk = tenant === null ? null : await this.#keys.publicJwk(em, tenantId);
    if (tenant === null || jwk === null) throw new MiraiError('MIRAI_ERR_CERTIFICATE_NOT_FOUND', 'No issuer with this id');
    const id = this.issuerId(tenantId);
    return {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id,
      type: ['Profile'],
      name: tenant.name,
      verificationMethod: [{ id: `${id}#key-1`, type: 'JsonWebKey', controller: id, publicKeyJwk: jwk }],
    };
  }
}
