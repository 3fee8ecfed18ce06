import { join } from 'node:path';

export interface MailSettings {
  /** Sender address, e.g. `Mirai <no-reply@example.org>`. */
  from: string;
  /** `smtp://user:pass@host:587` or `smtps://…`; undefined writes a development mailbox instead. */
  smtpUrl: string | undefined;
  /** Where the development mailbox keeps one `.eml` file per message. */
  mailboxDir: string;
  /** The domain of Message-IDs, so a retried message keeps its id. */
  messageIdDomain: string;
}

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
