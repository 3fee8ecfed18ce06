import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { EmailChangeForm } from '../components/account/email-change-form';
import { MailLanguageForm } from '../components/account/mail-language-form';
import { NotificationPreferencesForm } from '../components/account/notification-preferences-form';
import { PasswordChangeForm } from '../components/account/password-change-form';
import { SessionList } from '../components/account/session-list';
import { changeEmail, changePassword, endSession } from '../lib/account-actions.server';
import type { AccountResult } from '../lib/account-forms';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { selfServiceProvider } from '../lib/auth-provider.server';
import { textField } from '../lib/form-data';
import { saveMailLanguage } from '../lib/mail-language.server';
import { saveNotificationPreferences } from '../lib/notification-preferences.server';

export const meta: MetaFunction = () => [{ title: 'Your account · Mirai' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const client = await api(request);
  const me = await client.GET('/v1/me');
  // A session provider (Kratos) manages addresses, passwords and sessions in its own settings pages.
  const ownFlows = (await selfServiceProvider()) === null;
  const sessions = ownFlows ? ((await client.GET('/v1/auth/sessions')).data?.sessions ?? []) : [];
  const organisations = Object.fromEntries((me.data?.tenants ?? []).map(({ tenant }) => [tenant.id, tenant.name]));
  const preferences = await requireApiData(await client.GET('/v1/me/notification-preferences'), 'your notification choices');
  return { email: me.data?.user.email ?? '', locale: me.data?.user.locale ?? null, ownFlows, sessions, organisations, preferences };
}

export async function action({ request }: ActionFunctionArgs) {
  const client = await api(request);
  const form = await request.formData();
  const intent = textField(form, 'intent');
  if (intent === 'password') return changePassword(client, form);
  if (intent === 'end-session') return endSession(client, form);
  if (intent === 'notification-preferences') return saveNotificationPreferences(client, form);
  if (intent === 'mail-language') return saveMailLanguage(client, form);
  return changeEmail(client, form);
}

export default function Account() {
  const { email, locale, ownFlows, sessions, organisations, preferences } = useLoaderData<typeof loader>();
  const actionData: AccountResult | undefined = useActionData<typeof action>();
  const resultOf = (intent: AccountResult['intent']) => (actionData?.intent === intent ? actionData : undefined);
  return (
    <section className="panel panel--narrow" aria-labelledby="account-heading">
      <h1 id="account-heading">Your account</h1>
      <p>
        You sign in as <strong>{email}</strong>.
      </p>
      {!ownFlows ? (
        <p>Your identity provider manages your address, your password and your sessions.</p>
      ) : (
        <>
          <section aria-labelledby="email-change-heading">
            <h2 id="email-change-heading">Change your e-mail address</h2>
            <EmailChangeForm email={email} result={resultOf('email')} />
          </section>
          <section aria-labelledby="password-change-heading">
            <h2 id="password-change-heading">Change password</h2>
            <PasswordChangeForm result={resultOf('password')} />
          </section>
          <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">Sessions</h2>
            <SessionList sessions={sessions} organisations={organisations} result={resultOf('end-session')} />
          </section>
        </>
      )}
      <section aria-labelledby="notification-preferences-heading">
        <h2 id="notification-preferences-heading">Notifications</h2>
        <NotificationPreferencesForm preferences={preferences} saved={actionData?.intent === 'notification-preferences'} />
      </section>
      <section aria-labelledby="mail-language-heading">
        <h2 id="mail-language-heading">Language</h2>
        <p>Mirai writes your e-mails in this language.</p>
        <MailLanguageForm locale={locale} saved={actionData?.intent === 'mail-language'} />
      </section>
    </section>
  );
}
