import { Type } from 'typebox';
import { Id, Text } from '../../http/common.schemas.ts';
import { Email } from '../identity/identity.schemas.ts';

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([Type.Null(), DateTime]);
/** A date-time in a request: ISO 8601 with its offset. */
const RequestDateTime = Type.String({ format: 'date-time', maxLength: 40 });
const NullableRequestDateTime = Type.Union([Type.Null(), RequestDateTime]);
const object = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });

export const GroupParams = Type.Object({ id: Id() });
export const GroupMemberParams = Type.Object({ id: Id(), memberId: Id() });
export const GroupCourseParams = Type.Object({ id: Id(), courseId: Id() });
export const CourseGradebookQuery = Type.Object({
  groupId: Type.Optional(Id({ description: "Only the learners of this group (the course's assignment to it)" })),
});
export const CourseLearnerParams = Type.Object({ id: Id(), userId: Id() });

export const GroupBody = object({
  name: Text({ minLength: 1, maxLength: 120 }),
  startsAt: Type.Optional(NullableRequestDateTime),
  dueAt: Type.Optional(Type.Union([Type.Null(), RequestDateTime], { description: 'Due date of every assigned course that has none of its own' })),
});
export const GroupPatchBody = object({
  name: Type.Optional(Text({ minLength: 1, maxLength: 120 })),
  startsAt: Type.Optional(NullableRequestDateTime),
  dueAt: Type.Optional(NullableRequestDateTime),
});

export const GroupView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  startsAt: NullableDateTime,
  dueAt: NullableDateTime,
  memberCount: Type.Integer(),
  courseCount: Type.Integer(),
  createdAt: DateTime,
});

export const GroupMemberView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  userId: Type.Union([Type.Null(), Type.String()], { description: 'Null while the invitation to the organisation is not accepted' }),
  status: Type.Enum(['member', 'invited']),
  addedAt: DateTime,
});

export const AddMembersBody = object({
  emails: Type.Array(Email, { minItems: 1, maxItems: 500, description: 'Every address must be valid, or nothing is added' }),
});
export const AddOutcomeView = Type.Enum(['added', 'invited', 'already-in-group'], {
  description: 'added: a member of the organisation, enrolled in the group’s courses; invited: mailed an invitation as learner, enrolled on joining',
});
export const AddMembersView = Type.Object({ items: Type.Array(Type.Object({ email: Type.String(), outcome: AddOutcomeView })) });

export const ImportBody = object({
  csv: Type.String({
    minLength: 1,
    maxLength: 1_000_000,
    description: 'The file: a column headed `email` (or addresses in the first column); comma or semicolon separated',
  }),
  commit: Type.Boolean({ description: 'false: only check and report; true: add the valid rows (all in one transaction) and report the bad ones' }),
});
export const ImportReportView = Type.Object({
  committed: Type.Boolean({ description: 'Whether the valid rows were added' }),
  valid: Type.Array(Type.Object({ row: Type.Integer(), email: Type.String(), outcome: Type.Union([Type.Null(), AddOutcomeView]) })),
  rejected: Type.Array(
    Type.Object({
      row: Type.Integer({ description: 'Row number as a spreadsheet shows it; the header is row 1' }),
      value: Type.String(),
      reason: Type.String(),
    }),
  ),
});

export const AssignmentBody = object({ dueAt: Type.Union([Type.Null(), RequestDateTime], { description: "Null: the group's due date applies" }) });
export const AssignmentView = Type.Object({
  groupId: Type.String(),
  courseId: Type.String(),
  courseTitle: Type.String(),
  dueAt: NullableDateTime,
  effectiveDueAt: Type.Union([Type.Null(), DateTime], { description: "The assignment's due date, else the group's" }),
  assignedAt: DateTime,
});

export const LearnerStatusView = Type.Enum(['invited', 'not-started', 'in-progress', 'completed', 'withdrawn']);
export const GradebookRowView = Type.Object({
  userId: Type.Union([Type.Null(), Type.String()]),
  email: Type.String(),
  courseId: Type.String(),
  courseTitle: Type.String(),
  groups: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  dueAt: NullableDateTime,
  status: LearnerStatusView,
  overdue: Type.Boolean(),
  completedLessons: Type.Integer(),
  totalLessons: Type.Integer(),
  completedAt: NullableDateTime,
  lastActivityAt: Type.Union([Type.Null(), DateTime], { description: 'Latest progress write, time report or quiz attempt' }),
  timeSpentSeconds: Type.Integer({
    description:
      'Active seconds in the course: per lesson, the time the learner view reported (visible tab, recent input) or a SCO’s own total time, whichever is larger',
  }),
  attempts: Type.Array(
    Type.Object({
      lessonId: Type.String(),
      lessonTitle: Type.String(),
      blockId: Type.String(),
      attempt: Type.Integer({ description: '1 for the first attempt of this quiz block, …' }),
      correct: Type.Integer(),
      total: Type.Integer(),
      passed: Type.Boolean(),
      at: DateTime,
    }),
  ),
});
export const GradebookView = Type.Object({ items: Type.Array(GradebookRowView) });
export const csvResponse = { description: 'The gradebook as CSV', content: { 'text/csv': { schema: { type: 'string' } } } };

export const MyAssignmentView = Type.Object({
  courseId: Type.String(),
  courseTitle: Type.String(),
  courseAvailable: Type.Boolean(),
  groups: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  startsAt: NullableDateTime,
  dueAt: NullableDateTime,
  status: Type.Enum(['not-started', 'in-progress', 'completed']),
  overdue: Type.Boolean(),
  enrolmentId: Type.Union([Type.Null(), Type.String()]),
  completedLessons: Type.Integer(),
  totalLessons: Type.Integer(),
});
