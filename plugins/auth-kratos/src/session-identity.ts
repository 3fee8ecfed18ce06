import type { ResolvedSession } from '@mirai/sdk-plugin';
import { PluginError } from '@mirai/sdk-plugin';
import type { Session } from '@ory/client';

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function nameOf(traits: Record<string, unknown>): string | undefined {
  const { name } = traits;
  if (typeof name === 'string' && name.trim() !== '') return name.trim();
  const parts = record(name);
  const full = [parts.first, parts.last].filter((part): part is string => typeof part === 'string' && part.trim() !== '').join(' ');
  return full === '' ? undefined : full;
}

/**
 * The Mirai identity of an active Kratos session: the identity id is the subject, the email comes
 * from the `email` trait (the usual identity schema) or else the first email verifiable address,
 * and it counts as verified only when Kratos marked that address verified.
 */
export function identityOfSession(session: Session): ResolvedSession {
  const identity = session.identity;
  if (identity === undefined) throw new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', 'Kratos returned a session without an identity');
  const traits = record(identity.traits);
  const addresses = (identity.verifiable_addresses ?? []).filter((address) => address.via === 'email');
  const traitEmail = typeof traits.email === 'string' ? traits.email.trim().toLowerCase() : undefined;
  const email = traitEmail ?? addresses[0]?.value.trim().toLowerCase();
  if (email === undefined || email === '')
    throw new PluginError('MIRAI_ERR_PLUGIN_FORBIDDEN', 'This Kratos identity has no email address; Mirai needs one to sign you in');
  const address = addresses.find((candidate) => candidate.value.trim().toLowerCase() === email);
  const name = nameOf(traits);
  return {
    subject: identity.id,
    email,
    emailVerified: address?.verified === true,
    sessionId: session.id,
    ...(name === undefined ? {} : { name }),
  };
}

/** When Kratos says the session ends, in epoch ms; undefined when it does not say. */
export function sessionExpiry(session: Session): number | undefined {
  if (session.expires_at === undefined) return undefined;
  const expires = Date.parse(session.expires_at);
  return Number.isNaN(expires) ? undefined : expires;
}
