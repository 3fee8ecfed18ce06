import type { FormErrors } from './form-errors';

/** Which of the account page's forms a submission came from (its hidden `intent` field). */
export type AccountIntent = 'email' | 'password' | 'end-session';

/** What the account page's action answers; each form shows only the results of its own intent. */
export type AccountResult =
  | { intent: AccountIntent; errors: FormErrors; values: Record<string, string> }
  | { intent: 'email'; requested: string }
  | { intent: 'password'; otherSessionsEnded: number }
  | { intent: 'end-session'; ended: string }
  | { intent: 'notification-preferences' }
  | { intent: 'mail-language' };

/** A session as the account page lists it (the API's fields; dates as ISO strings). */
export interface AccountSession {
  id: string;
  organisationId: string;
  createdAt: string;
  expiresAt: string;
  current: boolean;
}

/** `2026-12-06T23:59:34.000Z` → `2026-12-06 23:59 UTC` (the same on server and client). */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
