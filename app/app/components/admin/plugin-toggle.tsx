import { Link, useFetcher } from '@remix-run/react';

interface ToggleResult {
  ok: boolean;
  message: string;
  needsConfiguration?: boolean;
}

/** Enables or disables a plugin in place; when required settings are missing it says which and links to them. */
export function PluginToggle({ name, enabled }: { name: string; enabled: boolean }) {
  const fetcher = useFetcher<ToggleResult>({ key: `toggle-${name}` });
  const busy = fetcher.state !== 'idle';
  const outcome = fetcher.state === 'idle' ? fetcher.data : undefined;
  const resultId = `toggle-${name}-result`;
  return (
    <fetcher.Form method="post" action="/admin/plugins" className="plugin-toggle">
      <input type="hidden" name="intent" value="toggle" />
      <input type="hidden" name="name" value={name} />
      <input type="hidden" name="enabled" value={enabled ? 'false' : 'true'} />
      <button
        type="submit"
        className={enabled ? 'button button--secondary button--small' : 'button button--small'}
        disabled={busy}
        aria-describedby={outcome === undefined ? undefined : resultId}
      >
        {busy ? (enabled ? 'Disabling…' : 'Enabling…') : enabled ? `Disable ${name}` : `Enable ${name}`}
      </button>
      {outcome === undefined || outcome.ok ? null : (
        <p id={resultId} className="field__error" role="alert">
          {outcome.message} {outcome.needsConfiguration === true ? <Link to={`/admin/plugins/${name}`}>Open the {name} settings</Link> : null}
        </p>
      )}
    </fetcher.Form>
  );
}
