import { Link, useNavigate } from '@remix-run/react';
import { useEffect } from 'react';
import type { ScormLaunch } from './scorm-messages';
import { ScormPlayer } from './scorm-player';
import { useScormCommits } from './use-scorm-commits';

const percent = (scaled: number | null) => (scaled === null ? null : `${Math.round(scaled * 100)} %`);

/** Commit answers already acted on: the keyed fetcher keeps its last answer across lessons, which must not navigate twice. */
const followed = new WeakSet<object>();

function courseLine(course: { completed: boolean | null; satisfied: boolean | null }): string | null {
  if (course.completed === null && course.satisfied === null) return null;
  const parts = [course.completed === true ? 'completed' : course.completed === false ? 'not completed yet' : null];
  parts.push(course.satisfied === true ? 'passed' : course.satisfied === false ? 'not passed' : null);
  return `Course: ${parts.filter((part) => part !== null).join(', ')}`;
}

/**
 * A SCORM lesson: the SCO, what was last saved, and navigation between SCOs. A SCORM 2004 package
 * with sequencing navigates as the server's sequencer says (Next/Previous only where continue/
 * previous are allowed; a SCO's own request answered with its terminating commit); other packages
 * move in lesson order.
 */
export function ScormLesson(props: { courseId: string; lessonId: string; enrolmentId: string; launch: ScormLaunch }) {
  const { courseId, lessonId, enrolmentId, launch } = props;
  const navigate = useNavigate();
  const { commit, saving, result } = useScormCommits(enrolmentId, `/learn/${courseId}/${lessonId}`);
  const to = (lessonId: string | null) => (lessonId === null ? `/learn/${courseId}` : `/learn/${courseId}/${lessonId}`);
  const sequenced = launch.navigation !== null;
  const outcome = result?.saved?.navigation ?? null;
  useEffect(() => {
    if (outcome === null || followed.has(outcome)) return;
    followed.add(outcome);
    if (outcome.action === 'launch') navigate(to(outcome.lessonId));
    else if (outcome.action === 'end') navigate(`/learn/${courseId}`);
  });
  const onTerminated = (request: string) => {
    if (sequenced) return;
    if (request === 'continue') navigate(to(launch.nextLessonId));
    else if (request === 'previous' && launch.previousLessonId !== null) navigate(to(launch.previousLessonId));
    else if (request === 'exitAll' || request === 'suspendAll') navigate(`/learn/${courseId}`);
  };
  const saved = result?.saved;
  return (
    <div className="scorm-lesson">
      <ScormPlayer launch={launch} onCommit={(cmi, navRequest) => commit(cmi, navRequest)} onTerminated={onTerminated} />
      <p className="meta" role="status" data-testid="scorm-status">
        {result?.error !== undefined
          ? result.error
          : saving
            ? 'Saving your progress…'
            : saved === undefined
              ? launch.cmi.entry === 'resume' || (launch.cmi.core as { entry?: string } | undefined)?.entry === 'resume'
                ? 'Resuming where you left off.'
                : 'Your progress is saved as you go.'
              : [
                  `Saved: ${saved.completionStatus}`,
                  saved.successStatus === 'unknown' ? null : saved.successStatus,
                  percent(saved.scoreScaled) === null ? null : `score ${percent(saved.scoreScaled)}`,
                  saved.lessonCompleted ? 'lesson completed' : null,
                ]
                  .filter((part) => part !== null)
                  .join(', ')}
      </p>
      {outcome?.action === 'stay' && outcome.refusal !== null ? (
        <p className="alert" role="alert" data-testid="scorm-navigation-refused">
          {outcome.refusal}
        </p>
      ) : null}
      {launch.navigation === null ? null : (
        <p className="meta" data-testid="scorm-course-status">
          {courseLine(launch.navigation.course)}
        </p>
      )}
      <div className="player__nav">
        {launch.previousLessonId === null ? (
          <span />
        ) : (
          <Link className="button button--secondary" to={`${to(launch.previousLessonId)}${sequenced ? '?request=previous' : ''}`}>
            Previous lesson
          </Link>
        )}
        <Link className="button" to={launch.nextLessonId === null ? to(null) : `${to(launch.nextLessonId)}${sequenced ? '?request=continue' : ''}`}>
          {launch.nextLessonId === null ? 'Back to the course' : 'Next lesson'}
        </Link>
      </div>
    </div>
  );
}
