import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTokenIn, waitForMail } from '../../testing/mail-links.ts';
import { TEST_PASSWORD, type TestServer } from '../../testing/test-server.ts';
import type { TestSmtp } from '../../testing/test-smtp.ts';
import { type MailingTestServer, startMailingTestServer } from './testing/mailing-test-server.ts';

let smtp: TestSmtp;
let t: TestServer;
let mailing: MailingTestServer | undefined;
beforeAll(async () => {
  mailing = await startMailingTestServer();
  ({ smtp, t } = mailing);
}, 180_000);
afterAll(() => mailing?.close());

const JOIN = 'https://app.example/join';
const invite = (owner: { auth: { authorization: string } }, email: string, delivery?: 'mail' | 'link') =>
  t.inject({
    method: 'POST',
    url: '/v1/invitations',
    headers: owner.auth,
    payload: { email, role: 'learner', ...(delivery === undefined ? {} : { delivery }) },
  });

describe('invitations by e-mail', () => {
  it('mails the invitation, shows its token to nobody else, and a sign-up with it proves the address', async () => {
    const owner = await t.signup('mailing-owner@example.com', 'Mailing Org');
    const invited = await invite(owner, 'Mailed-Invitee@example.com');
    expect(invited.statusCode).toBe(201);
    expect(invited.json()).toMatchObject({ email: 'mailed-invitee@example.com', delivery: 'mail' });
    expect(invited.json().token).toBeUndefined();

    const mail = await waitForMail(smtp, 'mailed-invitee@example.com', 'You are invited to Mailing Org on Mirai');
    expect(mail.raw).toContain('mailing-owner@example.com');
    const token = linkTokenIn(mail, JOIN);
    const dump = await t.server.orm.em
      .fork()
      .execute<{ dump: string }[]>(
        `select (select coalesce(string_agg(row_to_json(i)::text, ','), '') from invitation i) || (select coalesce(string_agg(payload::text, ','), '') from job) as dump`,
      );
    expect(dump[0]?.dump).not.toContain(token);

    const joined = await t.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      payload: { email: 'mailed-invitee@example.com', password: TEST_PASSWORD, invitationToken: token },
    });
    expect(joined.statusCode).toBe(201);
    expect(joined.json()).toMatchObject({ tenant: { name: 'Mailing Org' }, role: 'learner', user: { emailVerified: true } });
    const reused = await t.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      payload: { email: 'mailed-invitee@example.com', password: TEST_PASSWORD, invitationToken: token },
    });
    expect(reused.statusCode).toBe(409);
  });

  it('lets an existing account accept only once its address is verified', async () => {
    const owner = await t.signup('second-owner@example.com', 'Second Org');
    const existing = await t.signup('existing-invitee@example.com', undefined, { verified: false });
    await invite(owner, 'existing-invitee@example.com');
    const token = linkTokenIn(await waitForMail(smtp, 'existing-invitee@example.com', 'You are invited to Second Org'), JOIN);
    const accept = () => t.inject({ method: 'POST', url: '/v1/invitations/accept', headers: existing.auth, payload: { token } });
    expect((await accept()).json().code).toBe('MIRAI_ERR_AUTH_EMAIL_UNVERIFIED');
    await t.server.orm.em.fork().execute('update app_user set email_verified_at = now() where id = ?', [existing.userId]);
    expect((await accept()).json()).toMatchObject({ tenantId: owner.tenantId, role: 'learner' });
  });

  it('still offers a link to share by hand, which mails nothing and does not verify whoever uses it', async () => {
    const owner = await t.signup('link-owner@example.com', 'Link Org');
    const invited = await invite(owner, 'link-invitee@example.com', 'link');
    expect(invited.json()).toMatchObject({ delivery: 'link', token: expect.any(String) });
    const joined = await t.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      payload: { email: 'link-invitee@example.com', password: TEST_PASSWORD, invitationToken: invited.json().token },
    });
    expect(joined.json().user.emailVerified).toBe(false);
    // The only mail to this address is the verification link, not an invitation.
    const mail = await waitForMail(smtp, 'link-invitee@example.com', 'Confirm your e-mail address');
    expect(smtp.received.filter((candidate) => candidate.to.includes('link-invitee@example.com'))).toEqual([mail]);
  });
});
