import { useEffect, useState } from 'react';
import { useCourseStream } from '../../lib/ws-use-course-stream';
import { type ExportProgress, type JobSnapshot, progressAfter, progressFromSnapshot, STARTING } from './export-progress-state';

/** How often the job is asked for while the live connection is down. */
const POLL_MS = 2000;

async function fetchJob(courseId: string, jobId: string): Promise<JobSnapshot | null> {
  const response = await fetch(`/courses/${encodeURIComponent(courseId)}/job-status/${encodeURIComponent(jobId)}`, {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
  });
  return response.ok ? ((await response.json()) as JobSnapshot) : null;
}

/**
 * Follows one export job: live over the course's websocket, and by asking for the job every few
 * seconds while the socket is down (a proxy that drops websockets, a network change), so the
 * author always sees it finish. Null until there is a job to follow.
 */
export function useExportProgress(courseId: string, jobId: string | null): ExportProgress | null {
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const { status, stream } = useCourseStream(jobId === null ? null : courseId, {
    onEvent: (message) => {
      if (jobId !== null) setProgress((current) => progressAfter(current ?? STARTING, message, jobId));
    },
  });

  useEffect(() => setProgress(jobId === null ? null : STARTING), [jobId]);
  // Its first events may have passed before the job's id was known here.
  useEffect(() => {
    if (jobId !== null) stream?.replay(jobId);
  }, [jobId, stream]);

  const running = progress?.state === 'running';
  useEffect(() => {
    if (jobId === null || !running || status === 'live') return;
    let stopped = false;
    const poll = async () => {
      const job = await fetchJob(courseId, jobId).catch(() => null);
      if (!stopped && job !== null) setProgress((current) => (current?.state === 'running' ? progressFromSnapshot(job, current) : current));
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [courseId, jobId, running, status]);

  return progress;
}
