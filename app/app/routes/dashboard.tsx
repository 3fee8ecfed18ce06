import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { createApiClient, reachApi } from '../api/client.server';
import { CourseList } from '../components/course-list';
import { PluginList } from '../components/plugin-list';
import { requireApiData, signOutIfUnauthorized } from '../lib/api-result.server';
import { formErrorsFromProblem } from '../lib/form-errors';
import { requireToken } from '../lib/session.server';

export const meta: MetaFunction = () => [{ title: 'Dashboard · Mirai' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const api = createApiClient(await requireToken(request));
  const [meResult, coursesResult, pluginsResult] = await Promise.all([
    reachApi(api.GET('/v1/me')),
    reachApi(api.GET('/v1/courses')),
    reachApi(api.GET('/v1/plugins')),
  ]);
  const me = await requireApiData(request, meResult, 'your account');
  const courses = await requireApiData(request, coursesResult, 'courses');
  await signOutIfUnauthorized(request, pluginsResult);
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
  const courseSummaries = courses.items.map(({ id, title, desiredOutcome, language, status, updatedAt }) => ({
    id,
    title,
    desiredOutcome,
    language,
    status,
    updatedAt,
  }));
  return { me, courses: courseSummaries, plugins };
}

export default function Dashboard() {
  const { me, courses, plugins } = useLoaderData<typeof loader>();
  return (
    <>
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
        <h2 id="courses-heading">Courses</h2>
        <CourseList courses={courses} />
      </section>
      <section className="panel" aria-labelledby="plugins-heading">
        <h2 id="plugins-heading">Plugins</h2>
        {plugins.items === undefined ? <p className="empty">{plugins.message}</p> : <PluginList plugins={plugins.items} />}
      </section>
    </>
  );
}
