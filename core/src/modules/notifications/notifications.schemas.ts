import { Type } from 'typebox';

const Kind = Type.Union(
  [
    Type.Literal('generation.finished'),
    Type.Literal('generation.failed'),
    Type.Literal('export.ready'),
    Type.Literal('course.assigned'),
    Type.Literal('course.due-soon'),
    Type.Literal('course.overdue'),
    Type.Literal('course.completed'),
  ],
  { description: 'What the notification is about' },
);
const Channel = Type.Union([Type.Literal('inApp'), Type.Literal('email'), Type.Literal('off')], {
  description: 'inApp: the notification centre only; email: the centre and an e-mail; off: nothing',
});

/** The schemas spell the kinds and channels out for the generated client; these must stay the lists of notification-kinds.ts. */
export const SCHEMA_KINDS = Kind.anyOf.map((literal) => literal.const);
export const SCHEMA_CHANNELS = Channel.anyOf.map((literal) => literal.const);

export const NotificationView = Type.Object({
  id: Type.String(),
  kind: Kind,
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()], { description: 'An app path to open, or null' }),
  payload: Type.Record(Type.String(), Type.Unknown(), { description: 'Facts about the source, e.g. courseId, dueAt' }),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const NotificationListQuery = Type.Object({
  unread: Type.Optional(Type.Boolean({ description: 'Only unread notifications' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
});

export const NotificationList = Type.Object({
  items: Type.Array(NotificationView),
  total: Type.Integer({ minimum: 0, description: 'How many match the filter' }),
  unread: Type.Integer({ minimum: 0, description: "The caller's unread count (also pushed over /v1/ws)" }),
  nextOffset: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
});

export const UnreadView = Type.Object({ unread: Type.Integer({ minimum: 0 }) });

export const PreferencesView = Type.Object(
  {
    'generation.finished': Channel,
    'generation.failed': Channel,
    'export.ready': Channel,
    'course.assigned': Channel,
    'course.due-soon': Channel,
    'course.overdue': Channel,
    'course.completed': Channel,
  },
  { description: 'The channel of each notification kind' },
);

export const PreferencesBody = Type.Partial(PreferencesView, { additionalProperties: false, minProperties: 1 });
