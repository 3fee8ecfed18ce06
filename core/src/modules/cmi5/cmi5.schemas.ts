import { Type } from 'typebox';
import { Text } from '../../http/common.schemas.ts';

export { ImportBody } from '../scorm/scorm.schemas.ts';

export const ImportedCmi5CourseView = Type.Object({
  id: Type.String(),
  courseId: Type.String(),
  courseIri: Type.String(),
  title: Type.String(),
  fileCount: Type.Integer(),
  totalBytes: Type.Integer(),
  aus: Type.Array(
    Type.Object({
      lessonId: Type.String(),
      auIri: Type.String(),
      title: Type.String(),
      url: Type.String(),
      moveOn: Type.String(),
      masteryScore: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
});

export const Cmi5LaunchView = Type.Object({
  title: Type.String(),
  contentOrigin: Type.String({ description: 'The separate origin relative AUs are served from' }),
  launchUrl: Type.String({ description: 'The AU URL with endpoint, fetch, actor, registration and activityId; open it once' }),
  launchMethod: Type.String({ description: 'AnyWindow (an iframe will do) or OwnWindow (open a window or tab)' }),
  registration: Type.String(),
  sessionId: Type.String(),
  previousLessonId: Type.Union([Type.String(), Type.Null()]),
  nextLessonId: Type.Union([Type.String(), Type.Null()]),
});

/** Lenient on purpose: a malformed fetch URL gets the cmi5 error answer from the handler, not a validation problem. */
export const FetchParams = Type.Object({ sessionId: Text({ maxLength: 64 }), secret: Text({ maxLength: 256 }) });

export const FetchAnswerView = Type.Union([
  Type.Object({ 'auth-token': Type.String() }),
  Type.Object({ 'error-code': Type.String(), 'error-text': Type.String() }),
]);
