import { definePlugin } from '@mirai/sdk-plugin';
import { instanceConfigSchema, mailSettings } from './mail-settings.ts';
import { mailboxMailProvider, smtpMailProvider } from './mail-transport.ts';

export { instanceConfigSchema, type MailInstanceConfig, type MailSettings, mailSettings } from './mail-settings.ts';
export { mailboxMailProvider, smtpMailProvider } from './mail-transport.ts';

export default definePlugin({
  name: 'mail-smtp',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: ['mail'],
  instanceConfigSchema,
  register(context) {
    const settings = mailSettings(context.instanceConfig, context.dataDir);
    const { smtpUrl } = settings;
    if (smtpUrl === undefined) {
      context.logger.info('no MIRAI_SMTP_URL: mail is written to the development mailbox', { mailbox: settings.mailboxDir });
      context.provide('mail', mailboxMailProvider(settings));
    } else context.provide('mail', smtpMailProvider({ ...settings, smtpUrl }));
  },
});
