import { describe, expect, it } from 'vitest';
import { localizeMail } from './mail-localize.ts';
import { MAIL_LOCALES, type MailTemplateRef } from './mail-messages.ts';
import { renderMail } from './mail-template.ts';

const at = new Date('2031-03-14T09:30:00Z');
/** One of every template, so a language missing one, or leaving it in English, shows here. */
const EVERY: MailTemplateRef[] = [
  { key: 'email-verification', params: { email: 'a@b.example', expiresAt: at } },
  { key: 'invitation', params: { inviter: 'o@b.example', organisation: 'Org', role: 'author', email: 'a@b.example', expiresAt: at } },
  { key: 'password-reset', params: { email: 'a@b.example', expiresAt: at } },
  { key: 'password-changed-reset', params: { email: 'a@b.example', changedAt: at } },
  { key: 'password-changed-signed-in', params: { email: 'a@b.example', changedAt: at, otherSessionsEnded: 2 } },
  { key: 'email-change-new', params: { oldEmail: 'a@b.example', newEmail: 'c@d.example', expiresAt: at } },
  { key: 'email-change-old', params: { oldEmail: 'a@b.example', newEmail: 'c@d.example' } },
  { key: 'email-changed', params: { oldEmail: 'a@b.example', newEmail: 'c@d.example', confirmedAt: at, toOldAddress: true } },
  { key: 'generation.finished', params: { course: 'Safety', what: 'outline' } },
  { key: 'generation.failed', params: { course: 'Safety', what: 'lessons', error: 'quota' } },
  { key: 'export.ready', params: { course: 'Safety', format: 'SCORM 1.2' } },
  { key: 'course.assigned', params: { course: 'Safety', dueAt: at } },
  { key: 'course.due-soon', params: { course: 'Safety', dueAt: at } },
  { key: 'course.overdue', params: { course: 'Safety', dueAt: at } },
  { key: 'course.completed', params: { course: 'Safety' } },
];

const render = (message: MailTemplateRef, locale: (typeof MAIL_LOCALES)[number]) =>
  renderMail(localizeMail({ to: 'a@b.example', message, actionUrl: 'https://app.example/x', idempotencyKey: 'k' }, locale));

describe('mail translations', () => {
  it('covers every template in every language, each its own words', () => {
    for (const message of EVERY) {
      const english = render(message, 'en');
      for (const locale of MAIL_LOCALES.filter((l) => l !== 'en')) {
        const translated = render(message, locale);
        expect(translated.subject, `${message.key} in ${locale}`).not.toBe(english.subject);
        expect(translated.text, `${message.key} in ${locale}`).not.toBe(english.text);
        expect(translated.html).toContain(`<html lang="${locale}">`);
      }
    }
  });

  it('writes dates the language’s way, in UTC', () => {
    const message: MailTemplateRef = { key: 'password-reset', params: { email: 'a@b.example', expiresAt: at } };
    expect(render(message, 'en').text).toContain('expires 14 March 2031 at 09:30 UTC');
    expect(render(message, 'fr').text).toContain('expire le 14 mars 2031 à 09:30 UTC');
    expect(render(message, 'de').text).toContain('läuft am 14. März 2031 um 09:30 UTC ab');
  });

  it('escapes what the template interpolates in the HTML', () => {
    const message: MailTemplateRef = { key: 'course.completed', params: { course: '<script>x</script>' } };
    expect(render(message, 'fr').html).not.toContain('<script>');
  });
});
