import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { CONFIRMED_INTENTS, CourseConfirmation } from '../components/courses/course-confirmation';
import { courseLifecycleAction } from '../components/courses/course-lifecycle-action.server';
import { CourseList } from '../components/courses/course-list';
import { listParams, listSearch } from '../components/courses/course-list-params';
import { loadCoursePage } from '../components/courses/course-page.server';
import { PluginList } from '../components/plugin-list';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { formErrorsFromProblem } from '../lib/form-errors';
import authoring from '../styles/authoring.css?url';

export const meta: MetaFunction = () => [{ title: 'Dashboard · Mirai' }];
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: authoring }];

export async function loader({ request }: LoaderFunctionArgs) {
  const client = await api(request);
  const url = new URL(request.url);
  const params = listParams(url);
  const [meResult, courses, pluginsResult] = await Promise.all([client.GET('/v1/me'), loadCoursePage(client, params), client.GET('/v1/plugins')]);
  const me = await requireApiData(meResult, 'your account');
  // Learners do not author: their first screen is their courses (sign-in, joining and / all land here).
  if (me.role === 'learner') throw redirect('/learn');
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
  // A destructive action asks first (also when started from the course page): `?confirm=delete&course=<id>`.
  const intent = CONFIRMED_INTENTS.find((candidate) => candidate === url.searchParams.get('confirm'));
  const courseId = url.searchParams.get('course');
  const target =
    intent === undefined || courseId === null ? undefined : (await client.GET('/v1/courses/{id}', { params: { path: { id: courseId } } }))?.data;
  const confirmation = intent === undefined || target === undefined ? undefined : { intent, course: { id: target.id, title: target.title } };
  return { me, params, courses, plugins, confirmation };
}

export async function action({ request }: ActionFunctionArgs) {
  const url = new URL(request.url);
  return courseLifecycleAction(await api(request), await request.formData(), `/dashboard${listSearch(listParams(url))}`);
}

export default function Dashboard() {
  const { me, params, courses, plugins, confirmation } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const location = useLocation();
  const cancelTo = `${location.pathname}${listSearch(params)}`;
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
          {'message' in courses ? null : (
            <div className="section-header__actions">
              <Link to="/knowledge" className="button button--secondary">
                Knowledge library
              </Link>
              <Link to="/courses/import-scorm" className="button button--secondary">
                Import SCORM
              </Link>
              <Link to="/courses/import-cmi5" className="button button--secondary">
                Import cmi5
              </Link>
              <Link to="/courses/new" className="button">
                New course
              </Link>
            </div>
          )}
        </div>
        {confirmation === undefined ? null : (
          <CourseConfirmation key={`${confirmation.intent}-${confirmation.course.id}`} {...confirmation} cancelTo={cancelTo} />
        )}
        {failure !== undefined && confirmation !== undefined ? (
          <p className="field__error" role="alert" data-testid="course-action-error">
            {failure.message}
          </p>
        ) : null}
        {'message' in courses ? (
          <p className="empty">{courses.message}</p>
        ) : (
          <CourseList view={params.view} q={params.q} tag={params.tag} page={courses} failure={confirmation === undefined ? failure : undefined} />
        )}
      </section>
      <section className="panel" aria-labelledby="plugins-heading">
        <h2 id="plugins-heading">Plugins</h2>
        {plugins.items === undefined ? <p className="empty">{plugins.message}</p> : <PluginList plugins={plugins.items} />}
      </section>
    </div>
  );
}
