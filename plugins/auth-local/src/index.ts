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

// ASVS 2.1.1/2.1.2: long passphrases welcome, but nothing above 128 characters (counted as code
// points, as the API's schema counts them), so hashing cost stays bounded.
const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 128;

function checkPasswordLength(password: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  if (length > MAX_PASSWORD_LENGTH)
    throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `password must have at most ${MAX_PASSWORD_LENGTH} characters`);
}

export function createPasswordProvider(state: PluginStateStore): PasswordAuthProvider {
  return {
    kind: 'password',
    async createCredential({ email, password }): Promise<AuthIdentity> {
      checkPasswordLength(password);
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
    async setPassword({ subject, password }): Promise<void> {
      checkPasswordLength(password);
      const email = await state.get(subjectKey(subject));
      const credential = typeof email === 'string' ? asCredential(await state.get(credentialKey(email))) : null;
      if (credential === null) throw new PluginError('MIRAI_ERR_PLUGIN_NOT_FOUND', 'no credential for this subject');
      await state.set(credentialKey(credential.email), { ...credential, hash: await hashPassword(password) });
    },
    async changeEmail({ subject, email }): Promise<void> {
      const previous = await state.get(subjectKey(subject));
      const credential = typeof previous === 'string' ? asCredential(await state.get(credentialKey(previous))) : null;
      if (credential === null) throw new PluginError('MIRAI_ERR_PLUGIN_NOT_FOUND', 'no credential for this subject');
      const normalized = email.trim().toLowerCase();
      if (normalized === credential.email) return;
      // ifAbsent: the new address must not already hold someone's credential.
      await state.set(credentialKey(normalized), { ...credential, email: normalized }, { ifAbsent: true });
      await state.set(subjectKey(subject), normalized);
      await state.delete(credentialKey(credential.email));
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
