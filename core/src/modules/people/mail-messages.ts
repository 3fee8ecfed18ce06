/** The languages mail is written in; a person without a preference, or with another, reads English. */
export const MAIL_LOCALES = ['en', 'fr', 'de'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];

export const isMailLocale = (value: unknown): value is MailLocale => typeof value === 'string' && (MAIL_LOCALES as readonly string[]).includes(value);

type GenerationPart = 'outline' | 'lessons';

/** Every mail Mirai sends, with what it says. */
export interface MailParams {
  'email-verification': { email: string; expiresAt: Date };
  invitation: { inviter: string | null; organisation: string | null; role: string; email: string; expiresAt: Date };
  'password-reset': { email: string; expiresAt: Date };
  'password-changed-reset': { email: string; changedAt: Date };
  'password-changed-signed-in': { email: string; changedAt: Date; otherSessionsEnded: number };
  'email-change-new': { oldEmail: string; newEmail: string; expiresAt: Date };
  'email-change-old': { oldEmail: string; newEmail: string };
  'email-changed': { oldEmail: string; newEmail: string; confirmedAt: Date; toOldAddress: boolean };
  'generation.finished': { course: string; what: GenerationPart };
  'generation.failed': { course: string; what: GenerationPart; error: string | null };
  'export.ready': { course: string; format: string | null };
  'course.assigned': { course: string; dueAt: Date | null };
  'course.due-soon': { course: string; dueAt: Date };
  'course.overdue': { course: string; dueAt: Date };
  'course.completed': { course: string };
  /** A notification stored before its kind had a template: its own title and sentence, as written then. */
  'notification.as-stored': { title: string; body: string };
}
export type MailKey = keyof MailParams;
export type MailTemplateRef = { [K in MailKey]: { key: K; params: MailParams[K] } }[MailKey];

/** What one mail says in one language; `action` labels its button. */
export interface MailText {
  subject: string;
  paragraphs: string[];
  action?: string;
}

/** Dates as the language writes them, in UTC (the recipient's time zone is not known). */
export interface MailFormat {
  when: (date: Date) => string;
  day: (date: Date) => string;
}

/** One language's mail: every template, the notification footer and role names. */
export interface MailLanguage {
  texts: { [K in MailKey]: (params: MailParams[K], format: MailFormat) => MailText };
  /** Added under every notification mail. */
  notificationFooter: string;
}
