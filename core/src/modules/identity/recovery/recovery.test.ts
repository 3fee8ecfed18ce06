import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodedMail, linkTokenIn, waitForMail } from '../../../testing/mail-links.ts';
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

const NEW_PASSWORD = 'a brand new passphrase';
const requestReset = (email: string) => t.inject({ method: 'POST', url: '/v1/auth/password-reset', payload: { email } });
const completeReset = (token: string, password: string) =>
  t.inject({ method: 'POST', url: '/v1/auth/password-reset/complete', payload: { token, password } });
const login = (email: string, password: string) => t.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password } });
const me = (auth: { authorization: string }) => t.inject({ method: 'GET', url: '/v1/me', headers: auth });

describe('password reset (auth-local)', () => {
  it('answers alike for known and unknown addresses, mails a single-use link, and ends every session', async () => {
    const user = await t.signup('forgetful@example.com');
    const known = await requestReset('forgetful@example.com');
    const unknown = await requestReset('nobody-here@example.com');
    expect([known.statusCode, unknown.statusCode]).toEqual([202, 202]);
    expect(known.body).toBe(unknown.body);

    const mail = await waitForMail(smtp, 'forgetful@example.com', 'Reset your Mirai password');
    expect(mail.raw).toMatch(/Content-Type: text\/html/);
    const token = linkTokenIn(mail, 'https://app.example/reset-password');
    const dump = await t.server.orm.em
      .fork()
      .execute<{ dump: string }[]>(
        `select (select coalesce(string_agg(row_to_json(r)::text, ','), '') from password_reset r) || (select coalesce(string_agg(payload::text, ','), '') from job) as dump`,
      );
    expect(dump[0]?.dump).not.toContain(token);

    expect((await completeReset(token, NEW_PASSWORD)).statusCode).toBe(204);
    expect((await me(user.auth)).statusCode).toBe(401);
    // The address is told the credential changed, with a way back and without the spent link.
    const notice = await waitForMail(smtp, 'forgetful@example.com', 'Your Mirai password was changed');
    expect(decodedMail(notice.raw)).toContain('https://app.example/forgot-password');
    expect(decodedMail(notice.raw)).not.toContain(token);
    expect((await login('forgetful@example.com', TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login('forgetful@example.com', NEW_PASSWORD)).statusCode).toBe(200);
    const again = await completeReset(token, 'yet another passphrase');
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('MIRAI_ERR_AUTH_RESET_INVALID');
    expect(smtp.received.filter((candidate) => candidate.to.includes('nobody-here@example.com'))).toEqual([]);
  });

  it('keeps the link usable when the password is refused, and a newer link supersedes it', async () => {
    await t.signup('retry-reset@example.com');
    await requestReset('retry-reset@example.com');
    const token = linkTokenIn(await waitForMail(smtp, 'retry-reset@example.com', 'Reset your Mirai password'), 'https://app.example/reset-password');
    const short = await completeReset(token, 'short');
    expect(short.statusCode).toBe(400);
    expect(short.json().code).toBe('MIRAI_ERR_REQUEST_VALIDATION');
    const tooLong = await completeReset(token, 'x'.repeat(129));
    expect(tooLong.json()).toMatchObject({ code: 'MIRAI_ERR_REQUEST_VALIDATION', errors: [{ field: '/body/password' }] });
    // Another request within a minute sends nothing new (no inbox flooding); the first link still works.
    const before = smtp.received.length;
    expect((await requestReset('retry-reset@example.com')).statusCode).toBe(202);
    expect((await completeReset(token, NEW_PASSWORD)).statusCode).toBe(204);
    const resetMails = smtp.received
      .slice(before)
      .filter((mail) => mail.to.includes('retry-reset@example.com') && decodedMail(mail.raw).includes('Subject: Reset your Mirai password'));
    expect(resetMails).toEqual([]);
  });
});

describe('change of e-mail (auth-local)', () => {
  it('needs the password, confirms through the new address, and tells both addresses', async () => {
    const user = await t.signup('old-address@example.com');
    const change = (password: string) =>
      t.inject({ method: 'POST', url: '/v1/auth/email-change', headers: user.auth, payload: { email: 'new-address@example.com', password } });
    expect((await change('not my password')).statusCode).toBe(401);
    expect((await change(TEST_PASSWORD)).statusCode).toBe(202);

    const notice = await waitForMail(smtp, 'old-address@example.com', 'Your Mirai e-mail address is about to change');
    expect(notice.raw).toContain('new-address@example.com');
    const token = linkTokenIn(
      await waitForMail(smtp, 'new-address@example.com', 'Confirm your new e-mail address'),
      'https://app.example/confirm-email-change',
    );
    // Nothing changes before the new address confirms.
    expect((await me(user.auth)).json().user.email).toBe('old-address@example.com');

    const confirmed = await t.inject({ method: 'POST', url: '/v1/auth/email-change/confirm', payload: { token } });
    expect(confirmed.json()).toEqual({ email: 'new-address@example.com' });
    expect((await me(user.auth)).json().user).toMatchObject({ email: 'new-address@example.com', emailVerified: true });
    expect((await login('new-address@example.com', TEST_PASSWORD)).statusCode).toBe(200);
    expect((await login('old-address@example.com', TEST_PASSWORD)).statusCode).toBe(401);
    await waitForMail(smtp, 'old-address@example.com', 'Your Mirai e-mail address was changed');
    await waitForMail(smtp, 'new-address@example.com', 'Your Mirai e-mail address was changed');
    const reused = await t.inject({ method: 'POST', url: '/v1/auth/email-change/confirm', payload: { token } });
    expect(reused.json().code).toBe('MIRAI_ERR_AUTH_EMAIL_CHANGE_INVALID');
  });

  it('refuses an address another account uses', async () => {
    const user = await t.signup('wants-taken@example.com');
    await t.signup('taken-already@example.com');
    const refused = await t.inject({
      method: 'POST',
      url: '/v1/auth/email-change',
      headers: user.auth,
      payload: { email: 'taken-already@example.com', password: TEST_PASSWORD },
    });
    expect(refused.statusCode).toBe(409);
  });
});
