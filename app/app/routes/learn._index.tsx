import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';

import { AssignedCourses } from '../components/learning/assigned-courses';
import { enrolAction } from '../components/learning/enrol-action.server';
import { LearningError } from '../components/learning/learning-error';
import type { CatalogueEntry, Enrolment } from '../components/learning/learning-types';
import { ProgressMeter } from '../components/lesson-blocks';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import learningStyles from '../styles/learning.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: learningStyles }];
export function action(args: ActionFunctionArgs) {
  return enrolAction(args);
}
export const meta: MetaFunction = () => [{ title: 'Learn · Mirai' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const client = await api(request);
  const [catalogue, enrolments, assignments] = await Promise.all([
    client.GET('/v1/catalogue'),
    client.GET('/v1/me/enrolments'),
    client.GET('/v1/me/assignments'),
  ]);
  return {
    assignments: (await requireApiData(assignments, 'your assigned courses')).items,
    catalogue: (await requireApiData(catalogue, 'the course catalogue')).items,
    enrolments: (await requireApiData(enrolments, 'your courses')).items,
  };
}

function continueTo(enrolment: Enrolment): string {
  return enrolment.nextLessonId === null ? `/learn/${enrolment.courseId}` : `/learn/${enrolment.courseId}/${enrolment.nextLessonId}`;
}

function MyCourses({ enrolments }: { enrolments: Enrolment[] }) {
  if (enrolments.length === 0)
    return (
      <p className="empty" data-testid="enrolments-empty">
        You have not enrolled in a course yet. Pick one from the catalogue below.
      </p>
    );
  return (
    <ul className="cards" data-testid="my-enrolments">
      {enrolments.map((enrolment) => {
        // The accessible name starts with the visible word, so voice control finds the link by what it says.
        const verb = enrolment.nextLessonId === null ? 'Review' : enrolment.completedLessons === 0 ? 'Start' : 'Continue';
        return (
          <li key={enrolment.id} className="card catalogue-card" data-course-id={enrolment.courseId}>
            <h2>{enrolment.courseTitle}</h2>
            {enrolment.completedAt !== null ? <span className="learn-badge learn-badge--done">Course completed</span> : null}
            {enrolment.courseAvailable ? null : <span className="learn-badge learn-badge--muted">Currently unavailable</span>}
            <ProgressMeter completed={enrolment.completedLessons} total={enrolment.totalLessons} />
            {enrolment.courseAvailable ? (
              <div className="actions">
                <Link className="button" to={continueTo(enrolment)} aria-label={`${verb} ${enrolment.courseTitle}`}>
                  {verb}
                </Link>
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function Catalogue({ courses }: { courses: CatalogueEntry[] }) {
  const navigation = useNavigation();
  if (courses.length === 0)
    return (
      <p className="empty" data-testid="catalogue-empty">
        No courses are published in your organisation yet.
      </p>
    );
  return (
    <ul className="cards" data-testid="catalogue">
      {courses.map((course) => {
        const enrolling = navigation.state !== 'idle' && navigation.formData?.get('courseId') === course.id;
        return (
          <li key={course.id} className="card catalogue-card" data-course-id={course.id}>
            <h3>
              <Link to={`/learn/${course.id}`}>{course.title}</Link>
            </h3>
            {course.description === '' ? null : <p>{course.description}</p>}
            <p className="meta">
              {course.moduleCount} {course.moduleCount === 1 ? 'module' : 'modules'} · {course.lessonCount}{' '}
              {course.lessonCount === 1 ? 'lesson' : 'lessons'} · <span lang={course.language}>{course.language}</span>
            </p>
            <div className="actions">
              {course.enrolmentId === null ? (
                <Form method="post">
                  <input type="hidden" name="courseId" value={course.id} />
                  <button type="submit" className="button" disabled={enrolling} aria-label={`Enrol in ${course.title}`}>
                    {enrolling ? 'Enrolling…' : 'Enrol'}
                  </button>
                </Form>
              ) : (
                <span className="learn-badge learn-badge--done">Enrolled</span>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export default function Learn() {
  const { catalogue, enrolments, assignments } = useLoaderData<typeof loader>();
  const enrolError = useActionData<typeof action>()?.enrolError;
  return (
    <>
      {enrolError === undefined ? null : (
        <div className="alert" role="alert">
          {enrolError}
        </div>
      )}
      <section className="panel" aria-labelledby="my-learning-heading">
        <h1 id="my-learning-heading">My learning</h1>
        <MyCourses enrolments={enrolments} />
      </section>
      {assignments.length === 0 ? null : (
        <section className="panel" aria-labelledby="assigned-heading">
          <h2 id="assigned-heading">Assigned to you</h2>
          <AssignedCourses assignments={assignments} />
        </section>
      )}
      <section className="panel" aria-labelledby="catalogue-heading">
        <h2 id="catalogue-heading">Course catalogue</h2>
        <Catalogue courses={catalogue} />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <LearningError what="course catalogue" backTo="/dashboard" backLabel="Back to the dashboard" />;
}
