import { createPublicKey, verify } from 'node:crypto';
import { importJWK, jwtVerify } from 'jose';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { authoredCourse, joinAs } from '../learning/testing/learning-fixture.ts';

let t: TestServer;
let owner: SignedUp;
let learner: SignedUp;
let enrolmentId: string;
let lastLessonId: string;

const PUBLIC_URL = 'https://api.example';

/** A learner who completed the two-lesson fixture course (passing its quiz). */
beforeAll(async () => {
  t = await startTestServer({ MIRAI_PUBLIC_URL: PUBLIC_URL, MIRAI_APP_URL: 'https://app.example' });
  owner = await t.signup('owner@certs.example', 'Safe Lifting Ltd');
  learner = await joinAs(t, owner, 'learner@certs.example', 'learner');
  const course = await authoredCourse(t, owner);
  lastLessonId = course.lessonIds[1];
  await t.inject({ method: 'POST', url: `/v1/courses/${course.courseId}/publish`, headers: owner.auth });
  enrolmentId = (await t.inject({ method: 'POST', url: `/v1/courses/${course.courseId}/enrolments`, headers: learner.auth })).json().id;
  const lesson = (index: 0 | 1) => `/v1/enrolments/${enrolmentId}/lessons/${course.lessonIds[index]}`;
  const answers = [
    { questionId: 'q1', choiceIndex: 1 },
    { questionId: 'q2', choiceIndex: 0 },
  ];
  await t.inject({ method: 'POST', url: `${lesson(0)}/quiz-attempts`, headers: learner.auth, payload: { blockId: 'check', answers } });
  await t.inject({ method: 'PUT', url: `${lesson(0)}/progress`, headers: learner.auth, payload: { completed: true } });
}, 180_000);
afterAll(() => t?.close());

const issue = (who: SignedUp) => t.inject({ method: 'POST', url: `/v1/enrolments/${enrolmentId}/certificate`, headers: who.auth });
const completeLastLesson = async () => {
  const response = await t.inject({
    method: 'PUT',
    url: `/v1/enrolments/${enrolmentId}/lessons/${lastLessonId}/progress`,
    headers: learner.auth,
    payload: { completed: true },
  });
  expect(response.json().completedAt).toEqual(expect.any(String));
};

function decodeSegment(segment: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8'));
}

