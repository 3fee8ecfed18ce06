import { useRevalidator } from '@remix-run/react';
import { type ReactNode, useEffect, useId, useState } from 'react';
import { useActionCall } from '../../machines/use-action-call';
import type { SourceAnswer } from './document-source.server';

type Status = { state: 'idle' | 'working' | 'done' | 'error'; message: string; progress?: number };

/** Follows an extraction job through the app server until it is final. */
async function followJob(jobId: string, onProgress: (status: Status) => void): Promise<void> {
  for (;;) {
    const response = await fetch(`/knowledge/jobs/${jobId}`, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error('The extraction could not be followed.');
    const job = (await response.json()) as { status: string; progress: number; progressMessage: string | null; error: string | null };
    if (job.status === 'completed') return;
    if (job.status === 'failed' || job.status === 'cancelled')
      throw new Error(job.error?.replace(/^MIRAI_ERR_[A-Z_]+: /, '') ?? 'The document could not be read.');
    onProgress({ state: 'working', message: job.progressMessage ?? 'Waiting for the extraction to start…', progress: job.progress });
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
}

/**
 * A document's source, a file (PUT straight to storage by presigned URL) or a web page address, sent
 * with the form's other fields to the route's action under `intent`; then the extraction job's progress.
 */
export function DocumentSourceForm(props: { action: string; intent: string; submitLabel: string; children?: ReactNode; doneMessage: string }) {
  const call = useActionCall<SourceAnswer>(props.action);
  const revalidator = useRevalidator();
  const fileId = useId();
  const urlId = useId();
  const [status, setStatus] = useState<Status>({ state: 'idle', message: '' });
  const [formKey, setFormKey] = useState(0);
  useEffect(() => {
    if (status.state === 'done') setFormKey((key) => key + 1);
  }, [status.state]);

  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const file = data.get('file');
    data.delete('file');
    try {
      if (file instanceof File && file.size > 0) {
        setStatus({ state: 'working', message: `Uploading ${file.name}…` });
        const announce = new FormData();
        announce.set('intent', 'announce');
        announce.set('fileName', file.name);
        announce.set('contentType', file.type);
        announce.set('size', String(file.size));
        const announced = await call(announce);
        if (announced.request === undefined || announced.uploadId === undefined) throw new Error('The server did not accept the upload.');
        const put = await fetch(announced.request.url, { method: announced.request.method, headers: announced.request.headers, body: file });
        if (!put.ok) throw new Error(`The storage refused the file (${put.status}).`);
        data.set('uploadId', announced.uploadId);
      }
      data.set('intent', props.intent);
      setStatus({ state: 'working', message: 'Sending…' });
      const started = await call(data);
      if (started.jobId === undefined) throw new Error('The extraction did not start.');
      await followJob(started.jobId, setStatus);
      setStatus({ state: 'done', message: props.doneMessage });
      revalidator.revalidate();
    } catch (error) {
      setStatus({ state: 'error', message: error instanceof Error ? error.message : 'The document could not be added.' });
    }
  };

  return (
    <form
      key={formKey}
      className="knowledge-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(event.currentTarget);
      }}
    >
      {props.children}
      <fieldset className="knowledge-source">
        <legend>Source: a file or a web page</legend>
        <div className="field">
          <label htmlFor={fileId}>File (PDF, DOCX, Markdown, text)</label>
          <input id={fileId} name="file" type="file" accept=".pdf,.docx,.md,.markdown,.txt,.html,.htm" />
        </div>
        <div className="field">
          <label htmlFor={urlId}>Or the address of a web page</label>
          <input id={urlId} name="url" type="url" placeholder="https://" />
        </div>
      </fieldset>
      <div className="button-row">
        <button type="submit" className="button" disabled={status.state === 'working'}>
          {props.submitLabel}
        </button>
      </div>
      <p className={status.state === 'error' ? 'alert' : 'meta'} role={status.state === 'error' ? 'alert' : 'status'} data-testid="source-status">
        {status.message}
        {status.progress === undefined || status.state !== 'working' ? null : (
          <progress className="knowledge-progress" max={100} value={status.progress} aria-label="Extraction progress" />
        )}
      </p>
    </form>
  );
}
