import { useNavigate } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import type { StreamMessage, StreamStatus } from '../../lib/ws-course-stream';
import { useCourseStream } from '../../lib/ws-use-course-stream';
import { draftFromOutline } from '../../machines/outline-draft';
import type { WizardStepProps } from './wizard-step-props';

/**
 * Feeds the live events of the outline job into the wizard; a job found running when the page
 * opens is joined, not restarted. Returns the connection status, for the progress display.
 */
export function useOutlineStream({ state, context, send }: WizardStepProps): StreamStatus {
  const navigate = useNavigate();
  const outlineJob = useRef<string | null>(null);
  outlineJob.current = context.outlineJobId;
  const { status, stream } = useCourseStream(context.courseId, {
    onActiveJobs: (jobs) => {
      const running = jobs[0];
      if (running !== undefined && outlineJob.current === null) send({ type: 'OUTLINE_JOB_ACTIVE', jobId: running.jobId });
    },
    onEvent: (message: StreamMessage) => {
      if (message.jobId !== outlineJob.current) return;
      const { data } = message;
      if (message.event === 'job.queued' && data.kind === 'generate-lessons' && context.courseId !== null)
        navigate(`/courses/${context.courseId}/generate`);
      if (message.event === 'job.progress')
        send({ type: 'OUTLINE_PROGRESS', percent: Number(data.percent ?? 0), message: typeof data.message === 'string' ? data.message : null });
      if (message.event === 'outline.completed' && Array.isArray(data.modules)) {
        const provenance = typeof data.provenance === 'object' && data.provenance !== null ? (data.provenance as Record<string, unknown>) : {};
        const label = typeof provenance.providerLabel === 'string' ? provenance.providerLabel : 'the AI provider';
        send({
          type: 'OUTLINE_READY',
          outline: draftFromOutline(data.modules as Parameters<typeof draftFromOutline>[0]),
          writer: { label, withoutModel: provenance.withoutModel === true },
        });
      }
      if (message.event === 'job.failed' || message.event === 'job.cancelled')
        send({ type: 'OUTLINE_FAILED', error: typeof data.error === 'string' ? data.error : 'The outline job stopped before it finished.' });
    },
  });

  // Events of the outline job can arrive before its id does (a fast job may even finish first):
  // once the id is known, the job is read again from its first event.
  useEffect(() => {
    if (state === 'generatingOutline' && context.outlineJobId !== null) stream?.replay(context.outlineJobId);
  }, [state, context.outlineJobId, stream]);

  return status;
}
