import { Type } from 'typebox';

export const ImportBody = Type.Object(
  { uploadId: Type.String({ format: 'uuid', description: 'A completed upload (POST /v1/uploads) of the package zip' }) },
  { additionalProperties: false },
);

const ScoView = Type.Object({
  lessonId: Type.String(),
  itemIdentifier: Type.String(),
  title: Type.String(),
  launchPath: Type.String(),
});

export const ImportedPackageView = Type.Object({
  id: Type.String(),
  courseId: Type.String(),
  version: Type.Enum(['1.2', '2004']),
  identifier: Type.String(),
  title: Type.String(),
  fileCount: Type.Integer(),
  totalBytes: Type.Integer(),
  scos: Type.Array(ScoView),
});

/** The CMI tree as scorm-again renders it (`renderCommitCMI`): `{ core: {...}, suspend_data, interactions, ... }` below `cmi`. */
const CmiTree = Type.Record(Type.String(), Type.Unknown(), { description: 'The CMI data model below `cmi`, as nested objects' });

/** What the sequencer allows now (SCORM 2004 packages with sequencing); null for plain lesson order. */
const NavigationView = Type.Union([
  Type.Object({
    requestValid: Type.Object(
      {
        continue: Type.Boolean(),
        previous: Type.Boolean(),
        choice: Type.Record(Type.String(), Type.Boolean(), { description: 'By item identifier' }),
      },
      { description: 'What adl.nav.request_valid answers the SCO' },
    ),
    lessons: Type.Array(
      Type.Object({
        lessonId: Type.String(),
        itemIdentifier: Type.String(),
        hidden: Type.Boolean({ description: 'hiddenFromChoice: not listed' }),
        available: Type.Boolean({ description: 'Whether the learner may choose it now' }),
        reason: Type.Union([Type.String(), Type.Null()], { description: 'Why not, when not available' }),
      }),
    ),
    course: Type.Object({
      completed: Type.Union([Type.Boolean(), Type.Null()], { description: "The root activity's rolled-up completion; null unknown" }),
      satisfied: Type.Union([Type.Boolean(), Type.Null()], { description: "The root activity's rolled-up success; null unknown" }),
    }),
  }),
  Type.Null(),
]);

export const LaunchQuery = Type.Object(
  {
    request: Type.Optional(
      Type.Enum(['continue', 'previous', 'choice'], {
        description: "How the learner got here: the player's Next/Previous (a flow request) or the lesson list (a choice, the default)",
      }),
    ),
  },
  { additionalProperties: false },
);

export const LaunchView = Type.Object({
  version: Type.Enum(['1.2', '2004']),
  title: Type.String(),
  contentOrigin: Type.String({ description: 'The separate origin package files are served from; postMessage from anywhere else is ignored' }),
  launcherUrl: Type.String({ description: 'Load in a sandboxed iframe; it runs the SCORM API and posts commits to the parent' }),
  scoUrl: Type.String(),
  cmi: CmiTree,
  previousLessonId: Type.Union([Type.String(), Type.Null()]),
  nextLessonId: Type.Union([Type.String(), Type.Null()]),
  navigation: NavigationView,
});

export const CommitBody = Type.Object(
  {
    cmi: CmiTree,
    navRequest: Type.Optional(
      Type.String({
        maxLength: 4100,
        pattern:
          '^(_none_|continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|\\{target=[^{}\\u0000-\\u001f\\uD800-\\uDFFF]{1,4000}\\}(choice|jump))$',
        description: "Only on a SCORM 2004 SCO's terminating commit: its adl.nav.request, which the sequencer then acts on",
      }),
    ),
  },
  { additionalProperties: false },
);

/** After a terminating commit of a sequenced package: launch the next lesson, leave for the course page, or stay. */
const NavigationOutcome = Type.Union([
  Type.Object({ action: Type.Literal('launch'), lessonId: Type.String() }),
  Type.Object({ action: Type.Literal('end') }),
  Type.Object({ action: Type.Literal('stay'), refusal: Type.Union([Type.String(), Type.Null()]) }),
  Type.Null(),
]);

export const CommitView = Type.Object({
  completionStatus: Type.String(),
  successStatus: Type.String(),
  scoreScaled: Type.Union([Type.Number(), Type.Null()]),
  scoreRaw: Type.Union([Type.Number(), Type.Null()]),
  totalTime: Type.String(),
  commits: Type.Integer(),
  lessonCompleted: Type.Boolean(),
  navigation: NavigationOutcome,
});
