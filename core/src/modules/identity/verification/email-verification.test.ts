import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, type TestServer } from '../../../testing/test-server.ts';
import type { TestSmtp } from '../../../testing/test-smtp.ts';
import { type MailingTestServer, startMailingTestServer } from '../testing/mailing-test-server.ts';

let smtp: TestSmtp;
let t: TestServer;
let mailing: MailingTestServer | undefined;
beforeAll(async () => {
  mailing = await startMailingTestServer();
  ({ smtp, t } = mailing);
}, 180_000);
afterAll(() => mailing?.close());

/** The token of the verification link in a mail (quoted-printable decoded). */
function tokenIn(raw: string): string {
  const body = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  const match = /https:\/\/app\.example\/verify-email\?token=([A-Za-z0-9_-]+)/.exec(body);
  if (match?.[1] === undefined) throw new Error(`no verification link in:\n${raw}`);
  return match[1];
}

const verify = (token: string) => t.inject({ method: 'POST', url: '/v1/auth/verify-email', payload: { token } });
const me = (auth: { authorization: string }) => t.inject({ method: 'GET', url: '/v1/me', headers: auth });

describe('e-mail verification (auth-local)', () => {
  it('mails a single-use link over SMTP at sign-up; the address counts as verified once it is opened', async () => {
    const user = await t.signup('verify-me@example.com', undefined, { verified: false });
    expect((await me(user.auth)).json().user.emailVerified).toBe(false);
    const mail = await smtp.waitFor('verify-me@example.com');
    expect(mail.raw).toMatch(/Subject: Confirm your e-mail address/);
    const token = tokenIn(mail.raw);
    expect((await verify(token)).statusCode).toBe(204);
    expect((await me(user.auth)).json().user.emailVerified).toBe(true);
    const again = await verify(token);
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('MIRAI_ERR_AUTH_VERIFICATION_INVALID');
    expect((await verify('x'.repeat(43))).json().code).toBe('MIRAI_ERR_AUTH_VERIFICATION_INVALID');
  });

  it('stores only hashes: no token of a mailed link is in the database', async () => {
    await t.signup('hashed@example.com', undefined, { verified: false });
    const token = tokenIn((await smtp.waitFor('hashed@example.com')).raw);
    const rows = await t.server.orm.em.fork().execute<{ dump: string }[]>(
      `select (select coalesce(string_agg(row_to_json(v)::text, ','), '') from email_verification v)
           || (select coalesce(string_agg(payload::text, ','), '') from job) as dump`,
    );
    expect(rows[0]?.dump).not.toContain(token);
  });

  it('refuses invitations to a pre-registered, unverified address and accepts them once verified', async () => {
    const owner = await t.signup('inviting-owner@example.com', undefined, { verified: false });
    // The attacker registers the invitee's address before the invitee does.
    const squatter = await t.signup('invitee@example.com', undefined, { verified: false });
    const invited = await t.inject({
      method: 'POST',
      url: '/v1/invitations',
      headers: owner.auth,
      payload: { email: 'invitee@example.com', role: 'author', delivery: 'link' },
    });
    expect(invited.statusCode).toBe(201);
    const accept = () =>
      t.inject({ method: 'POST', url: '/v1/invitations/accept', headers: squatter.auth, payload: { token: invited.json().token } });
    const refused = await accept();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('MIRAI_ERR_AUTH_EMAIL_UNVERIFIED');
    const members = await t.inject({ method: 'GET', url: '/v1/members', headers: owner.auth });
    expect(members.json().items.map((member: { email: string }) => member.email)).toEqual(['inviting-owner@example.com']);
    // Only whoever reads the address's mail can verify it; then the invitation can be accepted.
    expect((await verify(tokenIn((await smtp.waitFor('invitee@example.com')).raw))).statusCode).toBe(204);
    expect((await accept()).statusCode).toBe(200);
  });

  it('resends a new link that supersedes the old one', async () => {
    const user = await t.signup('resend@example.com', undefined, { verified: false });
    const first = tokenIn((await smtp.waitFor('resend@example.com')).raw);
    const before = smtp.received.length;
    expect((await t.inject({ method: 'POST', url: '/v1/auth/verify-email/resend', headers: user.auth })).statusCode).toBe(202);
    const second = await new Promise<string>((resolve) => {
      const poll = () => {
        const mail = smtp.received.slice(before).find((candidate) => candidate.to.includes('resend@example.com'));
        if (mail === undefined) setImmediate(poll);
        else resolve(tokenIn(mail.raw));
      };
      poll();
    });
    expect(second).not.toBe(first);
    expect((await verify(first)).statusCode).toBe(400);
    expect((await verify(second)).statusCode).toBe(204);
    // Signing in still works before and after; an unverified user uses their own organisation.
    expect(
      (await t.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'resend@example.com', password: TEST_PASSWORD } })).statusCode,
    ).toBe(200);
  });
});
