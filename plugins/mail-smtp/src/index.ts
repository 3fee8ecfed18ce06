import { join } from 'node:path';
import { definePlugin } from '@mirai/sdk-plugin';
import { type MailSettings, mailboxMailProvider, smtpMailProvider } from './mail-transport.ts';

export { type MailSettings, mailboxMailProvider, smtpMailProvider } from './mail-transport.ts';

function hostOf(url: string | undefined): string {
  try {
    return url === undefined ? 'mirai.localhost' : new URL(url).hostname;
  } catch {
    return 'mirai.localhost';
  }
}

/** Settings from the instance's environment: `MIRAI_SMTP_URL`, `MIRAI_MAIL_FROM`; the mailbox lives in the plugin's data directory. */
export function mailSettingsFromEnv(env: Readonly<Record<string, string | undefined>>, dataDir: string): MailSettings {
  const smtpUrl = env.MIRAI_SMTP_URL?.trim() === '' ? undefined : env.MIRAI_SMTP_URL?.trim();
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl))
    throw new Error(`MIRAI_SMTP_URL must start with smtp:// or smtps://, got "${smtpUrl.split('@').pop()}"`);
  return {
    from: env.MIRAI_MAIL_FROM?.trim() || 'Mirai <no-reply@mirai.localhost>',
    smtpUrl,
    mailboxDir: join(dataDir, 'mailbox'),
    messageIdDomain: hostOf(env.MIRAI_PUBLIC_URL),
  };
}

export default definePlugin({
  name: 'mail-smtp',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: ['mail'],
  register(context) {
    const settings = mailSettingsFromEnv(process.env, context.dataDir);
    const { smtpUrl } = settings;
    if (smtpUrl === undefined) {
      context.logger.info('no MIRAI_SMTP_URL: mail is written to the development mailbox', { mailbox: settings.mailboxDir });
      context.provide('mail', mailboxMailProvider(settings));
    } else context.provide('mail', smtpMailProvider({ ...settings, smtpUrl }));
  },
});
