import type { ApiClient } from '../api/client.server';
import { requireApiData } from './api-result.server';
import { textField } from './form-data';

const CHANNELS = ['inApp', 'email', 'off'] as const;
type Channel = (typeof CHANNELS)[number];

const isChannel = (value: string): value is Channel => (CHANNELS as readonly string[]).includes(value);

/**
 * Sends the choices the form carries. The kinds come from the API's current answer, so a kind the
 * core adds needs no change here; values that are not a channel are left out (the API keeps them).
 */
export async function saveNotificationPreferences(client: ApiClient, form: FormData) {
  const current = await requireApiData(await client.GET('/v1/me/notification-preferences'), 'your notification choices');
  const body: Partial<typeof current> = {};
  for (const kind of Object.keys(current) as (keyof typeof current)[]) {
    const value = textField(form, kind);
    if (isChannel(value)) body[kind] = value;
  }
  await requireApiData(await client.PUT('/v1/me/notification-preferences', { body }), 'your notification choices');
  return { intent: 'notification-preferences' as const };
}
