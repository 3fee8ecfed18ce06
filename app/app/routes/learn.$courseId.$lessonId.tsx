import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import type { ShouldRevalidateFunction } from '@remix-run/react';
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useNavigationType } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { CMI5_BLOCK_ID, type Cmi5LaunchResult, Cmi5Lesson } from '../components/learning/cmi5-lesson';
import { LearningError } from '../components/learning/learning-error';
import type { QuizAttempt } from '../components/learning/learning-types';
import { LessonList } from '../components/learning/lesson-list';
import { ScormLesson } from '../components/learning/scorm-lesson';
import { useActiveTime } from '../components/learning/use-active-time';
import type { ScormCommitResult } from '../components/learning/use-scorm-commits';
import { type ToolLaunchResult, useToolLaunching } from '../components/learning/use-tool-launching';
import { LessonBlocks, ProgressMeter, type QuizAnswers, type QuizGrading } from '../components/lesson-blocks';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';
import learningStyles from '../styles/learning.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: learningStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.lesson.title ?? 'Lesson'} · ${data?.course.title ?? 'Course'} · Mirai` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const courseId = params.courseId ?? '';
  const lessonId = params.lessonId ?? '';
  const [course, lesson] = await Promise.all([
    client.GET('/v1/catalogue/{courseId}', { params: { path: { courseId } } }),
    client.GET('/v1/catalogue/{courseId}/lessons/{lessonId}', { params: { path: { courseId, lessonId } } }),
  ]);
  // Not enrolled yet: the course page offers enrolment.
  if (lesson?.response.status === 403) throw redirect(`/learn/${courseId}`);
  const loaded = { course: await requireApiData(course, 'the course'), lesson: await requireApiData(lesson, 'the lesson') };
  // A lesson imported from a SCORM package launches its SCO; for any other lesson the API answers 404.
  const enrolmentId = loaded.course.enrolment?.id;
  // SCORM 2004 sequencing: the player's Next/Previous say so (a flow request), anything else is a choice.
  const asked = new URL(request.url).searchParams.get('request');
  const sequencingRequest = asked === 'continue' || asked === 'previous' ? asked : undefined;
  const scorm =
    enrolmentId === undefined
      ? undefined
      : await client.GET('/v1/enrolments/{id}/lessons/{lessonId}/scorm', {
          params: { path: { id: enrolmentId, lessonId }, query: { request: sequencingRequest } },
        });
  // 409: the package's sequencing rules do not allow this activity now; the page says why.
  const scormRefusal = scorm?.response.status === 409 ? formErrorsFromProblem(scorm.error, 'This activity is not available now.').message : null;
  return { ...loaded, scorm: scorm?.data ?? null, scormRefusal };
}

// A SCO commit changes nothing on this page; reloading would relaunch the SCO.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get('intent') === 'scorm-commit' || formData?.get('intent') === 'cmi5-launch' ? false : defaultShouldRevalidate;

