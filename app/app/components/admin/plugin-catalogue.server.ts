import { type ApiClient, reachApi } from '../../api/client.server';
import { formErrorsFromProblem } from '../../lib/form-errors';

export type CatalogueEntry = {
  package: string;
  description: string;
  latest: string | null;
  versions: string[];
  installed: { plugin: string; version: string } | null;
};

/** What the catalogue page shows: the entries, or why it cannot (owners only, registry down). */
export type CatalogueState = { kind: 'ok'; entries: CatalogueEntry[] } | { kind: 'owners-only' } | { kind: 'unavailable'; message: string };

export async function loadCatalogue(api: ApiClient): Promise<CatalogueState & { status: number }> {
  const result = await reachApi(api.GET('/v1/plugin-catalogue'));
  if (result === undefined) return { kind: 'unavailable', message: 'The Mirai server could not be reached.', status: 502 };
  if (result.data !== undefined) return { kind: 'ok', entries: result.data.items, status: 200 };
  if (result.response.status === 403) return { kind: 'owners-only', status: 403 };
  return {
    kind: 'unavailable',
    message: formErrorsFromProblem(result.error, 'The plugin catalogue could not be read.').message,
    status: result.response.status,
  };
}

export interface VersionReport {
  package: string;
  version: string;
  plugin: string;
  ok: boolean;
  egress: string[];
  engines: Array<{ plugin: string; version: string; engine: string; compatible: boolean }>;
  configs: Array<{ fields: Array<{ field: string; message: string }> }>;
}

export interface CatalogueResult {
  ok: boolean;
  message: string;
  /** After "check": the report of the version, shown before installing or upgrading it. */
  report?: VersionReport;
  /** The API's status, for the action's response. */
  status: number;
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

function failure(error: unknown, status: number, fallback: string, report?: VersionReport): CatalogueResult {
  const report409 = (error as { report?: VersionReport } | undefined)?.report;
  const chosen = report ?? report409;
  return { ok: false, message: formErrorsFromProblem(error, fallback).message, status, ...(chosen === undefined ? {} : { report: chosen }) };
}

/**
 * One catalogue form submission: `check` a version (its compatibility report and the hosts it
 * reaches), `install` it, `upgrade` to it (accepting the report when asked), or `uninstall`.
 */
export async function runCatalogueAction(api: ApiClient, form: FormData): Promise<CatalogueResult> {
  const intent = text(form, 'intent');
  const pkg = text(form, 'package');
  const version = text(form, 'version');
  const plugin = text(form, 'plugin');
  const approveEgress = form.getAll('approveEgress').filter((value): value is string => typeof value === 'string');
  const unreachable: CatalogueResult = { ok: false, message: 'The Mirai server could not be reached. Please try again.', status: 502 };
  if (intent === 'check') {
    const result = await reachApi(api.GET('/v1/plugin-catalogue/report', { params: { query: { package: pkg, version } } }));
    if (result === undefined) return unreachable;
    if (result.data === undefined) return failure(result.error, result.response.status, `${pkg}@${version} could not be checked.`);
    const report: VersionReport = result.data;
    const verdict = report.ok ? 'No problems found.' : 'The report found problems; read them before you continue.';
    return { ok: true, message: `Checked ${pkg}@${version}. ${verdict}`, report, status: 200 };
  }
  if (intent === 'install') {
    const result = await reachApi(api.POST('/v1/plugin-installs', { body: { package: pkg, version, approveEgress } }));
    if (result === undefined) return unreachable;
    if (result.data === undefined) return failure(result.error, result.response.status, `${pkg}@${version} could not be installed.`);
    return { ok: true, message: `Installed ${pkg}@${version} as ${result.data.plugin}. Configure and enable it under Plugins.`, status: 201 };
  }
  if (intent === 'upgrade') {
    const acceptReport = text(form, 'acceptReport') === 'true';
    const result = await reachApi(
      api.PUT('/v1/plugin-installs/{name}', { params: { path: { name: plugin } }, body: { version, approveEgress, acceptReport } }),
    );
    if (result === undefined) return unreachable;
    if (result.data === undefined) return failure(result.error, result.response.status, `${plugin} could not be moved to ${version}.`);
    return { ok: true, message: `${plugin} now runs version ${result.data.version}.`, status: 200 };
  }
  if (intent === 'uninstall') {
    const result = await reachApi(api.DELETE('/v1/plugin-installs/{name}', { params: { path: { name: plugin } } }));
    if (result === undefined) return unreachable;
    if (result.response.status !== 204) return failure(result.error, result.response.status, `${plugin} could not be uninstalled.`);
    return { ok: true, message: `${plugin} was uninstalled; its settings and stored data were removed.`, status: 200 };
  }
  return { ok: false, message: 'Unknown action.', status: 400 };
}
