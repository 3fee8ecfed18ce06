import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useRef } from 'react';
import type { ApiClient } from '../api/client.server';

import { SectionError } from '../components/admin/section-error';
import { StatusMessage } from '../components/admin/status-message';
import { configErrorsFromProblem } from '../components/schema-form/field-errors';
import { readSubmission } from '../components/schema-form/read-submission';
import { fieldsFromSchema } from '../components/schema-form/schema-fields';
import { SchemaFormFields } from '../components/schema-form/schema-form-fields';
import { savedSettingsMessage } from '../lib/ai-usage-format';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { CHECK_FIELDS } from '../lib/auth-form.server';
import { useFocusSubmissionResult } from '../lib/use-focus-first-error';

export const meta: MetaFunction<typeof loader> = ({ params }) => [{ title: `${params.name ?? 'Plugin'} · Plugins · Mirai` }];

// This page is not nested in admin.plugins (the "_" in the file name): that route's loader would fetch the
// list a second time for a page that does not show it. The API has no GET /v1/plugins/{name}, so the
// plugin is looked up in the list.
async function findPlugin(client: ApiClient, name: string) {
  const plugins = await requireApiData(await client.GET('/v1/plugins'), 'plugins');
  const plugin = plugins.items.find((item) => item.name === name);
  if (plugin === undefined) throw data(`No plugin named "${name}" is installed on this server.`, { status: 404 });
  return plugin;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const plugin = await findPlugin(await api(request), params.name ?? '');
  const { name, version, capabilities, scope, enabled, config, secretsSet, configSchema } = plugin;
  const title = typeof configSchema?.title === 'string' ? configSchema.title : name;
  return { name, version, capabilities, scope, enabled, config, secretsSet, configSchema, title };
}

interface SaveResult {
  ok: boolean;
  message: string;
  fields: Record<string, string>;
  submitted: Record<string, string>;
  enabled: boolean;
  savedAt?: number;
  /** Saving a key tests it once: a key that did not work is shown as an alert, though the settings were saved. */
  keyWorks?: boolean;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const client = await api(request);
  const plugin = await findPlugin(client, params.name ?? '');
  const form = await request.formData();
  const enabled = form.get('enabled') === 'true';
  const fields = fieldsFromSchema(plugin.configSchema, { config: plugin.config, secretsSet: plugin.secretsSet });
  const { config, errors, submitted } = readSubmission(fields, form);
  const failure = (body: Omit<SaveResult, 'ok' | 'submitted' | 'enabled'>, status: number) =>
    data<SaveResult>({ ok: false, submitted, enabled, ...body }, { status });
  if (Object.keys(errors).length > 0) return failure({ message: CHECK_FIELDS, fields: errors }, 400);

  const body = fields.length === 0 ? { enabled } : { enabled, config };
  const response = await client.PUT('/v1/plugins/{name}', { params: { path: { name: plugin.name } }, body });
  if (response.data === undefined) {
    const problem = configErrorsFromProblem(response.error, fields, 'The settings could not be saved.');
    return failure(problem, response.response.status);
  }
  const { keyCheck } = response.data;
  return data<SaveResult>({
    ok: true,
    message: savedSettingsMessage(plugin.name, response.data.enabled, keyCheck),
    ...(keyCheck === undefined ? {} : { keyWorks: keyCheck.ok }),
    fields: {},
    submitted: {},
    enabled,
    savedAt: Date.now(),
  });
}

export default function AdminPlugin() {
  const plugin = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saving = useNavigation().state === 'submitting';
  const formRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  const failed = result !== undefined && !result.ok ? result : undefined;
  const fields = fieldsFromSchema(plugin.configSchema, { config: plugin.config, secretsSet: plugin.secretsSet, submitted: failed?.submitted });

  // Remount the uncontrolled fields after a save (clearing the typed secret) and again when the reloaded
  // settings arrive: action data is committed before the revalidated loader data.
  const formKey = `${result?.savedAt ?? 'settings'}:${JSON.stringify([plugin.enabled, plugin.config, plugin.secretsSet])}`;

  useFocusSubmissionResult(formRef, statusRef, result);

  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/plugins">Plugins</Link> <span aria-hidden="true">›</span> {plugin.name}
      </p>
      <h1 className="admin__title">
        {plugin.title}{' '}
        <span className="version">
          {plugin.name} v{plugin.version}
        </span>
      </h1>
      <ul className="tags" aria-label="Capabilities">
        {plugin.capabilities.map((capability) => (
          <li key={capability} className="tag">
            {capability}
          </li>
        ))}
      </ul>
      <StatusMessage
        id="plugin-status"
        ref={statusRef}
        result={result === undefined ? undefined : { ...result, ok: result.ok && result.keyWorks !== false }}
      />
      {plugin.scope === 'instance' ? (
        <section className="panel">
          <p>{plugin.name} is set up by the server operator for every organisation, so it has no settings here.</p>
        </section>
      ) : (
        <section className="panel" aria-labelledby="plugin-settings-heading">
          <h2 id="plugin-settings-heading">Settings</h2>
          <Form method="post" ref={formRef} noValidate key={formKey} aria-describedby={failed === undefined ? undefined : 'plugin-status'}>
            <div className="field field--check">
              <input
                id="plugin-enabled"
                type="checkbox"
                name="enabled"
                value="true"
                defaultChecked={failed?.enabled ?? plugin.enabled}
                aria-describedby="plugin-enabled-hint"
              />
              <label htmlFor="plugin-enabled">Enabled for this organisation</label>
              <p id="plugin-enabled-hint" className="field__hint">
                A disabled plugin keeps its settings; required settings are only checked when it is enabled.
              </p>
            </div>
            {fields.length === 0 ? (
              <p className="empty">This plugin has no settings.</p>
            ) : (
              <SchemaFormFields legend={`${plugin.title} settings`} fields={fields} errors={failed?.fields} />
            )}
            <button type="submit" className="button" disabled={saving}>
              {saving ? 'Saving…' : 'Save settings'}
            </button>
          </Form>
        </section>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <SectionError what="the plugin" retryTo="/admin/plugins" />;
}
