import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodedMail, waitForMail } from '../../../testing/mail-links.ts';
import { type SignedUp, TEST_PASSWORD, type TestServer } from '../../../testing/test-server.ts';
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
/** MIRAI_AUTH_LOCKOUT_THRESHOLD's default: failures admitted before the account locks. */
const LOCKOUT_THRESHOLD = 5;

const login = (email: string, password: string) => t.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password } });
const me = (auth: { authorization: string }) => t.inject({ method: 'GET', url: '/v1/me', headers: auth });
const changePassword = (auth: { authorization: string }, payload: Record<string, unknown>) =>
  t.inject({ method: 'POST', url: '/v1/auth/password', headers: auth, payload });

async function signInAgain(user: SignedUp, password = TEST_PASSWORD): Promise<{ authorization: string }> {
  const response = await login(user.email, password);
  expect(response.statusCode).toBe(200);
  return { authorization: `Bearer ${response.json<{ token: string }>().token}` };
}

describe('change of password by a signed-in user (auth-local)', () => {
  it('needs the current password, ends the other sessions, keeps this one, and tells the address', async () => {
    const user = await t.signup('changes-password@example.com');
    const laptop = await signInAgain(user);
    const phone = await signInAgain(user);

    const changed = await changePassword(user.auth, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ otherSessionsEnded: 2 });

    expect((await me(user.auth)).statusCode).toBe(200);
    expect((await me(laptop)).statusCode).toBe(401);
    expect((await me(phone)).statusCode).toBe(401);
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(user.email, NEW_PASSWORD)).statusCode).toBe(200);

    const notice = await waitForMail(smtp, user.email, 'Your Mirai password was changed');
    expect(decodedMail(notice.raw)).toContain('Every other session of the account was signed out (2)');
    expect(decodedMail(notice.raw)).toContain('https://app.example/forgot-password');
  });

  it('keeps the other sessions when asked to', async () => {
    const user = await t.signup('keeps-sessions@example.com');
    const other = await signInAgain(user);
    const changed = await changePassword(user.auth, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, endOtherSessions: false });
    expect(changed.json()).toEqual({ otherSessionsEnded: 0 });
    expect((await me(other)).statusCode).toBe(200);
    const notice = await waitForMail(smtp, user.email, 'Your Mirai password was changed');
    expect(decodedMail(notice.raw)).toContain('No other session was signed out.');
  });

  it('refuses a new password outside the sign-up rules, naming the field, and changes nothing', async () => {
    const user = await t.signup('weak-new-password@example.com');
    for (const newPassword of ['too short', 'x'.repeat(129)]) {
      const refused = await changePassword(user.auth, { currentPassword: TEST_PASSWORD, newPassword });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_REQUEST_VALIDATION', errors: [{ field: '/body/newPassword' }] });
    }
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a wrong current password with a stable code, keeps the session, and locks the account like failed sign-ins', async () => {
    const user = await t.signup('guesses-password@example.com');
    const wrong = await changePassword(user.auth, { currentPassword: 'not my password at all', newPassword: NEW_PASSWORD });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'MIRAI_ERR_AUTH_CURRENT_PASSWORD_WRONG', errors: [{ field: '/body/currentPassword' }] });
    expect((await me(user.auth)).statusCode).toBe(200);

    for (let attempt = 1; attempt < LOCKOUT_THRESHOLD; attempt += 1)
      expect((await changePassword(user.auth, { currentPassword: `wrong guess ${attempt}`, newPassword: NEW_PASSWORD })).statusCode).toBe(403);
    // Locked now, for the right password too, and for sign-in: one count per account.
    const locked = await changePassword(user.auth, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('MIRAI_ERR_AUTH_LOCKED');
    expect((await login(user.email, TEST_PASSWORD)).json().code).toBe('MIRAI_ERR_AUTH_LOCKED');
    expect((await me(user.auth)).statusCode).toBe(200);
  });

  it('is for signed-in users only', async () => {
    const anonymous = await t.inject({
      method: 'POST',
      url: '/v1/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
