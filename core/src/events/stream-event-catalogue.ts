import { type Static, type TObject, type TSchema, Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { BlocksSchema } from '../modules/courses/block.schemas.ts';

/**
 * Every event a job stream carries (`GET /v1/ws`), each defined once. Event names are stable API:
 * the app switches on them, so never rename one; add a new event instead. Each is documented in
 * docs/realtime.md (a test fails when one is missing there, or a documented one is not here),
 * published as the `JobStreamMessage` component of core/openapi.json, and checked when stored.
 */

/** Which job of a stream an event is about: a fan-out's stream mixes a parent's and its children's events. */
const JobRef = {
  jobId: Type.String(),
  kind: Type.String({ description: 'The job kind, e.g. generate-outline' }),
  parentId: Type.Union([Type.String(), Type.Null()]),
};
/** The keys every event's `data` carries; the runner fills them in for handlers. */
export const JOB_REF_KEYS = ['jobId', 'kind', 'parentId'] as const;

const event = <P extends Record<string, TSchema>>(properties: P, description: string) => Type.Object({ ...JobRef, ...properties }, { description });
// 0 for a job that ended before any attempt ran (cancelled while queued).
const Attempt = Type.Integer({ minimum: 0 });
const Id = Type.String();

const lessonPlace = {
  lessonId: Id,
  moduleId: Id,
  lessonTitle: Type.String(),
  modulePosition: Type.Integer(),
  lessonPosition: Type.Integer(),
};

export const STREAM_EVENTS = {
  'job.queued': event(
    {
      exportId: Type.Optional(Id),
      format: Type.Optional(Type.String()),
      documentId: Type.Optional(Id),
      smeId: Type.Optional(Id),
    },
    'Accepted, waiting for a worker (stored with the job, so it is the first event of its stream)',
  ),
  'job.started': event({ attempt: Attempt }, 'A worker started the job'),
  'job.resumed': event({ attempt: Attempt }, 'Delivered again after a worker crashed or stopped'),
  'job.progress': event(
    {
      percent: Type.Integer({ minimum: 0, maximum: 100 }),
      message: Type.String(),
      provider: Type.Optional(Type.String()),
      total: Type.Optional(Type.Integer()),
      exportId: Type.Optional(Id),
      documentId: Type.Optional(Id),
    },
    'Progress of a job; a handler may add more JSON fields',
  ),
  'job.retrying': event(
    { attempt: Attempt, nextAttempt: Attempt, reason: Type.String(), delayMs: Type.Integer({ minimum: 0 }) },
    'A transient failure; the job runs again after delayMs',
  ),
  'job.completed': event(
    { attempt: Type.Optional(Attempt), result: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]) },
    'Done; a fan-out parent completes when its last child is final',
  ),
  'job.failed': event({ attempt: Type.Optional(Attempt), error: Type.Union([Type.String(), Type.Null()]) }, 'Failed for good'),
  'job.cancelled': event({ attempt: Type.Optional(Attempt) }, 'Cancelled'),
  'outline.completed': event(
    {
      courseId: Id,
      provenance: Type.Object({
        jobId: Id,
        provider: Type.String(),
        providerLabel: Type.String(),
        withoutModel: Type.Optional(Type.Boolean()),
        model: Type.String(),
        promptVersion: Type.String(),
        sourceChunkIds: Type.Array(Id),
      }),
      modules: Type.Array(
        Type.Object({
          id: Id,
          title: Type.String(),
          lessons: Type.Array(Type.Object({ id: Id, title: Type.String(), objectives: Type.Array(Type.String()) })),
        }),
      ),
    },
    'The outline was saved',
  ),
  'lesson.started': event(lessonPlace, 'A lesson is being written'),
  'lesson.delta': event({ lessonId: Id, text: Type.String() }, 'The lesson being written, as it streams'),
  'lesson.completed': event(
    {
      ...lessonPlace,
      version: Type.Integer({ minimum: 1 }),
      blocks: BlocksSchema,
      provider: Type.String(),
      providerLabel: Type.String(),
      /** Set when a model's rewrite does not show the author's instruction (the version is kept; the author is told). */
      instructionNotFollowed: Type.Optional(Type.String()),
      sources: Type.Array(Type.Object({ id: Id, smeName: Type.String(), documentTitle: Type.String(), excerpt: Type.String() })),
    },
    'The lesson was saved as a new version',
  ),
  'export.completed': event(
    { exportId: Id, format: Type.String(), fileName: Type.String(), size: Type.Integer({ minimum: 0 }) },
    'The export file is in storage',
  ),
  'document.extracted': event(
    { documentId: Id, smeId: Id, title: Type.String(), chunkCount: Type.Integer({ minimum: 0 }) },
    'A document was read and indexed',
  ),
} satisfies Record<string, TObject>;

export type StreamEventType = keyof typeof STREAM_EVENTS;
export type StreamEventData<T extends StreamEventType> = Static<(typeof STREAM_EVENTS)[T]>;
/** One event as published: its name and its data, checked together. */
export type StreamEventInput = { [T in StreamEventType]: { type: T; data: StreamEventData<T> } }[StreamEventType];
type RefKey = (typeof JOB_REF_KEYS)[number];
/** What a job handler publishes: the runner adds `jobId`, `kind` and `parentId`. */
export type HandlerEventInput = { [T in StreamEventType]: { type: T; data: Omit<StreamEventData<T>, RefKey> } }[StreamEventType];

const checkers = new Map(Object.entries(STREAM_EVENTS).map(([type, schema]) => [type, Compile(schema)]));

/** Refuses an event the catalogue does not define, or whose data does not match its schema. */
export function assertStreamEvent(type: string, data: unknown): void {
  const checker = checkers.get(type);
  if (checker === undefined) throw new Error(`"${type}" is not a job stream event (core/src/events/stream-event-catalogue.ts)`);
  if (!checker.Check(data)) {
    const [first] = checker.Errors(data);
    throw new Error(`"${type}" event data does not match its schema: ${first?.instancePath ?? ''} ${first?.message ?? ''}`.trim());
  }
}

const streamMessage = <N extends string, D extends TSchema>(name: N, data: D) =>
  Type.Object({
    type: Type.Literal('event'),
    jobId: Type.String({ description: 'The stream: the root job of a fan-out' }),
    seq: Type.Integer({ minimum: 1 }),
    event: Type.Literal(name),
    courseId: Type.Union([Type.String(), Type.Null()]),
    data,
    at: Type.String({ format: 'date-time' }),
  });

/** One event as `/v1/ws` sends it: a union discriminated by `event`, for the app's reducers. */
export const JobStreamMessageSchema = Type.Union(
  Object.entries(STREAM_EVENTS).map(([name, data]) => streamMessage(name, data)),
  { $id: 'JobStreamMessage', description: 'An event of a job stream, as /v1/ws sends it (docs/realtime.md)' },
);

/** The answers to `subscribe`: a job's last delivered seq, or a course's active jobs with their kind. */
export const JobStreamSubscribedSchema = Type.Union(
  [
    Type.Object({ type: Type.Literal('subscribed'), jobId: Type.String(), lastSeq: Type.Integer({ minimum: 0 }) }),
    Type.Object({
      type: Type.Literal('subscribed'),
      courseId: Type.String(),
      activeJobs: Type.Array(Type.Object({ jobId: Type.String(), kind: Type.String(), lastSeq: Type.Integer({ minimum: 0 }) })),
    }),
  ],
  { $id: 'JobStreamSubscribed', description: 'The answer to a subscribe message on /v1/ws' },
);
export type JobStreamSubscribed = Static<typeof JobStreamSubscribedSchema>;
