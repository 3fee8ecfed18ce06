/** What a person can be told about; each has its own channel choice (docs/people.md, "Notifications"). */
export const NOTIFICATION_KINDS = [
  'generation.finished',
  'generation.failed',
  'export.ready',
  'course.assigned',
  'course.due-soon',
  'course.overdue',
  'course.completed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** `email` also keeps the notification in the in-app centre; `inApp` only there; `off` nothing at all. */
export const NOTIFICATION_CHANNELS = ['inApp', 'email', 'off'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * Until a person chooses: what asks something of them (a course to do, a deadline, a failed
 * generation, a long generation now done) comes by e-mail too; what they are already looking at
 * (an export, their own completion) stays in the app.
 */
export const DEFAULT_CHANNELS: Readonly<Record<NotificationKind, NotificationChannel>> = {
  'generation.finished': 'email',
  'generation.failed': 'email',
  'export.ready': 'inApp',
  'course.assigned': 'email',
  'course.due-soon': 'email',
  'course.overdue': 'email',
  'course.completed': 'inApp',
};
