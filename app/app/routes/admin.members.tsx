import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData, useRouteLoaderData, useSearchParams } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { AdminTable } from '../components/admin/admin-table';
import { invitationLink } from '../components/admin/invitation-link.server';
import { InvitationList } from '../components/admin/invitation-list';
import { type CreatedInvitation, InviteForm } from '../components/admin/invite-form';
import { MemberRow } from '../components/admin/member-row';
import { assignableRoles, isRole, roleLabel } from '../components/admin/roles';
import { SectionError } from '../components/admin/section-error';
import { StatusMessage } from '../components/admin/status-message';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { CHECK_FIELDS } from '../lib/auth-form.server';
import { looksLikeEmail, textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';
import type { loader as adminLoader } from './admin';

export const meta: MetaFunction = () => [{ title: 'Members · Administration · Mirai' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const client = await api(request);
  const [me, members, invitations] = await Promise.all([client.GET('/v1/me'), client.GET('/v1/members'), client.GET('/v1/invitations')]);
  return {
    userId: (await requireApiData(me, 'your account')).user.id,
    members: (await requireApiData(members, 'members')).items,
    invitations: (await requireApiData(invitations, 'invitations')).items.map(({ id, email, role, expiresAt }) => ({
      id,
      email,
      role,
      expiresAt,
    })),
  };
}

interface ActionResult {
  intent: string;
  ok: boolean;
  message: string;
  fields?: Record<string, string>;
  values?: { email: string; role: string; delivery: string };
  invitation?: CreatedInvitation;
}

const result = (body: ActionResult, status = 200) => data(body, { status });

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = textField(form, 'intent');
  const client = await api(request);

  if (intent === 'invite') {
    const email = textField(form, 'email').trim();
    const role = textField(form, 'role');
    const delivery = textField(form, 'delivery') === 'link' ? 'link' : 'mail';
    const values = { email, role, delivery };
    const fields: Record<string, string> = {};
    if (!looksLikeEmail(email)) fields.email = 'Enter an email address like name@example.org.';
    if (!isRole(role)) fields.role = 'Choose a role.';
    if (Object.keys(fields).length > 0 || !isRole(role)) return result({ intent, ok: false, message: CHECK_FIELDS, fields, values }, 400);
    const response = await client.POST('/v1/invitations', { body: { email, role, delivery } });
    if (response.data === undefined) {
      const problem = formErrorsFromProblem(response.error, 'The invitation could not be created.');
      return result({ intent, ok: false, message: problem.message, fields: problem.fields, values }, response.response.status);
    }
    const { token, expiresAt } = response.data;
    if (delivery === 'link' && token === undefined)
      return result({ intent, ok: false, message: 'The server created the invitation but sent no link.', values }, 502);
    return result({
      intent,
      ok: true,
      message: '',
      invitation: {
        email: response.data.email,
        role: response.data.role,
        expiresAt,
        link: token === undefined ? null : invitationLink(request, token),
      },
    });
  }

  if (intent === 'change-role') {
    const memberId = textField(form, 'memberId');
    const role = textField(form, 'role');
    if (!isRole(role)) return result({ intent, ok: false, message: 'Choose a role.' }, 400);
    const response = await client.PATCH('/v1/members/{id}', { params: { path: { id: memberId } }, body: { role } });
    if (response.data === undefined)
      return result(
        { intent, ok: false, message: formErrorsFromProblem(response.error, 'The role could not be changed.').message },
        response.response.status,
      );
    return result({ intent, ok: true, message: `Role changed to ${roleLabel(response.data.role).toLowerCase()}.` });
  }

  if (intent === 'remove' || intent === 'revoke') {
    const email = textField(form, 'email');
    const response =
      intent === 'remove'
        ? await client.DELETE('/v1/members/{id}', { params: { path: { id: textField(form, 'memberId') } } })
        : await client.DELETE('/v1/invitations/{id}', { params: { path: { id: textField(form, 'invitationId') } } });
    if (!response.response.ok) {
      const what = intent === 'remove' ? `${email} could not be removed` : `The invitation for ${email} could not be revoked`;
      const problem = formErrorsFromProblem(response.error, `${what}.`);
      return result(
        { intent, ok: false, message: problem.message === `${what}.` ? problem.message : `${what}: ${problem.message}` },
        response.response.status,
      );
    }
    return result({ intent, ok: true, message: intent === 'remove' ? `${email} was removed.` : `The invitation for ${email} was revoked.` });
  }

  return result({ intent, ok: false, message: 'Unknown action.' }, 400);
}

export default function AdminMembers() {
  const { userId, members, invitations } = useLoaderData<typeof loader>();
  const admin = useRouteLoaderData<typeof adminLoader>('routes/admin');
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const statusRef = useRef<HTMLDivElement>(null);
  const actor = admin?.role ?? 'learner';
  const roles = assignableRoles(actor);
  const removeId = searchParams.get('remove');
  const pageResult = actionData?.intent === 'remove' ? actionData : undefined;
  const inviteResult = actionData?.intent === 'invite' ? actionData : undefined;
  const owners = members.filter((member) => member.role === 'owner').length;

  useEffect(() => {
    if (pageResult !== undefined) statusRef.current?.focus();
  }, [pageResult]);

  return (
    <>
      <h1 className="admin__title">Members</h1>
      <StatusMessage id="members-status" ref={statusRef} result={pageResult} />

      <section className="panel" aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite someone</h2>
        <p>They join with the role you choose. We e-mail them the invitation, or give you a link to share yourself.</p>
        {inviteResult !== undefined && !inviteResult.ok ? <StatusMessage id="invite-status" result={inviteResult} /> : null}
        <InviteForm
          roles={roles}
          fieldErrors={inviteResult?.ok === false ? (inviteResult.fields ?? {}) : undefined}
          values={inviteResult?.ok === false ? inviteResult.values : undefined}
          created={inviteResult?.invitation}
        />
      </section>

      <section className="panel" aria-labelledby="members-heading">
        <h2 id="members-heading">
          People <span className="count">({members.length})</span>
        </h2>
        {owners === 1 ? <p className="meta">An organisation needs at least one owner, so its only owner cannot be removed or demoted.</p> : null}
        {members.length === 0 ? (
          <p className="empty">No members.</p>
        ) : (
          <AdminTable testId="members" caption="Members and their roles" columns={['Member', 'Role', 'Joined']}>
            {members.map((member) => (
              <MemberRow
                key={member.id}
                member={member}
                isSelf={member.userId === userId}
                roles={roles}
                locked={actor !== 'owner' && member.role === 'owner'}
                confirmingRemoval={removeId === member.id}
              />
            ))}
          </AdminTable>
        )}
      </section>

      <section className="panel" aria-labelledby="invitations-heading">
        <h2 id="invitations-heading">
          Pending invitations <span className="count">({invitations.length})</span>
        </h2>
        <InvitationList invitations={invitations} />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <SectionError what="the members" retryTo="/admin/members" />;
}
