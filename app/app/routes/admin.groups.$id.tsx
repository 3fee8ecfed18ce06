import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { AdminTable } from '../components/admin/admin-table';
import { StatusMessage } from '../components/admin/status-message';
import { GradebookTable } from '../components/groups/gradebook-table';
import { dayOf } from '../components/groups/group-dates';
import { groupIntent } from '../components/groups/group-intents.server';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';

export const meta: MetaFunction = () => [{ title: 'Group · Administration · Mirai' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const path = { params: { path: { id: params.id ?? '' } } };
  const [group, members, courses, gradebook, catalogue] = await Promise.all([
    client.GET('/v1/groups/{id}', path),
    client.GET('/v1/groups/{id}/members', path),
    client.GET('/v1/groups/{id}/courses', path),
    client.GET('/v1/groups/{id}/gradebook', path),
    client.GET('/v1/catalogue'),
  ]);
  return {
    group: requireApiData(group, 'the group'),
    members: requireApiData(members, 'the group’s learners').items,
    courses: requireApiData(courses, 'the group’s courses').items,
    gradebook: requireApiData(gradebook, 'the gradebook').items,
    catalogue: requireApiData(catalogue, 'the catalogue').items,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const result = await groupIntent(await api(request), params.id ?? '', await request.formData());
  return result.ok ? result : data(result, { status: 400 });
}

export default function AdminGroup() {
  const { group, members, courses, gradebook, catalogue } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const report = result?.report;
  return (
    <>
      <h1 className="admin__title">{group.name}</h1>
      <p>
        Starts {dayOf(group.startsAt) || '—'} · due {dayOf(group.dueAt) || '—'}
      </p>
      <StatusMessage id="group-status" result={result} />

      <section className="panel" aria-labelledby="import-heading">
        <h2 id="import-heading">Import learners from a CSV file</h2>
        <p>
          A column headed “email” (or addresses in the first column). Every row is checked first; nothing is enrolled until you confirm the valid
          rows.
        </p>
        <Form method="post" encType="multipart/form-data" className="stack">
          <label htmlFor="import-file">CSV file</label>
          <input id="import-file" name="file" type="file" accept=".csv,text/csv" required />
          <button type="submit" name="intent" value="preview" className="button" disabled={busy}>
            Check the file
          </button>
        </Form>
        {report === undefined ? null : (
          <div data-testid="import-report">
            {report.rejected.length === 0 ? null : (
              <AdminTable testId="import-rejected" caption="Rows that cannot be enrolled" columns={['Row', 'Value', 'Reason']}>
                {report.rejected.map((row) => (
                  <tr key={row.row}>
                    <td data-label="Row">{row.row}</td>
                    <td data-label="Value">{row.value}</td>
                    <td data-label="Reason">{row.reason}</td>
                    <td />
                  </tr>
                ))}
              </AdminTable>
            )}
            {report.committed || result?.csv === undefined || report.valid.length === 0 ? null : (
              <Form method="post">
                <input type="hidden" name="csv" value={result.csv} />
                <button type="submit" name="intent" value="commit" className="button" disabled={busy}>
                  Enrol the {report.valid.length} valid learner(s)
                </button>
              </Form>
            )}
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="add-heading">
        <h2 id="add-heading">Add learners by e-mail</h2>
        <Form method="post" className="stack">
          <label htmlFor="add-emails">
            E-mail addresses (one per line or separated by commas); people without an account are invited as learners
          </label>
          <textarea id="add-emails" name="emails" rows={3} required />
          <button type="submit" name="intent" value="add" className="button" disabled={busy}>
            Add
          </button>
        </Form>
      </section>

      <section className="panel" aria-labelledby="courses-heading">
        <h2 id="courses-heading">Courses</h2>
        {courses.length === 0 ? (
          <p className="empty">No course assigned yet.</p>
        ) : (
          <ul data-testid="group-courses">
            {courses.map((c) => (
              <li key={c.courseId}>
                {c.courseTitle} — due {dayOf(c.effectiveDueAt) || 'no date'} ·{' '}
                <Link to={`/courses/${c.courseId}/gradebook?group=${group.id}`}>
                  Course gradebook <span className="visually-hidden">of {c.courseTitle} for this group</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        <Form method="post" className="stack">
          <label htmlFor="assign-course">Course</label>
          <select id="assign-course" name="courseId" required>
            {catalogue.map((course) => (
              <option key={course.id} value={course.id}>
                {course.title}
              </option>
            ))}
          </select>
          <label htmlFor="assign-due">Due on (end of day UTC; empty: the group’s due date)</label>
          <input id="assign-due" name="dueAt" type="date" />
          <button type="submit" name="intent" value="assign" className="button" disabled={busy || catalogue.length === 0}>
            Assign course
          </button>
        </Form>
      </section>

      <section className="panel" aria-labelledby="gradebook-heading">
        <h2 id="gradebook-heading">Gradebook</h2>
        <p>
          <a href={`/admin/groups/${group.id}/gradebook.csv`} download>
            Download as CSV
          </a>{' '}
          · Time spent is active time in the lessons (a tab left open without anyone at it does not count).
        </p>
        <GradebookTable rows={gradebook} caption="Gradebook of the group" showCourse />
      </section>

      <section className="panel" aria-labelledby="members-heading">
        <h2 id="members-heading">
          Learners <span className="count">({members.length})</span>
        </h2>
        <AdminTable testId="group-members" caption="Learners of the group" columns={['Learner', 'Status']}>
          {members.map((member) => (
            <tr key={member.id}>
              <td data-label="Learner">{member.email}</td>
              <td data-label="Status">{member.status === 'invited' ? 'Invited' : 'Member'}</td>
              <td>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="memberId" value={member.id} />
                  <button type="submit" name="intent" value="remove" className="button button--danger-link" disabled={busy}>
                    Withdraw <span className="visually-hidden">{member.email}</span>
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </AdminTable>
      </section>
    </>
  );
}
