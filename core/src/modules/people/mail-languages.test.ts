import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readableMail } from '../../testing/mail-links.ts';
import type { SignedUp } from '../../testing/test-server.ts';
import type { ReceivedMail } from '../../testing/test-smtp.ts';
import { type MailingTestServer, startMailingTestServer } from '../identity/testing/mailing-test-server.ts';
import { authoredCourse, joinAs } from '../learning/testing/learning-fixture.ts';

let m: MailingTestServer;
let owner: SignedUp;
let french: SignedUp;

const call = (who: SignedUp | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  m.t.inject({ method, url, ...(who === null ? {} : { headers: who.auth }), ...(payload === undefined ? {} : { payload }) });

/** Waits (polling) for a mail to `to` with this exact subject, as the reader sees it. */
async function mailTo(to: string, subject: string): Promise<string> {
  let found: ReceivedMail | undefined;
  await expect
    .poll(
      () => {
        found = m.smtp.received.find((mail) => mail.to.includes(to) && readableMail(mail.raw).includes(`\nSubject: ${subject}\r\n`));
        return found !== undefined;
      },
      { timeout: 30_000, interval: 20 },
    )
    .toBe(true);
  return readableMail(found?.raw ?? '');
}

beforeAll(async () => {
  m = await startMailingTestServer();
  owner = await m.t.signup('owner@langues.example', 'Atelier');
  french = await joinAs(m.t, owner, 'francoise@langues.example', 'learner');
}, 180_000);
afterAll(() => m?.close());

describe('mail in the recipient’s language', () => {
  it('keeps the language a person chooses on their account, and refuses one Mirai does not write', async () => {
    expect((await call(french, 'GET', '/v1/me')).json().user.locale).toBeNull();
    expect((await call(french, 'PUT', '/v1/me/locale', { locale: 'fr' })).json()).toEqual({ locale: 'fr' });
    expect((await call(french, 'GET', '/v1/me')).json().user).toMatchObject({ email: 'francoise@langues.example', locale: 'fr' });
    expect((await call(french, 'PUT', '/v1/me/locale', { locale: 'tlh' })).json()).toMatchObject({ status: 400 });
    expect((await call(null, 'PUT', '/v1/me/locale', { locale: 'fr' })).statusCode).toBe(401);
  });

  it('writes a password reset in French, text and HTML', async () => {
    await call(null, 'POST', '/v1/auth/password-reset', { email: 'francoise@langues.example' });
    const mail = await mailTo('francoise@langues.example', 'Réinitialisez votre mot de passe Mirai');
    expect(mail).toContain('Quelqu’un a demandé la réinitialisation du mot de passe du compte Mirai francoise@langues.example.');
    expect(mail).toContain('Choisir un nouveau mot de passe');
    expect(mail).toMatch(/expire le \d{1,2} \p{L}+ \d{4} à \d{2}:\d{2} UTC/u);
    expect(mail).toContain('<html lang="fr">');
    expect(mail).toContain('https://app.example/reset-password?token=');
    expect(mail).not.toContain('Reset your Mirai password');
  });

  it('writes an invitation to another organisation in French', async () => {
    const other = await m.t.signup('patron@autre.example', 'Autre Atelier');
    await call(other, 'POST', '/v1/invitations', { email: 'francoise@langues.example', role: 'learner' });
    const mail = await mailTo('francoise@langues.example', 'Vous êtes invité à rejoindre Autre Atelier sur Mirai');
    expect(mail).toContain('patron@autre.example vous invite à rejoindre Autre Atelier sur Mirai en tant qu’apprenant.');
    expect(mail).toContain('Accepter l’invitation');
  });

  it('writes a notification (a course assigned with a due date) in French, and keeps English for everyone else', async () => {
    const english = await joinAs(m.t, owner, 'edward@langues.example', 'learner');
    const { courseId } = await authoredCourse(m.t, owner);
    await call(owner, 'POST', `/v1/courses/${courseId}/publish`);
    const groupId = (await call(owner, 'POST', '/v1/groups', { name: 'Cohorte' })).json().id;
    await call(owner, 'POST', `/v1/groups/${groupId}/members`, { emails: [french.email, english.email] });
    await call(owner, 'PUT', `/v1/groups/${groupId}/courses/${courseId}`, { dueAt: '2031-03-14T23:59:59.999Z' });
    const mail = await mailTo('francoise@langues.example', 'Nouveau cours : « Lifting safely »');
    expect(mail).toContain('Le cours « Lifting safely » vous a été attribué, à terminer pour le 14 mars 2031.');
    expect(mail).toContain('Vous pouvez choisir sur la page de votre compte quelles notifications vous parviennent par e-mail.');
    expect(mail).toContain(`https://app.example/learn/${courseId}`);
    const theirs = await mailTo('edward@langues.example', 'New course: "Lifting safely"');
    expect(theirs).toContain('You have been assigned "Lifting safely", due 14 March 2031.');
    expect(theirs).toContain('<html lang="en">');
  });

  it('writes German for a person who reads German', async () => {
    const german = await joinAs(m.t, owner, 'dieter@langues.example', 'learner');
    await call(german, 'PUT', '/v1/me/locale', { locale: 'de' });
    await call(null, 'POST', '/v1/auth/password-reset', { email: german.email });
    const mail = await mailTo(german.email, 'Setzen Sie Ihr Mirai-Passwort zurück');
    expect(mail).toContain('Neues Passwort wählen');
    expect(mail).toContain('<html lang="de">');
  });
});
