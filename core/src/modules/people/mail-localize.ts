import type { MailFormat, MailLanguage, MailLocale, MailParams, MailTemplateRef } from './mail-messages.ts';
import type { MailContent } from './mail-template.ts';
import { german } from './mail-text-de.ts';
import { english } from './mail-text-en.ts';
import { french } from './mail-text-fr.ts';

const LANGUAGES: Record<MailLocale, MailLanguage> = { en: english, fr: french, de: german };

/** A mail as a composer describes it: which template, with what, for whom; the words come with the recipient's language. */
export interface LocalizedMail {
  to: string;
  /** The account whose language preference applies (for a change of address, the new address has none of its own yet). */
  recipientUserId?: string;
  message: MailTemplateRef;
  /** Where the template's action button leads. */
  actionUrl?: string;
  /** Adds the footer every notification mail carries (how to choose what arrives by mail). */
  notification?: boolean;
  idempotencyKey: string;
}

function format(locale: MailLocale): MailFormat {
  const when = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  const day = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { dateStyle: 'long', timeZone: 'UTC' });
  return { when: (date) => `${when.format(date)} UTC`, day: (date) => day.format(date) };
}

function textOf<K extends keyof MailParams>(language: MailLanguage, key: K, params: MailParams[K], locale: MailLocale) {
  return language.texts[key](params, format(locale));
}

/** The mail's subject, paragraphs and button in `locale`. */
export function localizeMail(mail: LocalizedMail, locale: MailLocale): MailContent {
  const language = LANGUAGES[locale];
  const text = textOf(language, mail.message.key, mail.message.params as never, locale);
  const action = text.action === undefined || mail.actionUrl === undefined ? undefined : { label: text.action, url: mail.actionUrl };
  return {
    to: mail.to,
    subject: text.subject,
    paragraphs: [...text.paragraphs, ...(mail.notification === true ? [language.notificationFooter] : [])],
    ...(action === undefined ? {} : { action }),
    idempotencyKey: mail.idempotencyKey,
    lang: locale,
  };
}
