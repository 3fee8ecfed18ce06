import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { AdminTable } from '../components/admin/admin-table';
import { LtiRosters, rosterSyncMessage } from '../components/admin/lti-rosters';
import { RemoveRowForm } from '../components/admin/remove-row-form';
import { StatusMessage } from '../components/admin/status-message';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';

export const meta: MetaFunction = () => [{ title: 'LTI platforms · Administration · Mirai' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const client = await api(request);
  const [platforms, contexts] = await Promise.all([client.GET('/v1/lti/platforms'), client.GET('/v1/lti/contexts')]);
  return { platforms: requireApiData(platforms, 'LTI platforms'), contexts: requireApiData(contexts, 'LTI rosters') };
}

/** Registers a platform (Moodle, Canvas, …), removes one (`intent=remove`) or syncs a platform course's roster (`intent=sync-roster`). */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const client = await api(request);
  if (textField(form, 'intent') === 'sync-roster') {
    const synced = await client.POST('/v1/lti/contexts/{id}/roster-syncs', { params: { path: { id: textField(form, 'id') } } });
    if (synced.data === undefined)
      return data(
        { ok: false, message: formErrorsFromProblem(synced.error, 'The roster could not be synced.').message },
        { status: synced.response.status },
      );
    return { ok: true, message: rosterSyncMessage(textField(form, 'title'), synced.data) };
  }
  if (textField(form, 'intent') === 'remove') {
    const removed = await client.DELETE('/v1/lti/platforms/{id}', { params: { path: { id: textField(form, 'id') } } });
    if (removed.error !== undefined)
      return data(
        { ok: false, message: formErrorsFromProblem(removed.error, 'The platform could not be removed.').message },
        { status: removed.response.status },
      );
    return { ok: true, message: 'Platform removed: its launches stop working.' };
  }
  const body = {
    name: textField(form, 'name').trim(),
    issuer: textField(form, 'issuer').trim(),
    clientId: textField(form, 'clientId').trim(),
    deploymentIds: textField(form, 'deploymentIds')
      .split(/[\s,]+/)
      .filter((id) => id !== ''),
    authLoginUrl: textField(form, 'authLoginUrl').trim(),
    jwksUrl: textField(form, 'jwksUrl').trim(),
    tokenUrl: textField(form, 'tokenUrl').trim(),
  };
  const response = await client.POST('/v1/lti/platforms', { body });
  if (response.data === undefined)
    return data(
      { ok: false, message: formErrorsFromProblem(response.error, 'The platform could not be registered.').message },
      { status: response.response.status },
    );
  return { ok: true, message: `${response.data.name} registered. Give it the tool URLs shown in the list.` };
}

const FIELDS = [
  { name: 'name', label: 'Name (for you)', type: 'text' },
  { name: 'issuer', label: 'Issuer (platform ID)', type: 'text' },
  { name: 'clientId', label: 'Client ID', type: 'text' },
  { name: 'deploymentIds', label: 'Deployment IDs (separated by commas)', type: 'text' },
  { name: 'authLoginUrl', label: 'Authentication request URL', type: 'url' },
  { name: 'jwksUrl', label: 'Public keyset URL', type: 'url' },
  { name: 'tokenUrl', label: 'Access token URL', type: 'url' },
] as const;

export default function AdminLti() {
  const { platforms, contexts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <>
      <h1 className="admin__title">LTI platforms</h1>
      <StatusMessage id="lti-status" result={result} />
      <section className="panel" aria-labelledby="lti-platforms-heading">
        <h2 id="lti-platforms-heading">
          Platforms <span className="count">({platforms.length})</span>
        </h2>
        <p>Learning platforms registered here launch Mirai courses with LTI 1.3; their people join this organisation on first launch.</p>
        {platforms.length === 0 ? (
          <p className="empty">No platforms yet.</p>
        ) : (
          <AdminTable
            testId="lti-platforms"
            caption="Registered LTI platforms and the URLs to give them"
            columns={['Platform', 'Issuer and client ID', 'Give the platform']}
          >
            {platforms.map((platform) => (
              <tr key={platform.id}>
                <td data-label="Platform">{platform.name}</td>
                <td data-label="Issuer and client ID">
                  {platform.issuer}
                  <br />
                  <code>{platform.clientId}</code>
                </td>
                <td data-label="Give the platform">
                  Login: <code>{platform.tool.loginUrl}</code>
                  <br />
                  Launch and deep linking: <code>{platform.tool.launchUrl}</code>
                  <br />
                  Keyset: <code>{platform.tool.jwksUrl}</code>
                </td>
                <td data-label="Actions">
                  <RemoveRowForm id={platform.id} name={platform.name} busy={busy} />
                </td>
              </tr>
            ))}
          </AdminTable>
        )}
      </section>
      <LtiRosters contexts={contexts} busy={busy} />
      <section className="panel" aria-labelledby="new-lti-heading">
        <h2 id="new-lti-heading">Register a platform</h2>
        <p>Copy these values from the platform's LTI 1.3 tool registration (docs/interoperability.md explains Moodle and Canvas).</p>
        <Form method="post" className="stack">
          {FIELDS.map((field) => (
            <div key={field.name} className="stack">
              <label htmlFor={`lti-${field.name}`}>{field.label}</label>
              <input id={`lti-${field.name}`} name={field.name} type={field.type} required maxLength={2048} />
            </div>
          ))}
          <button type="submit" className="button" disabled={busy}>
            Register platform
          </button>
        </Form>
      </section>
    </>
  );
}