describe('certificates', () => {
  let certificateId: string;
  let jwt: string;

  it('is earned by completing the course, once per enrolment', async () => {
    expect((await issue(learner)).json().code).toBe('MIRAI_ERR_CERTIFICATE_NOT_EARNED');
    await completeLastLesson();
    const [first, second] = await Promise.all([issue(learner), issue(learner)]);
    expect(first?.json()).toMatchObject({
      learnerEmail: 'learner@certs.example',
      courseTitle: 'Lifting safely',
      organisationName: 'Safe Lifting Ltd',
      revokedAt: null,
    });
    certificateId = first?.json().id;
    expect(second?.json().id).toBe(certificateId);
    expect(first?.json().verificationUrl).toBe(`https://app.example/certificates/${certificateId}`);
    // Nobody else's enrolment: the owner has none here.
    expect((await issue(owner)).statusCode).toBe(404);
  });

  it('downloads as a one-page PDF naming the learner, the course and where to verify it', async () => {
    const response = await t.inject({ method: 'GET', url: `/v1/certificates/${certificateId}/pdf`, headers: learner.auth });
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = await PDFDocument.load(response.rawPayload);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe('Certificate: Lifting safely');
    const stranger = await t.signup('stranger@certs.example');
    expect((await t.inject({ method: 'GET', url: `/v1/certificates/${certificateId}/pdf`, headers: stranger.auth })).statusCode).toBe(404);
  });

  it('carries an Open Badges 3.0 credential that verifies with the organisation’s Ed25519 key', async () => {
    const credential = (await t.inject({ method: 'GET', url: `/v1/certificates/${certificateId}/credential`, headers: learner.auth })).json();
    jwt = credential.jwt;
    const issuerId = `${PUBLIC_URL}/v1/public/issuers/${owner.tenantId}`;
    expect(credential.issuer).toBe(issuerId);
    const profile = (await t.inject({ method: 'GET', url: `/v1/public/issuers/${owner.tenantId}` })).json();
    const method = profile.verificationMethod[0];
    expect(method).toMatchObject({ id: `${issuerId}#key-1`, controller: issuerId, publicKeyJwk: { kty: 'OKP', crv: 'Ed25519' } });

    // jose, an independent JOSE implementation: signature, algorithm, issuer, subject and dates.
    const key = await importJWK(method.publicKeyJwk, 'EdDSA');
    const { payload, protectedHeader } = await jwtVerify(jwt, key, {
      issuer: issuerId,
      subject: `urn:uuid:${learner.userId}`,
      algorithms: ['EdDSA'],
    });
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: `${issuerId}#key-1` });
    expect(payload).toMatchObject({
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: issuerId, name: 'Safe Lifting Ltd' },
      jti: `urn:uuid:${certificateId}`,
      credentialSubject: { id: `urn:uuid:${learner.userId}`, achievement: { name: 'Lifting safely' } },
    });
    const validFrom = Date.parse(String(payload.validFrom));
    expect(payload.nbf).toBe(Math.floor(validFrom / 1000));
    expect(validFrom).toBeLessThanOrEqual(Date.now());
    // The learner's address is only hashed (salted) in the credential.
    expect(jwt.length > 0 && !JSON.stringify(payload).includes('learner@certs.example')).toBe(true);

    // A tampered copy (another achievement name, re-encoded, same signature) does not verify.
    const [header, body, signature] = jwt.split('.');
    const forged = decodeSegment(body);
    (forged.credentialSubject as { achievement: { name: string } }).achievement.name = 'Brain surgery';
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    await expect(jwtVerify(tampered, key, { issuer: issuerId })).rejects.toThrow(/signature/);
    // And node:crypto's Ed25519 verifier agrees on both.
    const publicKey = createPublicKey({ key: method.publicKeyJwk, format: 'jwk' });
    const check = (token: string) => {
      const [h, p, s] = token.split('.');
      return verify(null, Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s ?? '', 'base64url'));
    };
    expect([check(jwt), check(tampered)]).toEqual([true, false]);
  });

  it('verifies publicly by id, and says so once an admin revokes it', async () => {
    const verifyPublicly = async () => (await t.inject({ method: 'GET', url: `/v1/public/certificates/${certificateId}` })).json();
    expect(await verifyPublicly()).toMatchObject({
      status: 'valid',
      learner: 'l*****r@certs.example',
      courseTitle: 'Lifting safely',
      revokedAt: null,
    });
    const byLearner = await t.inject({
      method: 'POST',
      url: `/v1/certificates/${certificateId}/revoke`,
      headers: learner.auth,
      payload: { reason: 'no' },
    });
    expect(byLearner.statusCode).toBe(403);
    const revoked = await t.inject({
      method: 'POST',
      url: `/v1/certificates/${certificateId}/revoke`,
      headers: owner.auth,
      payload: { reason: 'Quiz answers were shared' },
    });
    expect(revoked.json()).toMatchObject({ revokedAt: expect.any(String), revocationReason: 'Quiz answers were shared' });
    expect(await verifyPublicly()).toMatchObject({ status: 'revoked', revocationReason: 'Quiz answers were shared' });
    expect((await t.inject({ method: 'GET', url: `/v1/certificates/${certificateId}/credential`, headers: learner.auth })).statusCode).toBe(410);
    const list = (await t.inject({ method: 'GET', url: '/v1/certificates', headers: owner.auth })).json();
    expect(list.items.map((item: { id: string }) => item.id)).toEqual([certificateId]);
    expect((await t.inject({ method: 'GET', url: '/v1/public/certificates/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
  });
});
