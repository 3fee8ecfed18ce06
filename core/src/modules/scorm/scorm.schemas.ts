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

export const LaunchView = Type.Object({
  version: Type.Enum(['1.2', '2004']),
  title: Type.String(),
  contentOrigin: Type.String({ description: 'The separate origin package files are served from; postMessage from anywhere else is ignored' }),
  launcherUrl: Type.String({ description: 'Load in a sandboxed iframe; it runs the SCORM API and posts commits to the parent' }),
  scoUrl: Type.String(),
  cmi: CmiTree,
  previousLessonId: Type.Union([Type.String(), Type.Null()]),
  nextLessonId: Type.Union([Type.String(), Type.Null()]),
});

export const CommitBody = Type.Object({ cmi: CmiTree }, { additionalProperties: false });

export const CommitView = Type.Object({
  completionStatus: Type.String(),
  successStatus: Type.String(),
  scoreScaled: Type.Union([Type.Number(), Type.Null()]),
  scoreRaw: Type.Union([Type.Number(), Type.Null()]),
  totalTime: Type.String(),
  commits: Type.Integer(),
  lessonCompleted: Type.Boolean(),
});
