import { useEffect, useRef, useState } from 'react';
import { type ActiveJob, CourseStream, type StreamMessage, type StreamStatus } from './ws-course-stream';

/** Asks the app server (a loader) for a websocket URL carrying a fresh one-minute ticket. */
async function ticketedUrl(courseId: string): Promise<string> {
  const response = await fetch(`/courses/${encodeURIComponent(courseId)}/ws-ticket`, {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
  });
  if (!response.ok) throw new Error(`ws ticket: ${response.status}`);
  const { url } = (await response.json()) as { url: string };
  return url;
}

/**
 * Follows a course's generation jobs over /v1/ws while the component is mounted. Handlers may
 * change every render; the connection does not. Returns the connection status and the stream.
 */
export function useCourseStream(
  courseId: string | null,
  handlers: { onEvent: (message: StreamMessage) => void; onActiveJobs?: (jobs: ActiveJob[]) => void },
): { status: StreamStatus; stream: CourseStream | null } {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [stream, setStream] = useState<CourseStream | null>(null);
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    if (courseId === null) return;
    const created = new CourseStream({
      courseId,
      socketUrl: () => ticketedUrl(courseId),
      onEvent: (message) => latest.current.onEvent(message),
      onActiveJobs: (jobs) => latest.current.onActiveJobs?.(jobs),
      onStatus: setStatus,
    });
    created.start();
    setStream(created);
    return () => created.close();
  }, [courseId]);

  return { status, stream };
}
