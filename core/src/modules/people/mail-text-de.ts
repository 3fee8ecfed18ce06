import type { MailLanguage } from './mail-messages.ts';

const ROLES: Record<string, string> = { owner: 'Inhaber', admin: 'Administrator', author: 'Autor', learner: 'Lernender' };
const notYou = 'Falls Sie das nicht waren, setzen Sie Ihr Passwort jetzt zurück und informieren Sie die Administration Ihrer Organisation.';
const PART = { outline: 'die Gliederung', lessons: 'die Lektionen' } as const;

export const german: MailLanguage = {
  texts: {
    'email-verification': ({ email, expiresAt }, f) => ({
      subject: 'Bestätigen Sie Ihre E-Mail-Adresse für Mirai',
      paragraphs: [
        `Öffnen Sie diesen Link, um zu bestätigen, dass ${email} Ihre Adresse ist.`,
        `Er funktioniert einmal und läuft am ${f.when(expiresAt)} ab. Wenn Sie sich nicht bei Mirai registriert haben, ignorieren Sie diese E-Mail.`,
      ],
      action: 'Meine Adresse bestätigen',
    }),
    invitation: ({ inviter, organisation, role, email, expiresAt }, f) => ({
      subject: `Einladung zu ${organisation ?? 'einer Organisation'} auf Mirai`,
      paragraphs: [
        `${inviter ?? 'Jemand'} lädt Sie ein, ${organisation ?? 'einer Organisation'} auf Mirai als ${ROLES[role] ?? role} beizutreten.`,
        `Die Einladung gilt nur für ${email} und läuft am ${f.when(expiresAt)} ab. Wenn Sie sie nicht erwarten, ignorieren Sie diese E-Mail.`,
      ],
      action: 'Einladung annehmen',
    }),
    'password-reset': ({ email, expiresAt }, f) => ({
      subject: 'Setzen Sie Ihr Mirai-Passwort zurück',
      paragraphs: [
        `Jemand hat das Zurücksetzen des Passworts für das Mirai-Konto ${email} angefordert.`,
        `Der Link funktioniert einmal und läuft am ${f.when(expiresAt)} ab. Das Zurücksetzen meldet das Konto überall ab.`,
        'Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.',
      ],
      action: 'Neues Passwort wählen',
    }),
    'password-changed-reset': ({ email, changedAt }, f) => ({
      subject: 'Ihr Mirai-Passwort wurde geändert',
      paragraphs: [
        `Das Passwort des Mirai-Kontos ${email} wurde über einen Link zum Zurücksetzen geändert (${f.when(changedAt)}). Alle Sitzungen des Kontos wurden abgemeldet.`,
        notYou,
      ],
      action: 'Mein Passwort zurücksetzen',
    }),
    'password-changed-signed-in': ({ email, changedAt, otherSessionsEnded }, f) => ({
      subject: 'Ihr Mirai-Passwort wurde geändert',
      paragraphs: [
        `Das Passwort des Mirai-Kontos ${email} wurde in einer angemeldeten Sitzung geändert (${f.when(changedAt)}). ${
          otherSessionsEnded > 0
            ? `Alle anderen Sitzungen des Kontos wurden abgemeldet (${otherSessionsEnded}).`
            : 'Keine andere Sitzung wurde abgemeldet.'
        }`,
        notYou,
      ],
      action: 'Mein Passwort zurücksetzen',
    }),
    'email-change-new': ({ oldEmail, newEmail, expiresAt }, f) => ({
      subject: 'Bestätigen Sie Ihre neue E-Mail-Adresse für Mirai',
      paragraphs: [
        `Das Mirai-Konto ${oldEmail} möchte künftig ${newEmail} verwenden.`,
        `Bestätigen Sie unten, wenn diese Adresse Ihnen gehört. Der Link funktioniert einmal und läuft am ${f.when(expiresAt)} ab.`,
      ],
      action: 'Neue Adresse bestätigen',
    }),
    'email-change-old': ({ oldEmail, newEmail }) => ({
      subject: 'Die E-Mail-Adresse Ihres Mirai-Kontos wird geändert',
      paragraphs: [
        `Jemand, der in Ihrem Mirai-Konto angemeldet ist, möchte die Adresse von ${oldEmail} auf ${newEmail} ändern.`,
        'Nichts ändert sich, bis die neue Adresse bestätigt. Falls Sie das nicht waren, setzen Sie Ihr Passwort jetzt zurück: Das meldet das Konto überall ab.',
      ],
      action: 'Mein Passwort zurücksetzen',
    }),
    'email-changed': ({ oldEmail, newEmail, confirmedAt, toOldAddress }, f) => ({
      subject: 'Die E-Mail-Adresse Ihres Mirai-Kontos wurde geändert',
      paragraphs: [
        `Das Mirai-Konto, das ${oldEmail} verwendete, meldet sich jetzt mit ${newEmail} an (bestätigt am ${f.when(confirmedAt)}).`,
        ...(toOldAddress ? ['Falls Sie das nicht waren, wenden Sie sich an die Administration Ihrer Organisation.'] : []),
      ],
    }),
    'generation.finished': ({ course, what }) => ({
      subject: `${what === 'outline' ? 'Die Gliederung' : 'Die Lektionen'} von „${course}“ ${what === 'outline' ? 'ist' : 'sind'} geschrieben`,
      paragraphs: [`Mirai hat ${PART[what]} von „${course}“ fertig geschrieben. Prüfen Sie sie im Editor.`],
      action: 'In Mirai öffnen',
    }),
    'generation.failed': ({ course, what, error }) => ({
      subject: `Das Schreiben ${what === 'outline' ? 'der Gliederung' : 'der Lektionen'} von „${course}“ ist fehlgeschlagen`,
      paragraphs: [
        `Das Schreiben ${what === 'outline' ? 'der Gliederung' : 'der Lektionen'} von „${course}“ ist fehlgeschlagen: ${error ?? 'kein Grund angegeben'}. Sie können es im Editor erneut versuchen.`,
      ],
      action: 'In Mirai öffnen',
    }),
    'export.ready': ({ course, format }) => ({
      subject: `Der Export von „${course}“ ist fertig`,
      paragraphs: [`Der ${format === null ? '' : `${format}-`}Export von „${course}“ steht zum Herunterladen bereit.`],
      action: 'In Mirai öffnen',
    }),
    'course.assigned': ({ course, dueAt }, f) => ({
      subject: `Neuer Kurs: „${course}“`,
      paragraphs: [dueAt === null ? `Ihnen wurde „${course}“ zugewiesen.` : `Ihnen wurde „${course}“ zugewiesen, fällig am ${f.day(dueAt)}.`],
      action: 'In Mirai öffnen',
    }),
    'course.due-soon': ({ course, dueAt }, f) => ({
      subject: `„${course}“ ist am ${f.day(dueAt)} fällig`,
      paragraphs: [`„${course}“ ist am ${f.day(dueAt)} fällig. Schließen Sie den Kurs bis dahin ab.`],
      action: 'In Mirai öffnen',
    }),
    'course.overdue': ({ course, dueAt }, f) => ({
      subject: `„${course}“ ist überfällig`,
      paragraphs: [`„${course}“ war am ${f.day(dueAt)} fällig und ist noch nicht abgeschlossen.`],
      action: 'In Mirai öffnen',
    }),
    'course.completed': ({ course }) => ({
      subject: `Sie haben „${course}“ abgeschlossen`,
      paragraphs: [`Gut gemacht: Sie haben alle Lektionen von „${course}“ abgeschlossen.`],
      action: 'In Mirai öffnen',
    }),
    'notification.as-stored': ({ title, body }) => ({ subject: title, paragraphs: [body], action: 'In Mirai öffnen' }),
  },
  notificationFooter: 'Auf Ihrer Kontoseite können Sie wählen, welche Benachrichtigungen Sie per E-Mail erhalten.',
};
