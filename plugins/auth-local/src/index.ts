import { randomUUID } from 'node:crypto';
import { type AuthIdentity, definePlugin, type JsonValue, type PasswordAuthProvider, PluginError, type PluginStateStore } from '@mirai/sdk-plugin';
import { decoyHash, hashPassword, verifyPassword } from './password-hash.ts';

interface StoredCredential {
  subject: string;
  email: string;
  hash: string;
}

const credentialKey = (email: string) => `credential:${email.trim().toLowerCase()}`;
const subjectKey = (subject: string) => `subject:${subject}`;

function asCredential(value: JsonValue | null): StoredCredential | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { subject, email, hash } = value;
  return typeof subject === 'string' && typeof email === 'string' && typeof hash === 'string' ? { subject, email, hash } : null;
}

export function createPasswordProvider(state: PluginStateStore): PasswordAuthProvider {
  return {
    kind: 'password',
    async createCredential({ email, password }): Promise<AuthIdentity> {
      if (password.length < 10) throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', 'password must have at least 10 characters');
      const normalized = email.trim().toLowerCase();
      const credential: StoredCredential = { subject: randomUUID(), email: normalized, hash: await hashPassword(password) };
      await state.set(credentialKey(normalized), { ...credential }, { ifAbsent: true });
      await state.set(subjectKey(credential.subject), normalized);
      return { subject: credential.subject, email: normalized };
    },
    async verifyCredential({ email, password }): Promise<AuthIdentity | null> {
      const credential = asCredential(await state.get(credentialKey(email)));
      const valid = await verifyPassword(password, credential?.hash ?? (await decoyHash()));
      return credential !== null && valid ? { subject: credential.subject, email: credential.email } : null;
    },
    async deleteCredential(subject): Promise<void> {
      const email = await state.get(subjectKey(subject));
      if (typeof email === 'string') await state.delete(credentialKey(email));
      await state.delete(subjectKey(subject));
    },
  };
}

export default definePlugin({
  name: 'auth-local',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: ['auth'],
  register(context) {
    context.provide('auth', createPasswordProvider(context.state));
  },
});
