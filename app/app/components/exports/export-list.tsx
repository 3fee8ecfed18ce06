import type { CourseExportRow, ExportFormatChoice } from './export-types';

const STATUS_TEXT: Record<CourseExportRow['status'], string> = {
  queued: 'Waiting',
  running: 'In progress',
  completed: 'Ready',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** The same text on the server and in the browser (no local time zone), so hydration matches. */
const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).concat(' UTC');

function size(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export const downloadPath = (courseId: string, exportId: string) =>
  `/courses/${encodeURIComponent(courseId)}/exports/${encodeURIComponent(exportId)}/download`;

/** Earlier exports, newest first: what, by whom, when, and a download while the file is there. */
export function ExportList({ courseId, exports, formats }: { courseId: string; exports: CourseExportRow[]; formats: ExportFormatChoice[] }) {
  if (exports.length === 0) return <p className="empty">This course has not been exported yet.</p>;
  const label = (format: string) => formats.find((candidate) => candidate.format === format)?.label ?? format;
  return (
    <table className="export-table" data-testid="export-list">
      <caption className="visually-hidden">Earlier exports of this course, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Format</th>
          <th scope="col">Requested by</th>
          <th scope="col">When</th>
          <th scope="col">Status</th>
          <th scope="col">File</th>
        </tr>
      </thead>
      <tbody>
        {exports.map((row) => (
          <tr key={row.id} data-export-id={row.id}>
            <td data-label="Format">{label(row.format)}</td>
            <td data-label="Requested by">{row.createdBy?.email || 'Unknown'}</td>
            <td data-label="When">
              <time dateTime={row.createdAt}>{when(row.createdAt)}</time>
            </td>
            <td data-label="Status">
              {STATUS_TEXT[row.status]}
              {row.status === 'failed' && row.error !== null ? <span className="meta"> ({row.error})</span> : null}
            </td>
            <td data-label="File">
              {row.status === 'completed' ? (
                <a href={downloadPath(courseId, row.id)} download={row.fileName ?? true}>
                  Download <span className="visually-hidden">{label(row.format)} export of </span>
                  {row.fileName ?? 'the file'}
                </a>
              ) : null}
              {row.size === null ? null : <span className="meta"> {size(row.size)}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
