import type { StreamMessage } from '../../lib/ws-course-stream';

export interface ExportProgress {
  state: 'running' | 'completed' | 'failed';
  percent: number;
  message: string;
  /** Why it failed, when it did. */
  error: string | null;
}

/** What the app's job-status route answers (a subset of GET /v1/jobs/{id}). */
export interface JobSnapshot {
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  progress: number;
  progressMessage: string | null;
  error: string | null;
}

export const STARTING: ExportProgress = { state: 'running', percent: 0, message: 'Waiting for a worker…', error: null };
/** One stream event applied to an export's progress; events of other jobs leave it as it is. */
export function progressAfter(progress: ExportProgress, message: StreamMessage, jobId: string): ExportProgress {
  if (message.data.jobId !== jobId || progress.state !== 'running') return progress;
  switch (message.event) {
    case 'job.started':
    case 'job.resumed':
      return { ...progress, message: 'Writing the package…' };
    case 'job.progress':
      // Never backwards: a replayed or polled earlier figure can arrive after a later one.
      return { ...progress, percent: Math.max(progress.percent, message.data.percent), message: message.data.message };
    case 'export.completed':
    case 'job.completed':
      return { state: 'completed', percent: 100, message: 'The export is ready.', error: null };
    case 'job.failed':
      return { ...progress, state: 'failed', error: message.data.error ?? 'The export failed.' };
    case 'job.cancelled':
      return { ...progress, state: 'failed', error: 'The export was cancelled.' };
    default:
      return progress;
  }
}

/** The job as polled, in the same terms as the stream's events. */
export function progressFromSnapshot(job: JobSnapshot, current: ExportProgress = STARTING): ExportProgress {
  if (job.status === 'completed') return { state: 'completed', percent: 100, message: 'The export is ready.', error: null };
  if (job.status === 'failed' || job.status === 'cancelled')
    return { state: 'failed', percent: job.progress, message: job.progressMessage ?? '', error: job.error ?? `The export was ${job.status}.` };
  return { state: 'running', percent: Math.max(current.percent, job.progress), message: job.progressMessage ?? current.message, error: null };
}
