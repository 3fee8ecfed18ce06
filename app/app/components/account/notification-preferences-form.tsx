import { Form } from '@remix-run/react';
import type { paths } from '../../api/schema';

export type Preferences = paths['/v1/me/notification-preferences']['get']['responses'][200]['content']['application/json'];

const KINDS: ReadonlyArray<{ kind: keyof Preferences; label: string }> = [
  { kind: 'generation.finished', label: 'Generation finished' },
  { kind: 'generation.failed', label: 'Generation failed' },
  { kind: 'export.ready', label: 'Export ready' },
  { kind: 'course.assigned', label: 'Course assigned to you' },
  { kind: 'course.due-soon', label: 'Course due soon' },
  { kind: 'course.overdue', label: 'Course overdue' },
  { kind: 'course.completed', label: 'Course completed' },
];

/** One choice per kind: by e-mail (and in the app), in the app only, or not at all. */
export function NotificationPreferencesForm({ preferences, saved }: { preferences: Preferences; saved: boolean }) {
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="intent" value="notification-preferences" />
      <table className="preferences-table">
        <thead>
          <tr>
            <th scope="col">Notification</th>
            <th scope="col">How</th>
          </tr>
        </thead>
        <tbody>
          {KINDS.map(({ kind, label }) => (
            <tr key={kind}>
              <th scope="row">
                <label htmlFor={`pref-${kind}`}>{label}</label>
              </th>
              <td>
                <select id={`pref-${kind}`} name={kind} defaultValue={preferences[kind]}>
                  <option value="email">E-mail and in the app</option>
                  <option value="inApp">In the app only</option>
                  <option value="off">Off</option>
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="submit" className="button">
        Save notification choices
      </button>
      {saved ? <p role="status">Notification choices saved.</p> : null}
    </Form>
  );
}
