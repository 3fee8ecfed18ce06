import type { MailProvider } from '@mirai/sdk-plugin';
import { defineModule } from '../mirai-module.ts';
import { ACCOUNT_MAIL_JOB, accountMailHandler, type ComposeMail } from './account-mail.ts';

export interface PeopleServices {
  mail: () => MailProvider;
  /** How each account mail (password reset, change of e-mail, invitation) is written, by its template. */
  accountMail: Readonly<Record<string, ComposeMail>>;
}

/** Account mail (docs/people.md): one job sends every mail that carries a link to a person. Owns no entities. */
export const peopleModule = defineModule<PeopleServices>({
  name: 'people',
  entities: { tenantOwned: [], instanceWide: [] },
  jobs: ({ mail, accountMail }) => ({ [ACCOUNT_MAIL_JOB]: accountMailHandler({ mail, composers: accountMail }) }),
});
