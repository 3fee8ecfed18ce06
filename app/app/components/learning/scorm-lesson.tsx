import { Link, useNavigate } from '@remix-run/react';
import type { ScormLaunch } from './scorm-messages';
import { ScormPlayer } from './scorm-player';
import { useScormCommits } from './use-scorm-commits';

const percent = (scaled: number | null) => (scaled === null ? null : `${Math.round(scaled * 100)} %`);

/** A SCORM lesson: the SCO, what was last saved, and SCORM 2004 flow navigation (continue/previous) between SCOs. */
export function ScormLesson(props: { courseId: string; enrolmentId: string; launch: ScormLaunch }) {
  const { courseId, enrolmentId, launch } = props;
  const navigate = useNavigate();
  const { commit, saving, result } = useScormCommits(enrolmentId);
  const to = (lessonId: string | null) => (lessonId === null ? `/learn/${courseId}` : `/learn/${courseId}/${lessonId}`);
  const onTerminated = (request: string) => {
    if (request === 'continue') navigate(to(launch.nextLessonId));
    else if (request === 'previous' && launch.previousLessonId !== null) navigate(to(launch.previousLessonId));
    else if (request === 'exitAll' || request === 'suspendAll') navigate(`/learn/${courseId}`);
  };
  const saved = result?.saved;
  return (
    <div className="scorm-lesson">
      <ScormPlayer launch={launch} onCommit={(cmi) => commit(cmi)} onTerminated={onTerminated} />
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
      <div className="player__nav">
        {launch.previousLessonId === null ? (
          <span />
        ) : (
          <Link className="button button--secondary" to={to(launch.previousLessonId)}>
            Previous lesson
          </Link>
        )}
        <Link className="button" to={to(launch.nextLessonId)}>
          {launch.nextLessonId === null ? 'Back to the course' : 'Next lesson'}
        </Link>
      </div>
    </div>
  );
}
