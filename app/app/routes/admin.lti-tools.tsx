import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { AdminTable } from '../components/admin/admin-table';
import { RemoveRowForm } from '../components/admin/remove-row-form';
import { StatusMessage } from '../components/admin/status-message';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';

export const meta: MetaFunction = () => [{ title: 'LTI tools · Administration · Mirai' }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { tools: requireApiData(await (await api(request)).GET('/v1/lti/tools'), 'LTI tools') };
}

/** Registers an external tool Mirai launches as the platform, or removes one (`intent=remove`). */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const client = await api(request);
  if (textField(form, 'intent') === 'remove') {
    const removed = await client.DELETE('/v1/lti/tools/{id}', { params: { path: { id: textField(form, 'id') } } });
    if (removed.error !== undefined)
      return data(
        { ok: false, message: formErrorsFromProblem(removed.error, 'The tool could not be removed.').message },
        { status: removed.response.status },
      );
    return { ok: true, message: 'Tool removed: its lesson blocks no longer launch.' };
  }
  const deepLinkingUrl = textField(form, 'deepLinkingUrl').trim();
  const body = {
    name: textField(form, 'name').trim(),
    loginUrl: textField(form, 'loginUrl').trim(),
    launchUrl: textField(form, 'launchUrl').trim(),
    jwksUrl: textField(form, 'jwksUrl').trim(),
    ...(deepLinkingUrl === '' ? {} : { deepLinkingUrl }),
  };
  const response = await client.POST('/v1/lti/tools', { body });
  if (response.data === undefined)
    return data(
      { ok: false, message: formErrorsFromProblem(response.error, 'The tool could not be registered.').message },
      { status: response.response.status },
    );
  return { ok: true, message: `${response.data.name} registered. Give the tool the platform details shown in the list.` };
}

const FIELDS = [
  { name: 'name', label: 'Name (authors see it)', type: 'text', required: true },
  { name: 'loginUrl', label: 'OIDC login initiation URL', type: 'url', required: true },
  { name: 'launchUrl', label: 'Launch (target link) URL', type: 'url', required: true },
  { name: 'jwksUrl', label: 'Public keyset (JWKS) URL', type: 'url', required: true },
  { name: 'deepLinkingUrl', label: 'Deep linking URL (optional)', type: 'url', required: false },
] as const;

export default function AdminLtiTools() {
  const { tools } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <>
      <h1 className="admin__title">LTI tools</h1>
      <StatusMessage id="lti-tools-status" result={result} />
      <section className="panel" aria-labelledby="lti-tools-heading">
        <h2 id="lti-tools-heading">
          External tools <span className="count">({tools.length})</span>
        </h2>
        <p>Tools registered here are launched from lessons with LTI 1.3 (Mirai is the platform); their scores reach the gradebook.</p>
        {tools.length === 0 ? (
          <p className="empty">No tools yet.</p>
        ) : (
          <AdminTable testId="lti-tools" caption="Registered LTI tools and the platform details to give them" columns={['Tool', 'Give the tool']}>
            {tools.map((tool) => (
              <tr key={tool.id}>
                <td data-label="Tool">
                  {tool.name}
                  <br />
                  Tool id (for lesson blocks): <code>{tool.id}</code>
                </td>
                <td data-label="Give the tool">
                  Client ID: <code>{tool.clientId}</code>
                  <br />
                  Deployment ID: <code>{tool.deploymentId}</code>
                  <br />
                  Issuer: <code>{tool.platform.issuer}</code>
                  <br />
                  Authorization endpoint: <code>{tool.platform.authorizationUrl}</code>
                  <br />
                  Token endpoint: <code>{tool.platform.tokenUrl}</code>
                  <br />
                  Keyset: <code>{tool.platform.jwksUrl}</code>
                </td>
                <td data-label="Actions">
                  <RemoveRowForm id={tool.id} name={tool.name} busy={busy} />
                </td>
              </tr>
            ))}
          </AdminTable>
        )}
      </section>
      <section className="panel" aria-labelledby="new-lti-tool-heading">
        <h2 id="new-lti-tool-heading">Register a tool</h2>
        <p>Copy these URLs from the tool's LTI 1.3 configuration (docs/interoperability.md, "Mirai as a platform").</p>
        <Form method="post" className="stack">
          {FIELDS.map((field) => (
            <div key={field.name} className="stack">
              <label htmlFor={`lti-tool-${field.name}`}>{field.label}</label>
              <input id={`lti-tool-${field.name}`} name={field.name} type={field.type} required={field.required} maxLength={2048} />
            </div>
          ))}
          <button type="submit" className="button" disabled={busy}>
            Register tool
          </button>
        </Form>
      </section>
    </>
  );
}
