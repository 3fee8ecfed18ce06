import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPluginError } from '@mirai/sdk-plugin';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailboxMailProvider, mailSettingsFromEnv, smtpMailProvider } from './index.ts';

interface Received {
  to: string[];
  raw: string;
}

/** A real SMTP server in this process, recording what arrives. */
async function startSmtpServer(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mail-smtp-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('mail-smtp', () => {
  it('delivers over SMTP with the idempotency key as Message-ID', async () => {
    const smtp = await startSmtpServer();
    const provider = smtpMailProvider({
      ...mailSettingsFromEnv({ MIRAI_SMTP_URL: smtp.url, MIRAI_MAIL_FROM: 'Mirai <no-reply@mirai.test>' }, dir),
      smtpUrl: smtp.url,
    });
    try {
      const sent = await provider.send({
        to: 'ada@example.org',
        subject: 'Verify',
        text: 'Open https://app.test/verify?token=abc',
        idempotencyKey: 'verify-1',
      });
      expect(sent.messageId).toBe('<verify-1@mirai.localhost>');
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]?.to).toEqual(['ada@example.org']);
      expect(smtp.received[0]?.raw).toContain('Message-ID: <verify-1@mirai.localhost>');
      expect(smtp.received[0]?.raw).toContain('https://app.test/verify?token=abc');
    } finally {
      provider.close();
      await smtp.close();
    }
  });

  it('reports an unreachable SMTP server as a transient plugin error', async () => {
    const smtp = await startSmtpServer();
    await smtp.close();
    const provider = smtpMailProvider({ ...mailSettingsFromEnv({}, dir), smtpUrl: smtp.url });
    const error = await provider.send({ to: 'a@example.org', subject: 's', text: 't', idempotencyKey: 'k' }).catch((caught: unknown) => caught);
    expect(isPluginError(error) && error.code === 'MIRAI_ERR_PLUGIN_UPSTREAM' && error.transient).toBe(true);
    provider.close();
  });

  it('writes the development mailbox, once per idempotency key', async () => {
    const settings = mailSettingsFromEnv({}, dir);
    const provider = mailboxMailProvider(settings);
    const message = { to: 'grace@example.org', subject: 'Hello', text: 'token=xyz', idempotencyKey: 'verify-2' };
    await provider.send(message);
    await provider.send(message);
    expect(await readdir(settings.mailboxDir)).toEqual(['verify-2.eml']);
    const raw = await readFile(join(settings.mailboxDir, 'verify-2.eml'), 'utf8');
    expect(raw).toContain('To: grace@example.org');
    expect(raw).toContain('token=xyz');
  });

  it('refuses an MIRAI_SMTP_URL that is not smtp', () => {
    expect(() => mailSettingsFromEnv({ MIRAI_SMTP_URL: 'http://mail.example.org' }, dir)).toThrow(/smtp:\/\//);
  });
});
