import { useNavigate } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import type { StreamMessage, StreamStatus } from '../../lib/ws-course-stream';
import { useCourseStream } from '../../lib/ws-use-course-stream';
import { draftFromOutline } from '../../machines/outline-draft';
import type { WizardStepProps } from './wizard-step-props';

/** The job kind that writes a course's outline (core: generation-jobs.ts). */
const OUTLINE_JOB_KIND = 'generate-outline';

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
      // The course's running outline job, by its kind: another kind of job (an export, lessons) is not one to join here.
      const running = jobs.find((job) => job.kind === OUTLINE_JOB_KIND);
      if (running !== undefined && outlineJob.current === null) send({ type: 'OUTLINE_JOB_ACTIVE', jobId: running.jobId });
    },
    onEvent: (message: StreamMessage) => {
      if (message.jobId !== outlineJob.current) return;
      switch (message.event) {
        case 'job.queued':
          if (message.data.kind === 'generate-lessons' && context.courseId !== null) navigate(`/courses/${context.courseId}/generate`);
          return;
        case 'job.progress':
          return send({ type: 'OUTLINE_PROGRESS', percent: message.data.percent ?? 0, message: message.data.message ?? null });
        case 'outline.completed': {
          const { modules, provenance } = message.data;
          return send({
            type: 'OUTLINE_READY',
            outline: draftFromOutline(modules),
            writer: { label: provenance?.providerLabel ?? 'the AI provider', withoutModel: provenance?.withoutModel === true },
          });
        }
        case 'job.failed':
          return send({ type: 'OUTLINE_FAILED', error: message.data.error ?? 'The outline job stopped before it finished.' });
        case 'job.cancelled':
          return send({ type: 'OUTLINE_FAILED', error: 'The outline job stopped before it finished.' });
      }
    },
  });

  // Events of the outline job can arrive before its id does (a fast job may even finish first):
  // once the id is known, the job is read again from its first event.
  useEffect(() => {
    if (state === 'generatingOutline' && context.outlineJobId !== null) stream?.replay(context.outlineJobId);
  }, [state, context.outlineJobId, stream]);

  return status;
}
