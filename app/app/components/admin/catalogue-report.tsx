import { Form } from '@remix-run/react';
import type { VersionReport } from './plugin-catalogue.server';

/**
 * A checked version: whether this server can run it, which of the organisation's settings it
 * would refuse, and the hosts it reaches; then the form that installs or moves to it, where the
 * owner approves those hosts (and accepts a report with problems) explicitly.
 */
export function CatalogueReport({
  report,
  installed,
  busy,
}: {
  report: VersionReport;
  installed: { plugin: string; version: string } | null;
  busy: boolean;
}) {
  const upgrading = installed !== null;
  const problems = report.configs.flatMap((config) => config.fields);
  return (
    <section className="panel" aria-labelledby="catalogue-report-heading" data-testid="catalogue-report">
      <h2 id="catalogue-report-heading">
        Compatibility of {report.package}@{report.version}
      </h2>
      <ul>
        {report.engines.map((engine) => (
          <li key={engine.plugin}>
            {engine.plugin} {engine.version} needs plugin API {engine.engine}:{' '}
            {engine.compatible ? 'this server provides it.' : 'this server does not provide it; it cannot run here.'}
          </li>
        ))}
        {problems.length === 0 ? (
          <li>Your organisation’s settings fit this version.</li>
        ) : (
          problems.map((problem) => (
            <li key={problem.field}>
              Your setting {problem.field.replace(/^\/config\//, '')} would be refused: {problem.message}. The plugin is disabled after the change
              until you fix it.
            </li>
          ))
        )}
      </ul>
      <Form method="post">
        <input type="hidden" name="intent" value={upgrading ? 'upgrade' : 'install'} />
        <input type="hidden" name="package" value={report.package} />
        <input type="hidden" name="plugin" value={report.plugin} />
        <input type="hidden" name="version" value={report.version} />
        {report.egress.length === 0 ? (
          <p className="meta">This version reaches no outside hosts.</p>
        ) : (
          <fieldset className="field">
            <legend>Hosts this plugin may reach</legend>
            {upgrading ? <p className="field__hint">Hosts you approved for an earlier version stay approved.</p> : null}
            {report.egress.map((host) => (
              <div className="field field--check" key={host}>
                <input id={`egress-${host}`} type="checkbox" name="approveEgress" value={host} />
                <label htmlFor={`egress-${host}`}>Allow {host}</label>
              </div>
            ))}
          </fieldset>
        )}
        {upgrading && !report.ok ? (
          <div className="field field--check">
            <input id="accept-report" type="checkbox" name="acceptReport" value="true" />
            <label htmlFor="accept-report">I have read the report and want to change the version anyway</label>
          </div>
        ) : null}
        <button type="submit" className="button" disabled={busy}>
          {upgrading ? `Move ${installed.plugin} from ${installed.version} to ${report.version}` : `Install ${report.package}@${report.version}`}
        </button>
      </Form>
    </section>
  );
}
