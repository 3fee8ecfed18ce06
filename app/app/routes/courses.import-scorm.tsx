import type { ActionFunctionArgs, LinksFunction, MetaFunction } from '@remix-run/node';
import { Link, useNavigate } from '@remix-run/react';
import { useId, useState } from 'react';
import { AuthoringPage } from '../components/authoring/authoring-page';
import { api } from '../lib/api.server';
import { textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';
import { useActionCall } from '../machines/use-action-call';
import authoring from '../styles/authoring.css?url';

export const meta: MetaFunction = () => [{ title: 'Import a SCORM package · Mirai' }];
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: authoring }];

type ImportAnswer =
  | { ok: true; uploadId?: string; request?: { url: string; method: string; headers: Record<string, string> }; courseId?: string }
  | { ok: false; error: string };

/** Announce the zip (presigned PUT), then confirm it and import it; a refused package's problem is shown as it is. */
export async function action({ request }: ActionFunctionArgs): Promise<ImportAnswer> {
  const form = await request.formData();
  const client = await api(request);
  if (textField(form, 'intent') === 'announce') {
    const answer = await client.POST('/v1/uploads', {
      body: { fileName: textField(form, 'fileName'), contentType: 'application/zip', size: Number.parseInt(textField(form, 'size'), 10) || 0 },
    });
    if (answer.data !== undefined) return { ok: true, uploadId: answer.data.upload.id, request: answer.data.request };
    return { ok: false, error: formErrorsFromProblem(answer.error, 'The upload was refused.').message };
  }
  const id = textField(form, 'uploadId');
  const completed = await client.POST('/v1/uploads/{id}/complete', { params: { path: { id } } });
  if (completed.data === undefined) return { ok: false, error: formErrorsFromProblem(completed.error, 'The upload could not be confirmed.').message };
  const imported = await client.POST('/v1/scorm-packages', { body: { uploadId: id } });
  if (imported.data !== undefined) return { ok: true, courseId: imported.data.courseId };
  return { ok: false, error: formErrorsFromProblem(imported.error, 'The package could not be imported.').message };
}

export default function ImportScorm() {
  const call = useActionCall<ImportAnswer>('/courses/import-scorm');
  const navigate = useNavigate();
  const inputId = useId();
  const [status, setStatus] = useState<{ state: 'idle' | 'working' | 'error'; message?: string }>({ state: 'idle' });

  const importFile = async (file: File) => {
    setStatus({ state: 'working', message: `Uploading and checking ${file.name}…` });
    try {
      const announce = new FormData();
      announce.set('intent', 'announce');
      announce.set('fileName', file.name);
      announce.set('size', String(file.size));
      const announced = await call(announce);
      if (announced.request === undefined || announced.uploadId === undefined) throw new Error('The server did not accept the upload.');
      const put = await fetch(announced.request.url, { method: announced.request.method, headers: announced.request.headers, body: file });
      if (!put.ok) throw new Error(`The storage refused the file (${put.status}).`);
      const done = new FormData();
      done.set('intent', 'import');
      done.set('uploadId', announced.uploadId);
      const imported = await call(done);
      if (imported.courseId === undefined) throw new Error('The package was not imported.');
      navigate(`/courses/${imported.courseId}/edit`);
    } catch (error) {
      setStatus({ state: 'error', message: error instanceof Error ? error.message : 'The import failed.' });
    }
  };

  return (
    <AuthoringPage title="Import a SCORM package">
      <section className="panel">
        <p>
          Choose a SCORM 1.2 or SCORM 2004 package (a zip with <code>imsmanifest.xml</code> at its root). Mirai checks it and makes it a draft course
          with one lesson per SCO; publish it to let learners play it.
        </p>
        <label htmlFor={inputId}>Package (.zip)</label>
        <input
          id={inputId}
          type="file"
          accept=".zip,application/zip"
          disabled={status.state === 'working'}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file !== undefined) void importFile(file);
          }}
        />
        <p className={status.state === 'error' ? 'alert' : 'meta'} role={status.state === 'error' ? 'alert' : 'status'} data-testid="import-status">
          {status.message ?? ''}
        </p>
        <p>
          <Link to="/dashboard">Back to the dashboard</Link>
        </p>
      </section>
    </AuthoringPage>
  );
}
