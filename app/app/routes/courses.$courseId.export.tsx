import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useRevalidator } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';

import { SectionError } from '../components/admin/section-error';
import { StatusMessage } from '../components/admin/status-message';
import { ExportForm, type ExportFormFailure, settingsFieldPrefix } from '../components/exports/export-form';
import { ExportList } from '../components/exports/export-list';
import { ExportProgressView } from '../components/exports/export-progress-view';
import { configErrorsFromProblem } from '../components/schema-form/field-errors';
import { readSubmission } from '../components/schema-form/read-submission';
import { fieldsFromSchema, type JsonScalar } from '../components/schema-form/schema-fields';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { CHECK_FIELDS } from '../lib/auth-form.server';
import { formErrorsFromProblem } from '../lib/form-errors';
import { useFocusSubmissionResult } from '../lib/use-focus-first-error';
import authoring from '../styles/authoring.css?url';
import exportsStyles from '../styles/exports.css?url';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Export · ${data?.course.title ?? 'Course'} · Mirai` }];
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: authoring },
  { rel: 'stylesheet', href: exportsStyles },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const path = { params: { path: { id: params.courseId ?? '' } } };
  const [course, formats, exports] = await Promise.all([
    client.GET('/v1/courses/{id}', path),
    client.GET('/v1/export-formats'),
    client.GET('/v1/courses/{id}/exports', path),
  ]);
  const { id, title } = await requireApiData(course, 'the course');
  return {
    course: { id, title },
    formats: (await requireApiData(formats, 'the export formats')).items,
    exports: (await requireApiData(exports, 'the earlier exports')).items,
  };
}

type StartResult =
  | { ok: true; message: string; jobId: string; exportId: string; format: string }
  | ({ ok: false; message: string } & ExportFormFailure);

const isScalar = (value: unknown): value is JsonScalar => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

export async function action({ request, params }: ActionFunctionArgs) {
  const client = await api(request);
  const form = await request.formData();
  const format = String(form.get('format') ?? '');
  const { items } = await requireApiData(await client.GET('/v1/export-formats'), 'the export formats');
  const chosen = items.find((candidate) => candidate.format === format);
  const refuse = (failure: Omit<ExportFormFailure, 'format'> & { message: string }, status: number) =>
    data<StartResult>({ ok: false, format, ...failure }, { status });
  if (chosen === undefined)
    return refuse({ message: CHECK_FIELDS, formatError: 'Choose one of the listed formats.', fields: {}, submitted: {} }, 400);

  const fields = fieldsFromSchema(chosen.settingsSchema, { config: {}, secretsSet: [] }, settingsFieldPrefix(format));
  const { config, errors, submitted } = readSubmission(fields, form);
  if (Object.keys(errors).length > 0) return refuse({ message: CHECK_FIELDS, fields: errors, submitted }, 400);
  const settings = Object.fromEntries(Object.entries(config).filter((entry): entry is [string, JsonScalar] => isScalar(entry[1])));

  const response = await client.POST('/v1/courses/{id}/exports', { params: { path: { id: params.courseId ?? '' } }, body: { format, settings } });
  if (response.data === undefined) {
    const problem = configErrorsFromProblem(response.error, fields, 'The export could not be started.', 'settings');
    const formatError = formErrorsFromProblem(response.error, '').fields.format;
    return refuse(
      { message: problem.message, fields: problem.fields, submitted, ...(formatError === undefined ? {} : { formatError }) },
      response.response.status,
    );
  }
  return data<StartResult>({ ok: true, message: `${chosen.label} export started.`, format, ...response.data });
}

/** The course's export panel: start an export, follow it live, download it, and earlier exports. */
export default function ExportCourse() {
  const { course, formats, exports } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const revalidator = useRevalidator();
  const formRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  const failure = result !== undefined && !result.ok ? result : undefined;
  // Kept here, not read from the action data: reloading the list when the export ends clears that.
  const [started, setStarted] = useState<Extract<StartResult, { ok: true }>>();
  useEffect(() => {
    if (result?.ok === true) setStarted(result);
  }, [result]);
  useFocusSubmissionResult(formRef, statusRef, result);

  return (
    <div className="authoring export-panel">
      <p className="breadcrumbs">
        <Link to="/dashboard">Dashboard</Link> / <Link to={`/courses/${course.id}/edit`}>{course.title}</Link> / Export
      </p>
      <h1>Export {course.title}</h1>
      <section className="panel" aria-labelledby="export-new-heading">
        <h2 id="export-new-heading">New export</h2>
        <p className="meta">A package for another learning platform (SCORM, cmi5, Common Cartridge) or a stand-alone web site.</p>
        <StatusMessage id="export-status" ref={statusRef} result={result} />
        {formats.length === 0 ? (
          <p className="empty">No exporter is enabled for this organisation. An administrator can enable one under Plugins.</p>
        ) : (
          <ExportForm formats={formats} failure={failure} formRef={formRef} describedBy={failure === undefined ? undefined : 'export-status'} />
        )}
        {started === undefined ? null : (
          <ExportProgressView
            key={started.jobId}
            courseId={course.id}
            jobId={started.jobId}
            exportId={started.exportId}
            formatLabel={formats.find((candidate) => candidate.format === started.format)?.label ?? started.format}
            onFinished={() => revalidator.revalidate()}
          />
        )}
      </section>
      <section className="panel" aria-labelledby="export-history-heading">
        <h2 id="export-history-heading">Earlier exports</h2>
        <ExportList courseId={course.id} exports={exports} formats={formats} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <SectionError what="the export panel" retryTo="/dashboard" />;
}
