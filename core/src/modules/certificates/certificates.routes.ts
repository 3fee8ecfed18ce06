import { Type } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { Id, IdParams, problems, Text } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { MANAGER_ROLES } from '../identity/roles.ts';
import type { Certificate } from './certificate.entity.ts';
import { certificatePdf } from './certificate-pdf.ts';
import type { CertificatesService } from './certificates.service.ts';

const Revocation = {
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revocationReason: Type.Union([Type.String(), Type.Null()]),
};
const CertificateView = Type.Object({
  id: Type.String(),
  enrolmentId: Type.String(),
  courseId: Type.String(),
  learnerEmail: Type.String(),
  courseTitle: Type.String(),
  organisationName: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  ...Revocation,
  verificationUrl: Type.String({ description: 'The public page that confirms the certificate (or says it was revoked)' }),
});
const PublicCertificateView = Type.Object({
  id: Type.String(),
  status: Type.Enum(['valid', 'revoked']),
  learner: Type.String({ description: 'The learner’s address, partly masked' }),
  courseTitle: Type.String(),
  organisationName: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  ...Revocation,
  issuer: Type.String({ description: 'The issuer profile with the organisation’s public key' }),
});
const pdfResponse = { description: 'The certificate as a PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } };

/** "someone@example.org" → "s*****e@example.org": enough to recognise, not to harvest. */
function masked(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const shown = local.length <= 2 ? `${local.slice(0, 1)}*` : `${local.slice(0, 1)}${'*'.repeat(local.length - 2)}${local.slice(-1)}`;
  return `${shown}@${domain}`;
}

export async function certificatesRoutes(app: TypedApp, options: { certificates: CertificatesService }): Promise<void> {
  const { certificates } = options;
  const tags = ['certificates'];
  const view = (c: Certificate) => ({
    id: c.id,
    enrolmentId: c.enrolmentId,
    courseId: c.courseId,
    learnerEmail: c.learnerEmail,
    courseTitle: c.courseTitle,
    organisationName: c.organisationName,
    issuedAt: c.issuedAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revocationReason: c.revocationReason ?? null,
    verificationUrl: certificates.verificationUrl(c.id),
  });
  const standing = (c: Certificate) => {
    if (c.revokedAt !== null && c.revokedAt !== undefined) throw new MiraiError('MIRAI_ERR_CERTIFICATE_REVOKED');
    return c;
  };

  app.post(
    '/v1/enrolments/:id/certificate',
    {
      preHandler: requireAuth(),
      schema: {
        tags,
        summary: 'The certificate of your completed enrolment (issued and signed on first request; the same one afterwards)',
        params: IdParams,
        response: { 200: CertificateView, ...problems(401, 404, 409) },
      },
    },
    async (request) => view(await certificates.issue(request.em, authOf(request), request.params.id)),
  );

  app.get(
    '/v1/certificates',
    {
      preHandler: requireAuth(...MANAGER_ROLES),
      schema: {
        tags,
        summary: 'Certificates issued by the organisation',
        response: { 200: Type.Object({ items: Type.Array(CertificateView) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ items: (await certificates.list(request.em, authOf(request))).map(view) }),
  );

  app.get(
    '/v1/certificates/:id/pdf',
    {
      preHandler: requireAuth(),
      schema: {
        tags,
        summary: 'Download the certificate as a PDF (its learner, owners and admins)',
        params: IdParams,
        response: { 200: pdfResponse, ...problems(401, 404, 410) },
      },
    },
    async (request, reply) => {
      const certificate = standing(await certificates.forViewer(request.em, authOf(request), request.params.id));
      const pdf = await certificatePdf(certificate, certificates.verificationUrl(certificate.id));
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="certificate-${certificate.id}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );

  app.get(
    '/v1/certificates/:id/credential',
    {
      preHandler: requireAuth(),
      schema: {
        tags,
        summary: 'The Open Badges 3.0 credential of the certificate, a VC-JWT signed with the organisation’s Ed25519 key',
        params: IdParams,
        response: {
          200: Type.Object({ format: Type.Literal('vc+jwt'), jwt: Type.String(), issuer: Type.String({ description: 'Where the public key is' }) }),
          ...problems(401, 404, 410),
        },
      },
    },
    async (request) => {
      const certificate = standing(await certificates.forViewer(request.em, authOf(request), request.params.id));
      return { format: 'vc+jwt' as const, jwt: certificate.credentialJwt, issuer: certificates.issuerId(certificate.tenantId) };
    },
  );

  app.post(
    '/v1/certificates/:id/revoke',
    {
      preHandler: requireAuth(...MANAGER_ROLES),
      schema: {
        tags,
        summary: 'Revoke a certificate; its verification page says so from now on',
        params: IdParams,
        body: Type.Object({ reason: Text({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: CertificateView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => view(await certificates.revoke(request.em, authOf(request), request.params.id, request.body.reason.trim())),
  );

  app.get(
    '/v1/public/certificates/:id',
    {
      schema: {
        tags,
        summary: 'Verify a certificate by id (public)',
        params: IdParams,
        response: { 200: PublicCertificateView, ...problems(400, 404) },
      },
    },
    async (request) => {
      const c = await certificates.verify(request.em, request.params.id);
      const revoked = c.revokedAt !== null && c.revokedAt !== undefined;
      return {
        id: c.id,
        status: revoked ? ('revoked' as const) : ('valid' as const),
        learner: masked(c.learnerEmail),
        courseTitle: c.courseTitle,
        organisationName: c.organisationName,
        issuedAt: c.issuedAt.toISOString(),
        revokedAt: c.revokedAt?.toISOString() ?? null,
        revocationReason: c.revocationReason ?? null,
        issuer: certificates.issuerId(c.tenantId),
      };
    },
  );

  app.get(
    '/v1/public/issuers/:tenantId',
    {
      schema: {
        tags,
        summary: 'An organisation’s Open Badges issuer profile with its Ed25519 public key (JWK), for verifiers (public)',
        params: Type.Object({ tenantId: Id() }),
        response: { 200: Type.Object({}, { additionalProperties: true }), ...problems(400, 404) },
      },
    },
    async (request) => certificates.issuerProfile(request.em, request.params.tenantId),
  );
}
