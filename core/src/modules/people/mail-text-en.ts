import type { MailLanguage } from './mail-messages.ts';

const ROLES: Record<string, string> = { owner: 'owner', admin: 'admin', author: 'author', learner: 'learner' };
const notYou = 'If this was not you, reset your password now and tell the administrator of your organisation.';

export const english: MailLanguage = {
  texts: {
    'email-verification': ({ email, expiresAt }, f) => ({
      subject: 'Confirm your e-mail address for Mirai',
      paragraphs: [
        `Open this link to confirm that ${email} is yours.`,
        `It works once and expires ${f.when(expiresAt)}. If you did not sign up for Mirai, ignore this mail.`,
      ],
      action: 'Confirm my address',
    }),
    invitation: ({ inviter, organisation, role, email, expiresAt }, f) => ({
      subject: `You are invited to ${organisation ?? 'an organisation'} on Mirai`,
      paragraphs: [
        `${inviter ?? 'Someone'} invites you to join ${organisation ?? 'an organisation'} on Mirai as ${ROLES[role] ?? role}.`,
        `The invitation is for ${email} only and expires ${f.when(expiresAt)}. If you do not expect it, ignore this mail.`,
      ],
      action: 'Accept the invitation',
    }),
    'password-reset': ({ email, expiresAt }, f) => ({
      subject: 'Reset your Mirai password',
      paragraphs: [
        `Someone asked to reset the password of the Mirai account ${email}.`,
        `The link works once and expires ${f.when(expiresAt)}. Resetting signs the account out everywhere.`,
        'If you did not ask for this, ignore this mail: your password stays as it is.',
      ],
      action: 'Choose a new password',
    }),
    'password-changed-reset': ({ email, changedAt }, f) => ({
      subject: 'Your Mirai password was changed',
      paragraphs: [
        `The password of the Mirai account ${email} was changed through a reset link (${f.when(changedAt)}). Every session of the account was signed out.`,
        notYou,
      ],
      action: 'Reset my password',
    }),
    'password-changed-signed-in': ({ email, changedAt, otherSessionsEnded }, f) => ({
      subject: 'Your Mirai password was changed',
      paragraphs: [
        `The password of the Mirai account ${email} was changed from a signed-in session (${f.when(changedAt)}). ${
          otherSessionsEnded > 0 ? `Every other session of the account was signed out (${otherSessionsEnded}).` : 'No other session was signed out.'
        }`,
        notYou,
      ],
      action: 'Reset my password',
    }),
    'email-change-new': ({ oldEmail, newEmail, expiresAt }, f) => ({
      subject: 'Confirm your new e-mail address for Mirai',
      paragraphs: [
        `The Mirai account ${oldEmail} asked to use ${newEmail} from now on.`,
        `Confirm below if this address is yours. The link works once and expires ${f.when(expiresAt)}.`,
      ],
      action: 'Confirm the new address',
    }),
    'email-change-old': ({ oldEmail, newEmail }) => ({
      subject: 'Your Mirai e-mail address is about to change',
      paragraphs: [
        `Someone signed in to your Mirai account asked to change its address from ${oldEmail} to ${newEmail}.`,
        'Nothing changes until the new address confirms. If this was not you, reset your password now: that signs the account out everywhere.',
      ],
      action: 'Reset my password',
    }),
    'email-changed': ({ oldEmail, newEmail, confirmedAt, toOldAddress }, f) => ({
      subject: 'Your Mirai e-mail address was changed',
      paragraphs: [
        `The Mirai account that used ${oldEmail} now signs in with ${newEmail} (confirmed ${f.when(confirmedAt)}).`,
        ...(toOldAddress ? ['If this was not you, contact the administrator of your organisation.'] : []),
      ],
    }),
    'generation.finished': ({ course, what }) => ({
      subject: what === 'outline' ? `The outline of "${course}" is written` : `The lessons of "${course}" are written`,
      paragraphs: [`Mirai finished writing the ${what} of "${course}". Review ${what === 'outline' ? 'it' : 'them'} in the editor.`],
      action: 'Open in Mirai',
    }),
    'generation.failed': ({ course, what, error }) => ({
      subject: `Writing the ${what} of "${course}" failed`,
      paragraphs: [`Writing the ${what} of "${course}" failed: ${error ?? 'no reason given'}. You can retry in the editor.`],
      action: 'Open in Mirai',
    }),
    'export.ready': ({ course, format }) => ({
      subject: `Export of "${course}" is ready`,
      paragraphs: [`The ${format === null ? '' : `${format} `}export of "${course}" is ready to download.`],
      action: 'Open in Mirai',
    }),
    'course.assigned': ({ course, dueAt }, f) => ({
      subject: `New course: "${course}"`,
      paragraphs: [dueAt === null ? `You have been assigned "${course}".` : `You have been assigned "${course}", due ${f.day(dueAt)}.`],
      action: 'Open in Mirai',
    }),
    'course.due-soon': ({ course, dueAt }, f) => ({
      subject: `"${course}" is due ${f.day(dueAt)}`,
      paragraphs: [`"${course}" is due ${f.day(dueAt)}. Finish it before then.`],
      action: 'Open in Mirai',
    }),
    'course.overdue': ({ course, dueAt }, f) => ({
      subject: `"${course}" is overdue`,
      paragraphs: [`"${course}" was due ${f.day(dueAt)} and is not complete yet.`],
      action: 'Open in Mirai',
    }),
    'course.completed': ({ course }) => ({
      subject: `You completed "${course}"`,
      paragraphs: [`Well done: you completed every lesson of "${course}".`],
      action: 'Open in Mirai',
    }),
    'notification.as-stored': ({ title, body }) => ({ subject: title, paragraphs: [body], action: 'Open in Mirai' }),
  },
  notificationFooter: 'You can choose which notifications reach you by e-mail on your account page.',
};
