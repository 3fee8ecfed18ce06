import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { AdminTable } from '../components/admin/admin-table';
import { StatusMessage } from '../components/admin/status-message';
import { dayOf, endOfDay, startOfDay } from '../components/groups/group-dates';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';

export const meta: MetaFunction = () => [{ title: 'Groups · Administration · Mirai' }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { groups: requireApiData(await (await api(request)).GET('/v1/groups'), 'groups').items };
}

/** Creates a group (cohort) with optional start and due dates. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const body = { name: textField(form, 'name').trim(), startsAt: startOfDay(textField(form, 'startsAt')), dueAt: endOfDay(textField(form, 'dueAt')) };
  const response = await (await api(request)).POST('/v1/groups', { body });
  if (response.data === undefined)
    return data(
      { ok: false, message: formErrorsFromProblem(response.error, 'The group could not be created.').message },
      { status: response.response.status },
    );
  return { ok: true, message: `Group ${response.data.name} created.` };
}

export default function AdminGroups() {
  const { groups } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <>
      <h1 className="admin__title">Groups</h1>
      <StatusMessage id="groups-status" result={result} />
      <section className="panel" aria-labelledby="groups-heading">
        <h2 id="groups-heading">
          Groups <span className="count">({groups.length})</span>
        </h2>
        <p>A group (cohort) has its learners, its courses and their due dates. Open a group to add learners, assign courses and see its gradebook.</p>
        {groups.length === 0 ? (
          <p className="empty">No groups yet.</p>
        ) : (
          <AdminTable testId="groups" caption="Groups of learners" columns={['Group', 'Starts', 'Due', 'Learners', 'Courses']}>
            {groups.map((group) => (
              <tr key={group.id}>
                <td data-label="Group">
                  <Link to={`/admin/groups/${group.id}`}>{group.name}</Link>
                </td>
                <td data-label="Starts">{dayOf(group.startsAt) || '—'}</td>
                <td data-label="Due">{dayOf(group.dueAt) || '—'}</td>
                <td data-label="Learners">{group.memberCount}</td>
                <td data-label="Courses">{group.courseCount}</td>
                <td />
              </tr>
            ))}
          </AdminTable>
        )}
      </section>
      <section className="panel" aria-labelledby="new-group-heading">
        <h2 id="new-group-heading">New group</h2>
        <Form method="post" className="stack">
          <label htmlFor="group-name">Name</label>
          <input id="group-name" name="name" type="text" required maxLength={120} />
          <label htmlFor="group-starts">Starts on (optional)</label>
          <input id="group-starts" name="startsAt" type="date" />
          <label htmlFor="group-due">Due on (optional, end of day UTC; applies to courses without their own due date)</label>
          <input id="group-due" name="dueAt" type="date" />
          <button type="submit" className="button" disabled={busy}>
            Create group
          </button>
        </Form>
      </section>
    </>
  );
}
