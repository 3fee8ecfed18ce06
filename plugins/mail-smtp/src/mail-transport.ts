import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type MailMessage, type MailProvider, PluginError } from '@mirai/sdk-plugin';
import type * as NodemailerModule from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { MailSettings } from './mail-settings.ts';

type Nodemailer = (typeof NodemailerModule)['default'];

/**
 * The transport, created on the first message: nodemailer takes a few hundred milliseconds to
 * load, which every server start paid although most never send mail before they are ready.
 */
function lazyTransport<T extends Transporter>(create: (nodemailer: Nodemailer) => T): { get(): Promise<T>; close(): void } {
  let transport: Promise<T> | undefined;
  return {
    get: () => {
      transport ??= import('nodemailer').then((nodemailer) => create(nodemailer.default));
      return transport;
    },
    close: () => void transport?.then((created) => created.close()),
  };
}

/** A Message-ID that stays the same for every retry of one logical message. */
function messageId(message: MailMessage, domain: string): string {
  return `<${message.idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '-')}@${domain}>`;
}

/** Sends through an SMTP server; a failure is transient, so the host's job retries it. */
export function smtpMailProvider(settings: MailSettings & { smtpUrl: string }): MailProvider & { close(): void } {
  const transport = lazyTransport((nodemailer) => nodemailer.createTransport(settings.smtpUrl));
  return {
    async send(message) {
      const id = messageId(message, settings.messageIdDomain);
      try {
        await (await transport.get()).sendMail({
          from: settings.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: id,
        });
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', `The SMTP server refused or could not take the message: ${why}`, {
          cause: error,
          transient: true,
        });
      }
      return { messageId: id };
    },
    close: () => transport.close(),
  };
}

/**
 * Development and embedded mode: every message is written, fully formed (RFC 5322), to
 * `<mailboxDir>/<idempotency key>.eml`, where the operator reads it. A retry overwrites the same
 * file, so a message is never there twice. Written to a temporary name first, then renamed.
 */
export function mailboxMailProvider(settings: MailSettings): MailProvider {
  const transport = lazyTransport((nodemailer) => nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }));
  return {
    async send(message) {
      const id = messageId(message, settings.messageIdDomain);
      const built = await (await transport.get()).sendMail({
        from: settings.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: id,
      });
      const file = join(settings.mailboxDir, `${id.slice(1, -1).split('@')[0]}.eml`);
      await mkdir(settings.mailboxDir, { recursive: true, mode: 0o700 });
      await writeFile(`${file}.tmp`, built.message as Buffer, { mode: 0o600 });
      await rename(`${file}.tmp`, file);
      return { messageId: id };
    },
  };
}
