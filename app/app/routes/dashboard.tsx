import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';

import type { CourseSummary } from '../api/types';
import { CourseStatusTag } from '../components/course-status-tag';
import { PluginList } from '../components/plugin-list';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { formErrorsFromProblem } from '../lib/form-errors';
import authoring from '../styles/authoring.css?url';

export const meta: MetaFunction = () => [{ title: 'Dashboard · Mirai' }];
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: authoring }];

export async function loader({ request }: LoaderFunctionArgs) {
  const client = await api(request);
  const [meResult, coursesResult, pluginsResult] = await Promise.all([client.GET('/v1/me'), client.GET('/v1/courses'), client.GET('/v1/plugins')]);
  const me = await requireApiData(meResult, 'your account');
  // Learners do not author: their first screen is their courses (sign-in, joining and / all land here).
  if (me.role === 'learner') throw redirect('/learn');
  const courses =
    coursesResult?.data !== undefined
      ? {
          items: coursesResult.data.items.map(({ id, title, desiredOutcome, language, status, updatedAt }) => ({
            id,
            title,
            desiredOutcome,
            language,
            status,
            updatedAt,
          })),
          message: undefined,
        }
      : {
          items: undefined,
          message: formErrorsFromProblem(coursesResult?.error, 'The courses could not be loaded.').message,
        };
  // Only owners and admins may list plugins; for others the section explains why it is empty.
  const plugins =
    pluginsResult?.data !== undefined
      ? {
          items: pluginsResult.data.items.map(({ name, version, capabilities, enabled }) => ({ name, version, capabilities, enabled })),
          message: undefined,
        }
      : {
          items: undefined,
          message:
            pluginsResult?.response.status === 403
              ? 'Only owners and admins can see the installed plugins.'
              : formErrorsFromProblem(pluginsResult?.error, 'The plugins could not be loaded.').message,
        };
  // Published courses whose accepted changes wait for the next publication (one small request each).
  const waiting = await Promise.all(
    (courses.items ?? [])
      .filter((course) => course.status === 'published')
      .map(async (course) => {
        const publication = (await client.GET('/v1/courses/{id}/publication', { params: { path: { id: course.id } } }))?.data;
        return publication !== undefined && publication !== null && (publication.changedLessons > 0 || publication.outlineChanged) ? course.id : null;
      }),
  );
  return { me, courses, plugins, changesWaiting: waiting.filter((id) => id !== null) };
}

/** The one thing to do next with a course, and the other useful ones. */
function actionsFor(course: CourseSummary): Array<{ to: string; label: string; primary: boolean }> {
  const base = `/courses/${course.id}`;
  switch (course.status) {
    case 'draft':
      return [{ to: `${base}/setup`, label: 'Resume set-up', primary: true }];
    case 'generating':
      return [{ to: `${base}/generate`, label: 'Watch generation', primary: true }];
    default:
      return [
        { to: `${base}/edit`, label: 'Edit', primary: true },
        { to: `${base}/preview`, label: course.status === 'ready' ? 'Preview and publish' : 'Preview', primary: false },
        { to: `${base}/learners`, label: 'Learners', primary: false },
      ];
  }
}

function CourseCards({ courses, changesWaiting }: { courses: CourseSummary[]; changesWaiting: string[] }) {
  if (courses.length === 0)
    return (
      <div className="empty-state">
        <p className="empty" data-testid="courses-empty">
          No courses yet
        </p>
        <p>Start with a title and the outcome you want; Mirai drafts the outline and lessons from your experts’ documents.</p>
      </div>
    );
  return (
    <ul className="course-cards">
      {courses.map((course) => (
        <li key={course.id} className="course-card" data-testid="course-card" data-status={course.status}>
          <h3>{course.title}</h3>
          {course.desiredOutcome === '' ? null : <p className="course-card__outcome">{course.desiredOutcome}</p>}
          <p className="meta">
            <CourseStatusTag status={course.status} changesWaiting={changesWaiting.includes(course.id)} />{' '}
            <span lang={course.language}>{course.language}</span> · updated <time dateTime={course.updatedAt}>{course.updatedAt.slice(0, 10)}</time>
          </p>
          <div className="button-row">
            {actionsFor(course).map((a) => (
              <Link key={a.to} to={a.to} className={a.primary ? 'button' : 'button button--secondary'} aria-label={`${a.label}: ${course.title}`}>
                {a.label}
              </Link>
            ))}
          </div>
        </li>
      ))}
    </ul>
  );
}

export default function Dashboard() {
  const { me, courses, plugins, changesWaiting } = useLoaderData<typeof loader>();
  return (
    <div className="authoring">
      <section className="panel" aria-labelledby="dashboard-heading">
        <h1 id="dashboard-heading">{me.tenant.name}</h1>
        <dl className="facts">
          <div>
            <dt>Signed in as</dt>
            <dd data-testid="user-email">{me.user.email}</dd>
          </div>
          <div>
            <dt>Organisation</dt>
            <dd data-testid="tenant-name">{me.tenant.name}</dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd data-testid="role">{me.role}</dd>
          </div>
        </dl>
      </section>
      <section className="panel" aria-labelledby="courses-heading">
        <div className="section-header">
          <h2 id="courses-heading">Courses</h2>
          {courses.items === undefined ? null : (
            <div className="section-header__actions">
              <Link to="/courses/import-scorm" className="button button--secondary">
                Import SCORM
              </Link>
              <Link to="/courses/new" className="button">
                New course
              </Link>
            </div>
          )}
        </div>
        {courses.items === undefined ? (
          <p className="empty">{courses.message}</p>
        ) : (
          <CourseCards courses={courses.items} changesWaiting={changesWaiting} />
        )}
      </section>
      <section className="panel" aria-labelledby="plugins-heading">
        <h2 id="plugins-heading">Plugins</h2>
        {plugins.items === undefined ? <p className="empty">{plugins.message}</p> : <PluginList plugins={plugins.items} />}
      </section>
    </div>
  );
}
