import { Link, useNavigate } from '@remix-run/react';
import { type ReactNode, useId, useState } from 'react';
import { useActionCall } from '../../machines/use-action-call';
import { AuthoringPage } from '../authoring/authoring-page';
import type { PackageImportAnswer } from './package-import.server';

interface PackageImportPageProps {
  title: string;
  /** The route whose action is `packageImportAction`. */
  actionPath: string;
  /** What the file must be, in a sentence or two. */
  explanation: ReactNode;
  fileLabel: string;
  accept: string;
}

/** Choose a file; it is uploaded straight to storage, checked and imported, then the new draft opens. */
export function PackageImportPage({ title, actionPath, explanation, fileLabel, accept }: PackageImportPageProps) {
  const call = useActionCall<PackageImportAnswer>(actionPath);
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
    <AuthoringPage title={title}>
      <section className="panel">
        <p>{explanation}</p>
        <label htmlFor={inputId}>{fileLabel}</label>
        <input
          id={inputId}
          type="file"
          accept={accept}
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
