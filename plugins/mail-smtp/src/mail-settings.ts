import { join } from 'node:path';
import type { JsonObject, JsonSchema } from '@mirai/sdk-plugin';

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

export const DEFAULT_MAIL_FROM = 'Mirai <no-reply@mirai.localhost>';

/**
 * The operator's settings (`context.instanceConfig`). The host fills them from MIRAI_SMTP_URL,
 * MIRAI_MAIL_FROM and MIRAI_PUBLIC_URL, or MIRAI_PLUGIN_SETTINGS_FILE, and checks them at boot.
 */
export const instanceConfigSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    smtpUrl: { type: 'string', pattern: '^smtps?://', description: 'MIRAI_SMTP_URL; unset writes the development mailbox.' },
    from: { type: 'string', minLength: 1, default: DEFAULT_MAIL_FROM, description: 'Sender address (MIRAI_MAIL_FROM).' },
    publicUrl: { type: 'string', description: 'The API’s public URL (MIRAI_PUBLIC_URL); its host is the domain of Message-IDs.' },
  },
};

/** `context.instanceConfig` as the schema above lets it be. */
export interface MailInstanceConfig {
  smtpUrl?: string;
  from?: string;
  publicUrl?: string;
}

function hostOf(url: string | undefined): string {
  try {
    return url === undefined ? 'mirai.localhost' : new URL(url).hostname;
  } catch {
    return 'mirai.localhost';
  }
}

/** The settings with defaults applied (validated by the host); the mailbox lives in the plugin's data directory. */
export function mailSettings(instanceConfig: JsonObject, dataDir: string): MailSettings {
  const config = instanceConfig as MailInstanceConfig;
  return {
    from: config.from ?? DEFAULT_MAIL_FROM,
    smtpUrl: config.smtpUrl,
    mailboxDir: join(dataDir, 'mailbox'),
    messageIdDomain: hostOf(config.publicUrl),
  };
}
