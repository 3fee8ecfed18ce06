import { createTestHost } from '@mirai/sdk-plugin/testing';
import { describe, expect, it } from 'vitest';
import plugin from './index.ts';

async function provider() {
  const host = await createTestHost(plugin);
  const auth = host.extension('auth');
  if (auth.kind !== 'password') throw new Error('auth-local must be a password provider');
  return { host, auth };
}

describe('auth-local', () => {
  it('verifies the password it stored and rejects a wrong one', async () => {
    const { auth } = await provider();
    const created = await auth.createCredential({ email: 'Ada@Example.com ', password: 'correct horse battery' });
    expect(created.email).toBe('ada@example.com');
    await expect(auth.verifyCredential({ email: 'ada@example.com', password: 'correct horse battery' })).resolves.toEqual(created);
    await expect(auth.verifyCredential({ email: 'ada@example.com', password: 'correct horse batterz' })).resolves.toBeNull();
    await expect(auth.verifyCredential({ email: 'nobody@example.com', password: 'correct horse battery' })).resolves.toBeNull();
  });

  it('never stores the password itself', async () => {
    const { host, auth } = await provider();
    await auth.createCredential({ email: 'a@example.com', password: 'correct horse battery' });
    expect(JSON.stringify([...host.state])).not.toContain('correct horse battery');
  });

  it('refuses a second credential for the same email and short passwords', async () => {
    const { auth } = await provider();
    await auth.createCredential({ email: 'a@example.com', password: 'correct horse battery' });
    await expect(auth.createCredential({ email: 'A@example.com', password: 'another long one' })).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_CONFLICT',
    });
    await expect(auth.createCredential({ email: 'b@example.com', password: 'short' })).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_BAD_INPUT' });
  });

  it('takes passwords up to 128 characters (counted as code points) and refuses longer ones', async () => {
    const { auth } = await provider();
    const longest = '🔑'.repeat(128);
    const created = await auth.createCredential({ email: 'long@example.com', password: longest });
    await expect(auth.verifyCredential({ email: 'long@example.com', password: longest })).resolves.toEqual(created);
    await expect(auth.createCredential({ email: 'longer@example.com', password: 'x'.repeat(129) })).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_BAD_INPUT',
    });
    await expect(auth.setPassword?.({ subject: created.subject, password: 'x'.repeat(129) })).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_BAD_INPUT',
    });
  });

  it('forgets a deleted credential', async () => {
    const { auth } = await provider();
    const { subject } = await auth.createCredential({ email: 'a@example.com', password: 'correct horse battery' });
    await auth.deleteCredential(subject);
    await expect(auth.verifyCredential({ email: 'a@example.com', password: 'correct horse battery' })).resolves.toBeNull();
  });

  it('sets a new password and moves a credential to a free address only', async () => {
    const { auth } = await provider();
    const ada = await auth.createCredential({ email: 'ada@example.com', password: 'correct horse battery' });
    await auth.createCredential({ email: 'bob@example.com', password: 'correct horse battery' });
    await expect(auth.setPassword?.({ subject: ada.subject, password: 'short' })).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_BAD_INPUT' });
    await auth.setPassword?.({ subject: ada.subject, password: 'a brand new passphrase' });
    await expect(auth.verifyCredential({ email: 'ada@example.com', password: 'correct horse battery' })).resolves.toBeNull();
    await expect(auth.changeEmail?.({ subject: ada.subject, email: 'bob@example.com' })).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_CONFLICT' });
    await auth.changeEmail?.({ subject: ada.subject, email: 'Ada@New.example' });
    await expect(auth.verifyCredential({ email: 'ada@example.com', password: 'a brand new passphrase' })).resolves.toBeNull();
    await expect(auth.verifyCredential({ email: 'ada@new.example', password: 'a brand new passphrase' })).resolves.toEqual({
      subject: ada.subject,
      email: 'ada@new.example',
    });
    // The moved credential is deleted by its subject like any other.
    await auth.deleteCredential(ada.subject);
    await expect(auth.verifyCredential({ email: 'ada@new.example', password: 'a brand new passphrase' })).resolves.toBeNull();
  });
});
