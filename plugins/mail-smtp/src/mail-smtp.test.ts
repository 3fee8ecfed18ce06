import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPluginError, type MailProvider } from '@mirai/sdk-plugin';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mailSmtp, { mailboxMailProvider, mailSettings, smtpMailProvider } from './index.ts';

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
      ...mailSettings({ smtpUrl: smtp.url, from: 'Mirai <no-reply@mirai.test>' }, dir),
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
    const provider = smtpMailProvider({ ...mailSettings({}, dir), smtpUrl: smtp.url });
    const error = await provider.send({ to: 'a@example.org', subject: 's', text: 't', idempotencyKey: 'k' }).catch((caught: unknown) => caught);
    expect(isPluginError(error) && error.code === 'MIRAI_ERR_PLUGIN_UPSTREAM' && error.transient).toBe(true);
    provider.close();
  });

  it('writes the development mailbox, once per idempotency key', async () => {
    const settings = mailSettings({}, dir);
    const provider = mailboxMailProvider(settings);
    const message = { to: 'grace@example.org', subject: 'Hello', text: 'token=xyz', idempotencyKey: 'verify-2' };
    await provider.send(message);
    await provider.send(message);
    expect(await readdir(settings.mailboxDir)).toEqual(['verify-2.eml']);
    const raw = await readFile(join(settings.mailboxDir, 'verify-2.eml'), 'utf8');
    expect(raw).toContain('To: grace@example.org');
    expect(raw).toContain('token=xyz');
  });

  it('refuses an MIRAI_SMTP_URL that is not smtp', async () => {
    await expect(createTestHost(mailSmtp, { instanceConfig: { smtpUrl: 'http://mail.example.org' } })).rejects.toThrow(
      /smtpUrl must match pattern "\^smtps\?:\/\/"/,
    );
  });

  it('sends through the SMTP server of its instance settings, with Message-IDs on the host of its public URL', async () => {
    const smtp = await startSmtpServer();
    const host = await createTestHost(mailSmtp, {
      dataDir: dir,
      instanceConfig: { smtpUrl: smtp.url, from: 'Mirai <no-reply@example.org>', publicUrl: 'https://api.example.org' },
    });
    const provider = host.extension('mail') as MailProvider & { close(): void };
    try {
      const sent = await provider.send({ to: 'ada@example.org', subject: 'Verify', text: 'Hello', idempotencyKey: 'verify-3' });
      expect(sent.messageId).toBe('<verify-3@api.example.org>');
      expect(smtp.received[0]?.raw).toContain('From: Mirai <no-reply@example.org>');
    } finally {
      provider.close();
      await smtp.close();
    }
  });

  it('writes the development mailbox in its data directory without an smtpUrl', async () => {
    const host = await createTestHost(mailSmtp, { dataDir: dir, instanceConfig: {} });
    await host.extension('mail').send({ to: 'grace@example.org', subject: 'Hi', text: 'x', idempotencyKey: 'verify-4' });
    expect(await readdir(join(dir, 'mailbox'))).toContain('verify-4.eml');
  });
});
