import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';

import { enrolAction } from '../components/learning/enrol-action.server';
import { LearningError } from '../components/learning/learning-error';
import { LessonList } from '../components/learning/lesson-list';
import { ProgressMeter } from '../components/lesson-blocks';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import learningStyles from '../styles/learning.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: learningStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.course.title ?? 'Course'} · Learn · Mirai` }];

export function action(args: ActionFunctionArgs) {
  return enrolAction(args);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const courseId = params.courseId ?? '';
  const course = requireApiData(await client.GET('/v1/catalogue/{courseId}', { params: { path: { courseId } } }), 'the course');
  // A completed course earns a certificate; asking for it issues it once and returns the same one after.
  const enrolment = course.enrolment;
  const certificate =
    enrolment === null || enrolment.completedAt === null
      ? undefined
      : (await client.POST('/v1/enrolments/{id}/certificate', { params: { path: { id: enrolment.id } } })).data;
  return { course, certificate: certificate === undefined ? null : { id: certificate.id, revoked: certificate.revokedAt !== null } };
}

export default function CourseOverview() {
  const { course, certificate } = useLoaderData<typeof loader>();
  const enrolError = useActionData<typeof action>()?.enrolError;
  const enrolling = useNavigation().state !== 'idle';
  const enrolment = course.enrolment;
  const firstLesson = course.modules[0]?.lessons[0]?.id;
  const next = enrolment?.nextLessonId ?? null;
  return (
    <>
      <nav aria-label="Breadcrumb" className="learn-breadcrumbs">
        <ol>
          <li>
            <Link to="/learn">Learn</Link>
          </li>
          <li aria-current="page">{course.title}</li>
        </ol>
      </nav>
      <section className="panel" aria-labelledby="course-heading">
        <h1 id="course-heading" lang={course.language}>
          {course.title}
        </h1>
        {course.description === '' ? null : <p className="lead">{course.description}</p>}
        {enrolError === undefined ? null : (
          <div className="alert" role="alert">
            {enrolError}
          </div>
        )}
        {enrolment === null ? (
          <Form method="post">
            <input type="hidden" name="courseId" value={course.id} />
            <button type="submit" className="button button--auto" disabled={enrolling}>
              {enrolling ? 'Enrolling…' : 'Enrol and start'}
            </button>
          </Form>
        ) : (
          <>
            {enrolment.completedAt === null ? null : (
              <p className="learn-notice learn-notice--ok" data-testid="course-complete">
                You completed this course on <time dateTime={enrolment.completedAt}>{enrolment.completedAt.slice(0, 10)}</time>.
              </p>
            )}
            {certificate === null ? null : certificate.revoked ? (
              <p className="meta">Your certificate for this course was revoked.</p>
            ) : (
              <section aria-labelledby="certificate-heading" className="certificate-links" data-testid="certificate">
                <h2 id="certificate-heading">Your certificate</h2>
                <ul>
                  <li>
                    <a href={`/certificates/${certificate.id}/pdf`} download>
                      Download the certificate (PDF)
                    </a>
                  </li>
                  <li>
                    <a href={`/certificates/${certificate.id}/credential`} download>
                      Download the Open Badge (verifiable credential)
                    </a>
                  </li>
                  <li>
                    <Link to={`/certificates/${certificate.id}`}>Verification page</Link> (share it with whoever should check the certificate)
                  </li>
                </ul>
              </section>
            )}
            <ProgressMeter completed={enrolment.completedLessons} total={enrolment.totalLessons} />
            <div className="actions">
              <Link className="button" to={`/learn/${course.id}/${next ?? firstLesson ?? ''}`}>
                {next === null
                  ? 'Review from the start'
                  : enrolment.completedLessons === 0
                    ? 'Start the first lesson'
                    : 'Continue where you left off'}
              </Link>
            </div>
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="lessons-heading">
        <h2 id="lessons-heading">Lessons</h2>
        {enrolment === null ? <p className="meta">Enrol to open the lessons.</p> : null}
        <LessonList course={course} />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <LearningError what="course" backTo="/learn" backLabel="Back to the catalogue" />;
}
