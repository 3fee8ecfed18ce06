import type { ApiClient } from '../api/client.server';
import { requireApiData } from './api-result.server';
import { textField } from './form-data';

const KINDS = [
  'generation.finished',
  'generation.failed',
  'export.ready',
  'course.assigned',
  'course.due-soon',
  'course.overdue',
  'course.completed',
] as const;
const CHANNELS = ['inApp', 'email', 'off'] as const;
type Channel = (typeof CHANNELS)[number];

const isChannel = (value: string): value is Channel => (CHANNELS as readonly string[]).includes(value);

/** Sends the choices the form carries (unknown values are left out; the API keeps the others). */
export async function saveNotificationPreferences(client: ApiClient, form: FormData) {
  const body: Partial<Record<(typeof KINDS)[number], Channel>> = {};
  for (const kind of KINDS) {
    const value = textField(form, kind);
    if (isChannel(value)) body[kind] = value;
  }
  await requireApiData(await client.PUT('/v1/me/notification-preferences', { body }), 'your notification choices');
  return { intent: 'notification-preferences' as const };
}