type ActionResult = { intent: 'quiz'; blockId: string; attempt?: QuizAttempt; error?: string } | { intent: 'complete'; error: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const client = await api(request);
  const courseId = params.courseId ?? '';
  const lessonId = params.lessonId ?? '';
  const enrolmentId = textField(form, 'enrolmentId');
  const path = { id: enrolmentId, lessonId };

  if (textField(form, 'intent') === 'scorm-commit') {
    const cmi = JSON.parse(textField(form, 'cmi') || '{}') as Record<string, unknown>;
    const navRequest = textField(form, 'navRequest');
    const result = await client.PUT('/v1/enrolments/{id}/lessons/{lessonId}/scorm', {
      params: { path },
      body: { cmi, ...(navRequest === '' ? {} : { navRequest }) },
    });
    if (result.data !== undefined) return data<ScormCommitResult>({ intent: 'scorm-commit', saved: result.data });
    return data<ScormCommitResult>(
      { intent: 'scorm-commit', error: formErrorsFromProblem(result.error, 'Your progress could not be saved.').message },
      { status: result.response.status },
    );
  }

  if (textField(form, 'intent') === 'cmi5-launch') {
    const result = await client.POST('/v1/enrolments/{id}/lessons/{lessonId}/cmi5-launch', { params: { path } });
    if (result.data !== undefined) return data<Cmi5LaunchResult>({ intent: 'cmi5-launch', launch: result.data });
    return data<Cmi5LaunchResult>(
      { intent: 'cmi5-launch', error: formErrorsFromProblem(result.error, 'The activity could not be launched.').message },
      { status: result.response.status },
    );
  }

  if (textField(form, 'intent') === 'lti-launch') {
    const blockId = textField(form, 'blockId');
    const result = await client.POST('/v1/enrolments/{id}/lessons/{lessonId}/lti-launches', { params: { path }, body: { blockId } });
    if (result.data !== undefined) return data<ToolLaunchResult>({ intent: 'lti-launch', blockId, loginUrl: result.data.loginUrl });
    return data<ToolLaunchResult>(
      { intent: 'lti-launch', blockId, error: formErrorsFromProblem(result.error, 'The activity could not be started.').message },
      { status: result.response.status },
    );
  }

  if (textField(form, 'intent') === 'quiz') {
    const blockId = textField(form, 'blockId');
    // The API checks each response against its question's kind and answers 400 naming the field.
    const answers = Object.entries(JSON.parse(textField(form, 'answers') || '{}') as QuizAnswers).map(([questionId, response]) => ({
      questionId,
      ...response,
    }));
    const result = await client.POST('/v1/enrolments/{id}/lessons/{lessonId}/quiz-attempts', { params: { path }, body: { blockId, answers } });
    if (result.data !== undefined) return data<ActionResult>({ intent: 'quiz', blockId, attempt: result.data });
    return data<ActionResult>(
      { intent: 'quiz', blockId, error: formErrorsFromProblem(result.error, 'Your answers could not be checked.').message },
      { status: result.response.status },
    );
  }

  const result = await client.PUT('/v1/enrolments/{id}/lessons/{lessonId}/progress', { params: { path }, body: { completed: true } });
  if (result.data === undefined)
    return data<ActionResult>(
      { intent: 'complete', error: formErrorsFromProblem(result.error, 'The lesson could not be marked complete.').message },
      { status: result.response.status },
    );
  const next = textField(form, 'next');
  return redirect(next === '' ? `/learn/${courseId}` : `/learn/${courseId}/${next}`);
}

/** Quiz checking through this route's action; keeps the latest result per quiz block. */
function useQuizGrading(enrolmentId: string): QuizGrading {
  const fetcher = useFetcher<typeof action>();
  const [results, setResults] = useState<Record<string, QuizAttempt | undefined>>({});
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  useEffect(() => {
    const response = fetcher.data;
    if (response?.intent !== 'quiz') return;
    const { blockId, attempt, error } = response;
    if (attempt !== undefined) setResults((current) => ({ ...current, [blockId]: attempt }));
    setErrors((current) => ({ ...current, [blockId]: error }));
  }, [fetcher.data]);
  const posted = fetcher.formData?.get('blockId');
  return {
    results,
    errors,
    // Only while the answers are on their way: after the action answers, the fetcher stays 'loading'
    // while the page's loaders revalidate, and a learner who pressed "Try again" meanwhile found the
    // answers still disabled (for seconds on a busy server).
    checking: fetcher.state !== 'submitting' || typeof posted !== 'string' ? null : posted,
    onCheck: (blockId, answers) => fetcher.submit({ intent: 'quiz', enrolmentId, blockId, answers: JSON.stringify(answers) }, { method: 'post' }),
  };
}

/** One lesson; keyed by lesson id so quiz answers and results start fresh on every lesson. */
export default function LessonPlayerRoute() {
  const { lesson } = useLoaderData<typeof loader>();
  return <LessonPlayer key={lesson.id} />;
}

