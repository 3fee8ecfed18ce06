import { createHash, randomBytes } from 'node:crypto';

/** 256 bits of randomness, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored hashed: a database leak must not yield usable sessions or invitations. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
