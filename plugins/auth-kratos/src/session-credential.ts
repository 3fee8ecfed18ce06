import { createHash } from 'node:crypto';
import type { AuthRequestView } from '@mirai/sdk-plugin';

/** What the caller presented: Kratos' session cookie (browsers) or a session token (API clients). */
export type SessionCredential = { kind: 'cookie'; name: string; value: string } | { kind: 'token'; value: string };

function cookieValue(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

/**
 * The credential of a request: `X-Session-Token`, then `Authorization: Bearer`, then the session
 * cookie. Only the session cookie is forwarded to Kratos, never the caller's other cookies.
 */
export function sessionCredential(request: AuthRequestView, cookieName: string): SessionCredential | null {
  const token = request.headers['x-session-token']?.trim();
  if (token !== undefined && token !== '') return { kind: 'token', value: token };
  const authorization = request.headers.authorization?.trim();
  if (authorization !== undefined && /^bearer /i.test(authorization)) {
    const bearer = authorization.slice('bearer '.length).trim();
    if (bearer !== '') return { kind: 'token', value: bearer };
  }
  const cookie = request.headers.cookie;
  const value = cookie === undefined ? undefined : cookieValue(cookie, cookieName);
  return value === undefined ? null : { kind: 'cookie', name: cookieName, value };
}

/** The cache key: a hash, so the cache never holds a usable credential. */
export function credentialKey(credential: SessionCredential): string {
  return createHash('sha256').update(`${credential.kind}\u0000${credential.value}`).digest('base64url');
}
