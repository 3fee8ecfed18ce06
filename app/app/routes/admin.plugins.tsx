import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';

import { PluginChanges } from '../components/admin/plugin-changes';
import { PluginToggle } from '../components/admin/plugin-toggle';
import { SectionError } from '../components/admin/section-error';
import { PluginFacts } from '../components/plugin-facts';
import { configErrorsFromProblem, summariseConfigErrors } from '../components/schema-form/field-errors';
import { fieldsFromSchema } from '../components/schema-form/schema-fields';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { textField } from '../lib/form-data';

export const meta: MetaFunction = () => [{ title: 'Plugins · Administration · Mirai' }];

function countSettings(schema: unknown): number {
  return fieldsFromSchema(schema, { config: {}, secretsSet: [] }).length;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const client = await api(request);
  const plugins = await requireApiData(await client.GET('/v1/plugins'), 'plugins');
  // Owners only: for an admin the API answers 403 and the section is not shown.
  const changes = (await client.GET('/v1/plugins/changes', { params: { query: { limit: 50 } } }))?.data?.items ?? null;
  return {
    changes,
    plugins: plugins.items.map(({ name, version, capabilities, scope, origin, enabled, source, configSchema, secretsSet }) => ({
      name,
      version,
      capabilities,
      scope,
      origin,
      enabled,
      source,
      settings: countSettings(configSchema),
      missingSecrets: fieldsFromSchema(configSchema, { config: {}, secretsSet }).filter(
        (field) => field.kind === 'secret' && field.required && !field.isSet,
      ).length,
    })),
  };
}

/** Enabling keeps the stored configuration; the API refuses when required settings are missing. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const name = textField(form, 'name');
  const enabled = textField(form, 'enabled') === 'true';
  const client = await api(request);
  const response = await client.PUT('/v1/plugins/{name}', { params: { path: { name } }, body: { enabled } });
  if (response.data !== undefined) return { ok: true, message: `${name} ${enabled ? 'enabled' : 'disabled'}.`, needsConfiguration: false };
  const schema = (await client.GET('/v1/plugins'))?.data?.items.find((plugin) => plugin.name === name)?.configSchema;
  const fields = fieldsFromSchema(schema, { config: {}, secretsSet: [] });
  const errors = configErrorsFromProblem(response.error, fields, `${name} could not be ${enabled ? 'enabled' : 'disabled'}.`);
  const needsConfiguration = Object.keys(errors.fields).length > 0;
  const message = needsConfiguration ? `${name} needs settings before it can be enabled. ${summariseConfigErrors(errors, fields)}` : errors.message;
  return data({ ok: false, message, needsConfiguration }, { status: response.response.status });
}

export default function AdminPlugins() {
  const { plugins, changes } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="admin__title">Plugins</h1>
      <p>
        Plugins add AI models, storage, sign-in, payments and export formats. Enable the ones your organisation uses and give them their settings.
      </p>
      {plugins.length === 0 ? (
        <p className="empty panel">No plugins are installed on this server.</p>
      ) : (
        <ul className="plugin-cards" data-testid="admin-plugins">
          {plugins.map((plugin) => (
            <li key={plugin.name} className="panel plugin-card" data-plugin={plugin.name}>
              <PluginFacts plugin={plugin} heading="h2" />
              {plugin.scope === 'instance' ? (
                <p className="meta">Set up by the server operator for every organisation.</p>
              ) : (
                <>
                  {plugin.origin === 'organisation' ? (
                    <p className="meta">
                      Installed by your organisation from the <Link to="/admin/catalogue">catalogue</Link>; runs isolated from the server.
                    </p>
                  ) : null}
                  <p className="meta">
                    {plugin.settings === 0 ? 'No settings.' : `${plugin.settings} setting${plugin.settings === 1 ? '' : 's'}`}
                    {plugin.missingSecrets > 0 ? ' · needs a secret before it can be enabled' : ''}
                  </p>
                  <div className="plugin-card__actions">
                    <PluginToggle name={plugin.name} enabled={plugin.enabled} />
                    <Link
                      to={`/admin/plugins/${plugin.name}`}
                      className="button button--secondary button--small"
                      aria-label={`Configure ${plugin.name}`}
                    >
                      Configure
                    </Link>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {changes === null ? null : <PluginChanges changes={changes} />}
    </>
  );
}

export function ErrorBoundary() {
  return <SectionError what="the plugins" retryTo="/admin/plugins" />;
}
