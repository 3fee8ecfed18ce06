import type { ProjectOptions } from '../project-files.ts';

export function authTemplate(options: ProjectOptions): { index: string; test: string } {
  return {
    index: `import { randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { definePlugin, PluginError } from '@mirai/sdk-plugin';

const derive = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

interface Credential {
  subject: string;
  salt: string;
  hash: string;
}

// Credentials are kept in plugin state (scrypt hashes), found by e-mail and by subject.
export default definePlugin({
  name: '${options.name}',
  version: '0.1.0',
  engine: '${options.engine}',
  capabilities: ['auth'],
  register(context) {
    const key = (email: string) => \`credential:\${email.toLowerCase()}\`;
    context.provide('auth', {
      kind: 'password',
      async createCredential({ email, password }) {
        const salt = randomBytes(16);
        const credential: Credential = { subject: randomUUID(), salt: salt.toString('base64'), hash: (await derive(password, salt, 32)).toString('base64') };
        const created = await context.state.transaction(async (tx) => {
          if ((await tx.get(key(email))) !== null) return false;
          await tx.set(key(email), { ...credential });
          await tx.set(\`subject:\${credential.subject}\`, email.toLowerCase());
          return true;
        });
        if (!created) throw new PluginError('MIRAI_ERR_PLUGIN_CONFLICT', 'An account with this e-mail exists');
        return { subject: credential.subject, email };
      },
      async verifyCredential({ email, password }) {
        const stored = (await context.state.get(key(email))) as Credential | null;
        if (stored === null) return null;
        const hash = await derive(password, Buffer.from(stored.salt, 'base64'), 32);
        return timingSafeEqual(hash, Buffer.from(stored.hash, 'base64')) ? { subject: stored.subject, email } : null;
      },
      async deleteCredential(subject) {
        await context.state.transaction(async (tx) => {
          const email = await tx.get(\`subject:\${subject}\`);
          if (typeof email === 'string') await tx.delete(key(email));
          await tx.delete(\`subject:\${subject}\`);
        });
      },
    });
  },
});
`,
    test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import plugin from './index.ts';

test('verifies the password it stored and refuses another', async () => {
  const host = await createTestHost(plugin);
  const auth = host.extension('auth');
  assert.equal(auth.kind, 'password');
  if (auth.kind !== 'password') return;
  const created = await auth.createCredential({ email: 'ada@example.com', password: 'correct horse' });
  assert.equal((await auth.verifyCredential({ email: 'ada@example.com', password: 'correct horse' }))?.subject, created.subject);
  assert.equal(await auth.verifyCredential({ email: 'ada@example.com', password: 'wrong' }), null);
  await auth.deleteCredential(created.subject);
  assert.equal(await auth.verifyCredential({ email: 'ada@example.com', password: 'correct horse' }), null);
});
`,
  };
}
