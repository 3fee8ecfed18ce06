import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { CatalogueReport } from '../components/admin/catalogue-report';
import { type CatalogueEntry, loadCatalogue, runCatalogueAction } from '../components/admin/plugin-catalogue.server';
import { SectionError } from '../components/admin/section-error';
import { StatusMessage } from '../components/admin/status-message';
import { api } from '../lib/api.server';
import { useFocusSubmissionResult } from '../lib/use-focus-first-error';

export const meta: MetaFunction = () => [{ title: 'Plugin catalogue · Administration · Mirai' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { status: _status, ...state } = await loadCatalogue(await api(request));
  return state;
}

export async function action({ request }: ActionFunctionArgs) {
  const { status, ...result } = await runCatalogueAction(await api(request), await request.formData());
  return data(result, { status: status >= 400 ? status : 200 });
}

function VersionPicker({ entry, id }: { entry: CatalogueEntry; id: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>Version</label>
      <select id={id} name="version" defaultValue={entry.installed?.version ?? entry.latest ?? entry.versions[0]}>
        {entry.versions.map((version) => (
          <option key={version} value={version}>
            {version}
            {version === entry.latest ? ' (latest)' : ''}
            {version === entry.installed?.version ? ' (installed)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Removal deletes the organisation's settings and stored data of the plugin, so it asks first. */
function ConfirmUninstall({ plugin, busy }: { plugin: string; busy: boolean }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section ref={ref} tabIndex={-1} aria-labelledby={`confirm-${plugin}`} className="confirm" data-testid="confirm-uninstall">
      <h3 id={`confirm-${plugin}`}>Uninstall {plugin}?</h3>
      <p>It stops for your organisation, and its settings, secrets and stored data are deleted. This cannot be undone.</p>
      <Form method="post" action="/admin/catalogue" className="plugin-card__actions">
        <input type="hidden" name="intent" value="uninstall" />
        <input type="hidden" name="plugin" value={plugin} />
        <button type="submit" className="button button--small" disabled={busy}>
          Uninstall {plugin}
        </button>
        <Link to="/admin/catalogue" className="button button--secondary button--small">
          Keep it
        </Link>
      </Form>
    </section>
  );
}

function EntryCard({ entry, busy, confirming }: { entry: CatalogueEntry; busy: boolean; confirming: boolean }) {
  const slug = entry.package.replace(/[^a-z0-9]+/gi, '-');
  const headingId = `catalogue-${slug}`;
  return (
    <li className="panel plugin-card" data-package={entry.package} aria-labelledby={headingId}>
      <h2 id={headingId}>{entry.package}</h2>
      {entry.description === '' ? null : <p>{entry.description}</p>}
      <p className="meta">
        {entry.installed === null
          ? 'Not installed.'
          : `Installed for your organisation as ${entry.installed.plugin}, version ${entry.installed.version}.`}
      </p>
      <Form method="post" className="plugin-card__actions">
        <input type="hidden" name="intent" value="check" />
        <input type="hidden" name="package" value={entry.package} />
        <VersionPicker entry={entry} id={`${headingId}-version`} />
        <button type="submit" className="button button--secondary button--small" disabled={busy}>
          {entry.installed === null ? 'Check before installing' : 'Check before changing version'}
        </button>
      </Form>
      {entry.installed === null ? null : (
        <div className="plugin-card__actions">
          <Link to={`/admin/plugins/${entry.installed.plugin}`} className="button button--secondary button--small">
            Configure {entry.installed.plugin}
          </Link>
          <Link to={`?uninstall=${encodeURIComponent(entry.installed.plugin)}`} className="button--danger-link">
            Uninstall {entry.installed.plugin}…
          </Link>
        </div>
      )}
      {entry.installed !== null && confirming ? <ConfirmUninstall plugin={entry.installed.plugin} busy={busy} /> : null}
    </li>
  );
}

export default function AdminCatalogue() {
  const state = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const [search] = useSearchParams();
  const uninstalling = search.get('uninstall');
  const statusRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusSubmissionResult(formRef, statusRef, result);
  const installedAs = (pkg: string) => (state.kind === 'ok' ? (state.entries.find((entry) => entry.package === pkg)?.installed ?? null) : null);
  return (
    <>
      <h1 className="admin__title">Plugin catalogue</h1>
      <p>
        Plugins the server operator offers. What you install here is for your organisation only, runs isolated from the server and other
        organisations, and reaches only the hosts you approve. Every install, upgrade and removal appears in the{' '}
        <Link to="/admin/plugins">plugin changes log</Link>.
      </p>
      <StatusMessage id="catalogue-status" ref={statusRef} result={result} />
      {result?.report === undefined ? null : <CatalogueReport report={result.report} installed={installedAs(result.report.package)} busy={busy} />}
      {state.kind === 'owners-only' ? (
        <p className="empty panel">Only owners of the organisation can install plugins.</p>
      ) : state.kind === 'unavailable' ? (
        <p className="alert" role="alert">
          {state.message}
        </p>
      ) : state.entries.length === 0 ? (
        <p className="empty panel">The server operator offers no plugins to install.</p>
      ) : (
        <ul className="plugin-cards" data-testid="plugin-catalogue">
          {state.entries.map((entry) => (
            <EntryCard key={entry.package} entry={entry} busy={busy} confirming={entry.installed?.plugin === uninstalling} />
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <SectionError what="the plugin catalogue" retryTo="/admin/catalogue" />;
}