function LessonPlayer() {
  const { course, lesson, scorm, scormRefusal } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const articleRef = useRef<HTMLElement>(null);
  const enrolment = course.enrolment;
  const cmi5 = lesson.blocks.some((block) => block.id === CMI5_BLOCK_ID);
  useActiveTime(enrolment === null ? null : `/learn/${course.id}/${lesson.id}/time`, enrolment?.id ?? '', articleRef);
  const grading = useQuizGrading(enrolment?.id ?? '');
  const toolLaunching = useToolLaunching(enrolment?.id ?? '');
  const completing = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'complete';
  const completeError = actionData?.intent === 'complete' ? actionData.error : undefined;
  const done = lesson.progress.completedAt !== null;
  const passed = new Set(lesson.progress.quizzes.filter((quiz) => quiz.passed).map((quiz) => quiz.blockId));
  const quizzesToPass = lesson.blocks.filter((block) => block.type === 'quiz' && !passed.has(block.id)).length;
  const total = course.modules.reduce((sum, module) => sum + module.lessons.length, 0);

  // Each lesson mounts anew (keyed by id). After an in-app navigation it is a new page for assistive
  // technology, so its title takes focus; a fresh page load (POP) leaves focus where the browser puts it.
  const navigationType = useNavigationType();
  const cameByLink = useRef(navigationType !== 'POP');
  useEffect(() => {
    if (cameByLink.current) headingRef.current?.focus();
  }, []);

  return (
    <div className="player">
      <nav aria-label="Breadcrumb" className="learn-breadcrumbs">
        <ol>
          <li>
            <Link to="/learn">Learn</Link>
          </li>
          <li>
            <Link to={`/learn/${course.id}`}>{course.title}</Link>
          </li>
          <li aria-current="page">{lesson.title}</li>
        </ol>
      </nav>
      <article ref={articleRef} className="panel" aria-labelledby="lesson-heading" lang={course.language}>
        <p className="meta">
          Lesson {lesson.position + 1} of {total}
          {done ? (
            <>
              {' '}
              · <span className="learn-badge learn-badge--done">Completed</span>
            </>
          ) : null}
        </p>
        <h1 id="lesson-heading" ref={headingRef} tabIndex={-1}>
          {lesson.title}
        </h1>
        {lesson.objectives.length === 0 ? null : (
          <div className="learn-objectives">
            <h2 className="visually-hidden">Objectives</h2>
            <p>
              <strong>In this lesson you will:</strong>
            </p>
            <ul>
              {lesson.objectives.map((objective) => (
                <li key={objective}>{objective}</li>
              ))}
            </ul>
          </div>
        )}
        {scormRefusal !== null ? (
          <p className="alert" role="alert" data-testid="scorm-refusal">
            {scormRefusal}
          </p>
        ) : scorm !== null && enrolment !== null ? (
          <ScormLesson key={scorm.launcherUrl} courseId={course.id} lessonId={lesson.id} enrolmentId={enrolment.id} launch={scorm} />
        ) : cmi5 && enrolment !== null ? (
          <Cmi5Lesson enrolmentId={enrolment.id} />
        ) : (
          <LessonBlocks blocks={lesson.blocks} quizGrading={grading} toolLaunching={enrolment === null ? undefined : toolLaunching} />
        )}
        <div className="player__nav" hidden={scorm !== null || scormRefusal !== null}>
          {lesson.previousLessonId === null ? (
            <span />
          ) : (
            <Link className="button button--secondary" to={`/learn/${course.id}/${lesson.previousLessonId}`}>
              Previous lesson
            </Link>
          )}
          {completeError === undefined ? null : (
            <p className="alert" role="alert" data-testid="complete-error">
              {completeError}
            </p>
          )}
          {done ? (
            <Link className="button" to={lesson.nextLessonId === null ? `/learn/${course.id}` : `/learn/${course.id}/${lesson.nextLessonId}`}>
              {lesson.nextLessonId === null ? 'Back to the course' : 'Next lesson'}
            </Link>
          ) : (
            <Form method="post">
              {quizzesToPass > 0 ? (
                <p id="quiz-gate" className="meta">
                  Pass the quiz above to complete this lesson.
                </p>
              ) : null}
              <input type="hidden" name="intent" value="complete" />
              <input type="hidden" name="enrolmentId" value={enrolment?.id ?? ''} />
              <input type="hidden" name="next" value={lesson.nextLessonId ?? ''} />
              <button type="submit" className="button" disabled={completing} aria-describedby={quizzesToPass > 0 ? 'quiz-gate' : undefined}>
                {completing ? 'Saving…' : lesson.nextLessonId === null ? 'Complete the course' : 'Complete and continue'}
              </button>
            </Form>
          )}
        </div>
      </article>
      {enrolment === null ? null : (
        <section className="panel" aria-labelledby="course-progress-heading">
          <h2 id="course-progress-heading">Course progress</h2>
          <ProgressMeter completed={enrolment.completedLessons} total={enrolment.totalLessons} />
          <LessonList course={course} currentLessonId={lesson.id} sequencing={scorm?.navigation?.lessons} />
        </section>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <LearningError what="lesson" backTo="/learn" backLabel="Back to the catalogue" />;
}
