import { definePlugin } from '@mirai/sdk-plugin';
import { mailSettingsFromEnv } from './mail-settings.ts';
import { mailboxMailProvider, smtpMailProvider } from './mail-transport.ts';

export { type MailSettings, mailSettingsFromEnv } from './mail-settings.ts';
export { mailboxMailProvider, smtpMailProvider } from './mail-transport.ts';

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
