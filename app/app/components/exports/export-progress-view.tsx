import { useEffect, useRef } from 'react';
import { downloadPath } from './export-list';
import { useExportProgress } from './use-export-progress';

/**
 * The export just started: a live progress bar in a status region (announced politely), then the
 * download link, which takes focus so a keyboard user lands on it. `onFinished` runs once, when
 * the job ends either way (the page reloads its list of exports).
 */
export function ExportProgressView({
  courseId,
  jobId,
  exportId,
  formatLabel,
  onFinished,
}: {
  courseId: string;
  jobId: string;
  exportId: string;
  formatLabel: string;
  onFinished: () => void;
}) {
  const progress = useExportProgress(courseId, jobId);
  const linkRef = useRef<HTMLAnchorElement>(null);
  const finished = progress !== null && progress.state !== 'running';
  const latestFinished = useRef(onFinished);
  latestFinished.current = onFinished;

  useEffect(() => {
    if (!finished) return;
    latestFinished.current();
    linkRef.current?.focus();
  }, [finished]);

  if (progress === null) return null;
  return (
    <div className="export-progress" data-testid="export-progress" data-state={progress.state}>
      <div role="status" aria-live="polite">
        {progress.state === 'running' ? (
          <p>
            Exporting {formatLabel}: {progress.percent} %{progress.message === '' ? '' : ` — ${progress.message}`}
          </p>
        ) : progress.state === 'completed' ? (
          <p>The {formatLabel} export is ready.</p>
        ) : null}
      </div>
      {progress.state === 'running' ? <progress max={100} value={progress.percent} aria-label={`${formatLabel} export progress`} /> : null}
      {progress.state === 'failed' ? (
        <p className="alert" role="alert">
          The {formatLabel} export failed: {progress.error}
        </p>
      ) : null}
      {progress.state === 'completed' ? (
        <p>
          <a ref={linkRef} className="button" href={downloadPath(courseId, exportId)} data-testid="export-download">
            Download the {formatLabel} package
          </a>
        </p>
      ) : null}
    </div>
  );
}
