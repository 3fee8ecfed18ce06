import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';

import { canManage } from '../components/admin/roles';

import { LearningError } from '../components/learning/learning-error';
import type { CourseLearners } from '../components/learning/learning-types';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import type { loader as rootLoader } from '../root';
import learningStyles from '../styles/learning.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: learningStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Learners · ${data?.title ?? 'Course'} · Mirai` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const id = params.courseId ?? '';
  const [course, report] = await Promise.all([
    client.GET('/v1/courses/{id}', { params: { path: { id } } }),
    client.GET('/v1/courses/{id}/enrolments', { params: { path: { id } } }),
  ]);
  return { id, title: (await requireApiData(course, 'the course')).title, report: await requireApiData(report, 'the learners') };
}

type Learner = CourseLearners['items'][number];

/** One lesson cell: done or not, and the best quiz score when the lesson has an attempted quiz. */
function LessonCell({ lesson }: { lesson: Learner['lessons'][number] | undefined }) {
  const done = lesson?.completedAt != null;
  const quizzes = lesson?.quizzes ?? [];
  return (
    <td data-completed={done}>
      <span className={`learn-badge ${done ? 'learn-badge--done' : 'learn-badge--muted'}`}>{done ? 'Done' : 'Not done'}</span>
      {quizzes.map((quiz) => (
        <div key={quiz.blockId} className="meta">
          Quiz {quiz.bestCorrect}/{quiz.total} {quiz.passed ? '(passed)' : '(not passed)'}, {quiz.attempts}{' '}
          {quiz.attempts === 1 ? 'attempt' : 'attempts'}
        </div>
      ))}
    </td>
  );
}

function Summary({ report }: { report: CourseLearners }) {
  const completed = report.items.filter((item) => item.completedAt !== null).length;
  const average =
    report.items.length === 0
      ? 0
      : Math.round((report.items.reduce((sum, item) => sum + item.completedLessons / Math.max(item.totalLessons, 1), 0) / report.items.length) * 100);
  return (
    <dl className="facts">
      <div>
        <dt>Enrolled</dt>
        <dd data-testid="enrolled-count">{report.items.length}</dd>
      </div>
      <div>
        <dt>Completed the course</dt>
        <dd data-testid="completed-count">{completed}</dd>
      </div>
      <div>
        <dt>Average progress</dt>
        <dd>{average} %</dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd>{report.published ? 'Published' : 'Not published'}</dd>
      </div>
    </dl>
  );
}

export default function CourseLearnersReport() {
  const { id, title, report } = useLoaderData<typeof loader>();
  const role = useRouteLoaderData<typeof rootLoader>('root')?.role ?? null;
  return (
    <>
      <nav aria-label="Breadcrumb" className="learn-breadcrumbs">
        <ol>
          <li>
            <Link to="/dashboard">Dashboard</Link>
          </li>
          <li aria-current="page">Learners of {title}</li>
        </ol>
      </nav>
      <section className="panel" aria-labelledby="learners-heading">
        <h1 id="learners-heading">Learners of {title}</h1>
        <Summary report={report} />
        {role !== null && canManage(role) ? (
          <p>
            <Link className="button button--secondary" to={`/courses/${id}/gradebook`}>
              Gradebook
            </Link>{' '}
            <span className="meta">groups, due dates, quiz attempts, time spent, CSV download and withdrawal</span>
          </p>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="progress-heading">
        <h2 id="progress-heading">Progress by lesson</h2>
        {report.items.length === 0 ? (
          <p className="empty" data-testid="learners-empty">
            {report.published ? 'No one has enrolled yet.' : 'No one has enrolled yet. Publish the course so members can find it under Learn.'}
          </p>
        ) : (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the table scrolls sideways on narrow screens; keyboard users must reach it
          <section className="report-table" tabIndex={0} aria-label="Learner progress table">
            <table data-testid="learners-table">
              <caption className="visually-hidden">Each learner's completion and quiz results per lesson</caption>
              <thead>
                <tr>
                  <th scope="col">Learner</th>
                  <th scope="col">Progress</th>
                  {report.lessons.map((lesson, n) => (
                    <th key={lesson.id} scope="col">
                      {n + 1}. {lesson.title}
                      <span className="visually-hidden"> ({lesson.moduleTitle})</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.items.map((item) => (
                  <tr key={item.id} data-learner={item.email}>
                    <th scope="row">
                      {item.email}
                      <div className="meta">
                        enrolled <time dateTime={item.enrolledAt}>{item.enrolledAt.slice(0, 10)}</time>
                      </div>
                    </th>
                    <td>
                      {item.completedLessons} of {item.totalLessons}
                      {item.completedAt === null ? null : (
                        <div>
                          <span className="learn-badge learn-badge--done">Completed</span>
                        </div>
                      )}
                    </td>
                    {report.lessons.map((lesson) => (
                      <LessonCell key={lesson.id} lesson={item.lessons.find((entry) => entry.lessonId === lesson.id)} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <LearningError what="learner report" backTo="/dashboard" backLabel="Back to the dashboard" />;
}
