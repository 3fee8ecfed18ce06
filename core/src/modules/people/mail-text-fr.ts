import type { MailLanguage } from './mail-messages.ts';

/** After « en tant » (elided before a vowel). */
const AS_ROLE: Record<string, string> = { owner: 'que propriétaire', admin: 'qu’administrateur', author: 'qu’auteur', learner: 'qu’apprenant' };
const notYou = 'Si ce n’était pas vous, réinitialisez votre mot de passe dès maintenant et prévenez l’administrateur de votre organisation.';
const PART = { outline: 'le plan', lessons: 'les leçons' } as const;

export const french: MailLanguage = {
  texts: {
    'email-verification': ({ email, expiresAt }, f) => ({
      subject: 'Confirmez votre adresse e-mail pour Mirai',
      paragraphs: [
        `Ouvrez ce lien pour confirmer que l’adresse ${email} est bien la vôtre.`,
        `Il ne fonctionne qu’une fois et expire le ${f.when(expiresAt)}. Si vous ne vous êtes pas inscrit à Mirai, ignorez ce message.`,
      ],
      action: 'Confirmer mon adresse',
    }),
    invitation: ({ inviter, organisation, role, email, expiresAt }, f) => ({
      subject: `Vous êtes invité à rejoindre ${organisation ?? 'une organisation'} sur Mirai`,
      paragraphs: [
        `${inviter ?? 'Quelqu’un'} vous invite à rejoindre ${organisation ?? 'une organisation'} sur Mirai en tant ${AS_ROLE[role] ?? `que ${role}`}.`,
        `L’invitation est réservée à ${email} et expire le ${f.when(expiresAt)}. Si vous ne l’attendiez pas, ignorez ce message.`,
      ],
      action: 'Accepter l’invitation',
    }),
    'password-reset': ({ email, expiresAt }, f) => ({
      subject: 'Réinitialisez votre mot de passe Mirai',
      paragraphs: [
        `Quelqu’un a demandé la réinitialisation du mot de passe du compte Mirai ${email}.`,
        `Le lien ne fonctionne qu’une fois et expire le ${f.when(expiresAt)}. La réinitialisation déconnecte le compte partout.`,
        'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.',
      ],
      action: 'Choisir un nouveau mot de passe',
    }),
    'password-changed-reset': ({ email, changedAt }, f) => ({
      subject: 'Votre mot de passe Mirai a été modifié',
      paragraphs: [
        `Le mot de passe du compte Mirai ${email} a été modifié au moyen d’un lien de réinitialisation (${f.when(changedAt)}). Toutes les sessions du compte ont été fermées.`,
        notYou,
      ],
      action: 'Réinitialiser mon mot de passe',
    }),
    'password-changed-signed-in': ({ email, changedAt, otherSessionsEnded }, f) => ({
      subject: 'Votre mot de passe Mirai a été modifié',
      paragraphs: [
        `Le mot de passe du compte Mirai ${email} a été modifié depuis une session ouverte (${f.when(changedAt)}). ${
          otherSessionsEnded > 0
            ? `Toutes les autres sessions du compte ont été fermées (${otherSessionsEnded}).`
            : 'Aucune autre session n’a été fermée.'
        }`,
        notYou,
      ],
      action: 'Réinitialiser mon mot de passe',
    }),
    'email-change-new': ({ oldEmail, newEmail, expiresAt }, f) => ({
      subject: 'Confirmez votre nouvelle adresse e-mail pour Mirai',
      paragraphs: [
        `Le compte Mirai ${oldEmail} a demandé à utiliser désormais l’adresse ${newEmail}.`,
        `Confirmez ci-dessous si cette adresse est la vôtre. Le lien ne fonctionne qu’une fois et expire le ${f.when(expiresAt)}.`,
      ],
      action: 'Confirmer la nouvelle adresse',
    }),
    'email-change-old': ({ oldEmail, newEmail }) => ({
      subject: 'L’adresse e-mail de votre compte Mirai va changer',
      paragraphs: [
        `Une personne connectée à votre compte Mirai a demandé à remplacer l’adresse ${oldEmail} par ${newEmail}.`,
        'Rien ne change tant que la nouvelle adresse n’a pas confirmé. Si ce n’était pas vous, réinitialisez votre mot de passe dès maintenant : cela déconnecte le compte partout.',
      ],
      action: 'Réinitialiser mon mot de passe',
    }),
    'email-changed': ({ oldEmail, newEmail, confirmedAt, toOldAddress }, f) => ({
      subject: 'L’adresse e-mail de votre compte Mirai a été modifiée',
      paragraphs: [
        `Le compte Mirai qui utilisait ${oldEmail} se connecte désormais avec ${newEmail} (confirmé le ${f.when(confirmedAt)}).`,
        ...(toOldAddress ? ['Si ce n’était pas vous, contactez l’administrateur de votre organisation.'] : []),
      ],
    }),
    'generation.finished': ({ course, what }) => ({
      subject: `${what === 'outline' ? 'Le plan' : 'Les leçons'} de « ${course} » ${what === 'outline' ? 'est rédigé' : 'sont rédigées'}`,
      paragraphs: [`Mirai a fini de rédiger ${PART[what]} de « ${course} ». Relisez-${what === 'outline' ? 'le' : 'les'} dans l’éditeur.`],
      action: 'Ouvrir dans Mirai',
    }),
    'generation.failed': ({ course, what, error }) => ({
      subject: `La rédaction ${what === 'outline' ? 'du plan' : 'des leçons'} de « ${course} » a échoué`,
      paragraphs: [
        `La rédaction ${what === 'outline' ? 'du plan' : 'des leçons'} de « ${course} » a échoué : ${error ?? 'aucune raison donnée'}. Vous pouvez réessayer dans l’éditeur.`,
      ],
      action: 'Ouvrir dans Mirai',
    }),
    'export.ready': ({ course, format }) => ({
      subject: `L’export de « ${course} » est prêt`,
      paragraphs: [`L’export${format === null ? '' : ` ${format}`} de « ${course} » est prêt à être téléchargé.`],
      action: 'Ouvrir dans Mirai',
    }),
    'course.assigned': ({ course, dueAt }, f) => ({
      subject: `Nouveau cours : « ${course} »`,
      paragraphs: [
        dueAt === null
          ? `Le cours « ${course} » vous a été attribué.`
          : `Le cours « ${course} » vous a été attribué, à terminer pour le ${f.day(dueAt)}.`,
      ],
      action: 'Ouvrir dans Mirai',
    }),
    'course.due-soon': ({ course, dueAt }, f) => ({
      subject: `« ${course} » est à terminer pour le ${f.day(dueAt)}`,
      paragraphs: [`« ${course} » est à terminer pour le ${f.day(dueAt)}. Pensez à le finir d’ici là.`],
      action: 'Ouvrir dans Mirai',
    }),
    'course.overdue': ({ course, dueAt }, f) => ({
      subject: `« ${course} » est en retard`,
      paragraphs: [`« ${course} » était à terminer pour le ${f.day(dueAt)} et n’est pas encore terminé.`],
      action: 'Ouvrir dans Mirai',
    }),
    'course.completed': ({ course }) => ({
      subject: `Vous avez terminé « ${course} »`,
      paragraphs: [`Bravo : vous avez terminé toutes les leçons de « ${course} ».`],
      action: 'Ouvrir dans Mirai',
    }),
    'notification.as-stored': ({ title, body }) => ({ subject: title, paragraphs: [body], action: 'Ouvrir dans Mirai' }),
  },
  notificationFooter: 'Vous pouvez choisir sur la page de votre compte quelles notifications vous parviennent par e-mail.',
};
