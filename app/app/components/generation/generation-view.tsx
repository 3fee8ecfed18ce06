import { Link, useFetcher, useRevalidator } from '@remix-run/react';
import { useEffect, useReducer } from 'react';
import type { StreamMessage } from '../../lib/ws-course-stream';
import { useCourseStream } from '../../lib/ws-use-course-stream';
import { Markdown } from '../lesson-blocks/markdown';
import { countReady, type GenerationState, generationReducer, type LessonProgress } from './generation-state';

const PHASE_LABEL = { pending: 'Waiting', writing: 'Writing…', ready: 'Written', failed: 'Not written' } as const;

/** Live lesson generation: progress per module and lesson, the lesson being written as it streams, sources, cancel. */
export function GenerationView({ courseId, initial, followJobId }: { courseId: string; initial: GenerationState; followJobId: string | null }) {
  const [state, dispatch] = useReducer(generationReducer, initial);
  const revalidator = useRevalidator();
  const { status, stream } = useCourseStream(courseId, {
    onEvent: (message: StreamMessage) => dispatch(message),
    // Subscribed with no job running and none to follow: nothing will be replayed, yet a run may
    // have ended between this page's load and its subscription. Read the lessons again now.
    onActiveJobs: (jobs) => {
      if (jobs.length === 0 && followJobId === null) revalidator.revalidate();
    },
  });
  // Every read of the outline (the first, and each reload) is folded in; phases only move forward.
  useEffect(() => dispatch({ type: 'snapshot', snapshot: initial }), [initial]);
  // The run the wizard just started is replayed from its first event, even if it already ended.
  useEffect(() => {
    if (stream !== null && followJobId !== null) stream.follow(followJobId);
  }, [stream, followJobId]);
  const cancel = useFetcher<{ ok: boolean; error?: string }>();
  const { ready, total } = countReady(state);
  const writing = state.writingId === null ? undefined : state.lessons[state.writingId];
  const finished = state.job === 'completed' || (state.job === 'idle' && ready === total && total > 0);

  return (
    <div className="generation" data-job={state.job}>
      <section className="panel generation__summary" aria-labelledby="generation-heading">
        <h2 id="generation-heading">
          {finished
            ? 'All lessons are written'
            : state.job === 'cancelled'
              ? 'Generation cancelled'
              : state.job === 'failed'
                ? 'Generation stopped'
                : state.job === 'running' || Object.values(state.lessons).some((l) => l.phase === 'writing')
                  ? 'Writing the lessons'
                  : 'Lesson progress'}
        </h2>
        <progress max={total} value={ready} aria-label="Lessons written" />
        <p aria-live="polite" data-testid="generation-count">
          {ready} of {total} lessons written
        </p>
        <p className="meta" data-testid="connection-status">
          {status === 'live' ? 'Live' : status === 'reconnecting' ? 'Connection lost, reconnecting…' : status === 'connecting' ? 'Connecting…' : ''}
        </p>
        {state.error === null ? null : (
          <p className="alert" role="alert">
            {state.error}
          </p>
        )}
        {cancel.data?.ok === false ? (
          <p className="alert" role="alert">
            {cancel.data.error}
          </p>
        ) : null}
        <div className="button-row">
          {state.job === 'running' && state.jobId !== null ? (
            <cancel.Form method="post">
              <input type="hidden" name="intent" value="cancel" />
              <input type="hidden" name="jobId" value={state.jobId} />
              <button type="submit" className="button button--danger" disabled={cancel.state !== 'idle'}>
                {cancel.state === 'idle' ? 'Cancel generation' : 'Cancelling…'}
              </button>
            </cancel.Form>
          ) : null}
          {ready > 0 ? (
            <Link className={finished ? 'button' : 'button button--secondary'} to={`/courses/${courseId}/edit`}>
              Open the editor
            </Link>
          ) : null}
          {state.job === 'cancelled' ||
          state.job === 'failed' ||
          (state.job === 'idle' && Object.values(state.lessons).some((l) => l.phase === 'failed')) ? (
            <cancel.Form method="post">
              <input type="hidden" name="intent" value="resume" />
              <button type="submit" className="button button--secondary">
                Write every lesson again
              </button>
            </cancel.Form>
          ) : null}
        </div>
      </section>

      <div className="generation__layout">
        <section className="panel" aria-labelledby="outline-heading">
          <h2 id="outline-heading">Lessons</h2>
          <ol className="generation-modules">
            {state.modules.map((module, mi) => {
              const lessons = module.lessonIds.map((id) => state.lessons[id]).filter((l): l is LessonProgress => l !== undefined);
              const done = lessons.filter((l) => l.phase === 'ready').length;
              return (
                <li key={module.id}>
                  <h3>
                    {mi + 1}. {module.title}{' '}
                    <span className="meta">
                      ({done}/{lessons.length})
                    </span>
                  </h3>
                  <ol className="generation-lessons">
                    {lessons.map((lesson) => (
                      <li
                        key={lesson.id}
                        className={`generation-lesson is-${lesson.phase}`}
                        data-testid="generation-lesson"
                        data-phase={lesson.phase}
                      >
                        <span className="status-dot" aria-hidden="true" />
                        {lesson.phase === 'ready' ? (
                          <Link to={`/courses/${courseId}/edit/${lesson.id}`}>{lesson.title}</Link>
                        ) : (
                          <span>{lesson.title}</span>
                        )}
                        <span className="tag">{PHASE_LABEL[lesson.phase]}</span>
                        {lesson.sources.length > 0 ? (
                          <details className="sources">
                            <summary>
                              {lesson.sources.length} source{lesson.sources.length === 1 ? '' : 's'}
                            </summary>
                            <ul>
                              {lesson.sources.map((s) => (
                                <li key={s.id}>
                                  <strong>{s.smeName}</strong>, {s.documentTitle}: <q>{s.excerpt}</q>
                                </li>
                              ))}
                            </ul>
                          </details>
                        ) : null}
                      </li>
                    ))}
                  </ol>
                </li>
              );
            })}
          </ol>
        </section>
        <section className="panel live-lesson" aria-labelledby="live-heading">
          <h2 id="live-heading">{writing === undefined ? 'Live preview' : writing.title}</h2>
          {writing === undefined ? (
            <p className="empty">The lesson being written appears here as it streams in.</p>
          ) : (
            <section
              className="live-lesson__text"
              data-testid="live-lesson-text"
              aria-busy={writing.phase === 'writing'}
              aria-label={`Text of ${writing.title}`}
            >
              <Markdown source={writing.text} headingOffset={2} />
              {writing.phase === 'writing' ? <span className="caret" aria-hidden="true" /> : null}
            </section>
          )}
        </section>
      </div>
    </div>
  );
}
