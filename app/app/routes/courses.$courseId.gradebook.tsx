import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { StatusMessage } from '../components/admin/status-message';
import { type GradebookRow, GradebookTable } from '../components/groups/gradebook-table';
import { LearningError } from '../components/learning/learning-error';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';
import adminStyles from '../styles/admin.css?url';
import learningStyles from '../styles/learning.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: learningStyles },
  { rel: 'stylesheet', href: adminStyles },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Gradebook · ${data?.title ?? 'Course'} · Mirai` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const id = params.courseId ?? '';
  const group = new URL(request.url).searchParams.get('group') || undefined;
  const [course, gradebook, groups] = await Promise.all([
    client.GET('/v1/courses/{id}', { params: { path: { id } } }),
    client.GET('/v1/courses/{id}/gradebook', { params: { path: { id }, query: { groupId: group } } }),
    client.GET('/v1/groups'),
  ]);
  return {
    id,
    title: requireApiData(course, 'the course').title,
    rows: requireApiData(gradebook, 'the gradebook').items,
    groups: requireApiData(groups, 'the groups').items.map(({ id, name }) => ({ id, name })),
    group: group ?? '',
  };
}

/** Withdraw a learner from the course (no longer due through any group) or undo it; progress stays. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const path = { id: params.courseId ?? '', userId: textField(form, 'userId') };
  const email = textField(form, 'email');
  const withdraw = textField(form, 'intent') === 'withdraw';
  const client = await api(request);
  const result = withdraw
    ? await client.PUT('/v1/courses/{id}/withdrawals/{userId}', { params: { path } })
    : await client.DELETE('/v1/courses/{id}/withdrawals/{userId}', { params: { path } });
  if (result.response.ok) return { ok: true, message: withdraw ? `${email} was withdrawn from the course.` : `${email} was reinstated.` };
  const what = withdraw ? `${email} could not be withdrawn.` : `${email} could not be reinstated.`;
  return data({ ok: false, message: formErrorsFromProblem(result.error, what).message }, { status: result.response.status });
}

function ConfirmWithdrawal({ row, cancelTo }: { row: GradebookRow; cancelTo: string }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section ref={ref} tabIndex={-1} aria-labelledby="confirm-withdrawal-heading" className="confirm" data-testid="confirm-withdrawal">
      <p id="confirm-withdrawal-heading">
        <strong>
          Withdraw {row.email} from {row.courseTitle}?
        </strong>{' '}
        The course is no longer due for them through any group; their progress, quiz attempts and time spent stay on record, and you can reinstate
        them.
      </p>
      <Form method="post" action={cancelTo} className="confirm__actions" preventScrollReset>
        <input type="hidden" name="intent" value="withdraw" />
        <input type="hidden" name="userId" value={row.userId ?? ''} />
        <input type="hidden" name="email" value={row.email} />
        <button type="submit" className="button button--danger">
          Withdraw learner
        </button>
        <Link to={cancelTo} className="button button--secondary" preventScrollReset>
          Cancel
        </Link>
      </Form>
    </section>
  );
}

function RowActions({ row, base }: { row: GradebookRow; base: string }) {
  const busy = useNavigation().state !== 'idle';
  if (row.userId === null) return null;
  if (row.status === 'withdrawn')
    return (
      <Form method="post" action={base} className="inline-form" preventScrollReset>
        <input type="hidden" name="intent" value="reinstate" />
        <input type="hidden" name="userId" value={row.userId} />
        <input type="hidden" name="email" value={row.email} />
        <button type="submit" className="button button--secondary" disabled={busy}>
          Reinstate <span className="visually-hidden">{row.email}</span>
        </button>
      </Form>
    );
  const join = base.includes('?') ? '&' : '?';
  return (
    <Link to={`${base}${join}withdraw=${row.userId}`} className="button button--danger-link" preventScrollReset aria-label={`Withdraw ${row.email}`}>
      Withdraw
    </Link>
  );
}

/** The course's gradebook for owners and admins: every assigned or enrolled learner, by group if asked. */
export default function CourseGradebook() {
  const { id, title, rows, groups, group } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const base = group === '' ? `/courses/${id}/gradebook` : `/courses/${id}/gradebook?group=${group}`;
  const confirming = rows.find((row) => row.userId !== null && row.userId === searchParams.get('withdraw'));
  const csv = `/courses/${id}/gradebook.csv${group === '' ? '' : `?group=${group}`}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="learn-breadcrumbs">
        <ol>
          <li>
            <Link to="/dashboard">Dashboard</Link>
          </li>
          <li>
            <Link to={`/courses/${id}/learners`}>Learners of {title}</Link>
          </li>
          <li aria-current="page">Gradebook</li>
        </ol>
      </nav>
      <section className="panel" aria-labelledby="gradebook-heading">
        <h1 id="gradebook-heading">Gradebook of {title}</h1>
        <p>
          Learners the course is assigned to through a group, and everyone else enrolled. Time spent is active time in the lessons (a tab left open
          without anyone at it does not count).
        </p>
        <Form method="get" className="filter-form">
          <label htmlFor="gradebook-group">Group</label>
          <select id="gradebook-group" name="group" defaultValue={group}>
            <option value="">All learners</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
          <button type="submit" className="button button--secondary">
            Show
          </button>
        </Form>
        <p>
          <a href={csv} download>
            Download as CSV
          </a>
        </p>
        <StatusMessage id="gradebook-status" result={result} />
        {confirming === undefined ? null : <ConfirmWithdrawal row={confirming} cancelTo={base} />}
        {rows.length === 0 ? (
          <p className="empty" data-testid="gradebook-empty">
            {group === '' ? 'No one is assigned or enrolled yet.' : 'No learner of this group has the course.'}
          </p>
        ) : (
          <GradebookTable rows={rows} caption={`Gradebook of ${title}`} showCourse={false} actions={(row) => <RowActions row={row} base={base} />} />
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <LearningError what="gradebook" backTo="/dashboard" backLabel="Back to the dashboard" />;
}
