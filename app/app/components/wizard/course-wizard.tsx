import { useNavigate } from '@remix-run/react';
import { useMachine } from '@xstate/react';
import { useEffect, useMemo, useRef } from 'react';
import { fromPromise } from 'xstate';
import type { StreamMessage } from '../../lib/ws-course-stream';
import { useCourseStream } from '../../lib/ws-use-course-stream';
import { courseWizardMachine, stepOf, type WizardInput, type WizardServices } from '../../machines/course-wizard.machine';
import { draftFromOutline, outlineProblem } from '../../machines/outline-draft';
import { useActionCall } from '../../machines/use-action-call';
import { AudienceStep, type AudienceSummary } from './audience-step';
import { DetailsStep } from './details-step';
import { FailureNotice } from './failure-notice';
import { OutlineReview } from './outline-review';
import { OutlineSizeFields } from './outline-size-fields';
import { SmeStep, type SmeSummary } from './sme-step';
import type { WizardResult } from './wizard-action.server';
import { WizardProgress } from './wizard-progress';

const HEADINGS = {
  details: 'Describe the course',
  smes: 'Choose the experts',
  audiences: 'Choose the audiences',
  outline: 'Drafting the outline',
  review: 'Review the outline',
  lessons: 'Writing the lessons',
} as const;

const formOf = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
};

/** The course-creation wizard; its state lives in the XState machine, its data on the server. */
export function CourseWizard({
  input,
  smes,
  audiences,
  action,
}: {
  input: WizardInput;
  smes: SmeSummary[];
  audiences: AudienceSummary[];
  action: string;
}) {
  const call = useActionCall<WizardResult>(action);
  const navigate = useNavigate();
  const callRef = useRef(call);
  callRef.current = call;

  const machine = useMemo(() => {
    const run = (form: FormData) => callRef.current(form);
    const actor = <N extends keyof WizardServices>(fn: (input: WizardServices[N]['input']) => Promise<WizardServices[N]['output']>) =>
      fromPromise<WizardServices[N]['output'], WizardServices[N]['input']>(({ input: i }) => fn(i));
    return courseWizardMachine.provide({
      actors: {
        saveDetails: actor<'saveDetails'>(async ({ courseId, details }) => {
          const r = await run(formOf({ intent: 'saveDetails', courseId: courseId ?? '', ...details }));
          if (r.courseId === undefined) throw new Error('The server did not return the course.');
          return { courseId: r.courseId };
        }),
        saveSmes: actor<'saveSmes'>(async ({ courseId, smeIds }) => {
          await run(formOf({ intent: 'saveSmes', courseId, smeIds: JSON.stringify(smeIds) }));
          return undefined;
        }),
        createSme: actor<'createSme'>(async ({ form, courseId, chosen }) => {
          form.set('intent', 'createSme');
          form.set('courseId', courseId ?? '');
          form.set('chosen', JSON.stringify(chosen));
          const r = await run(form);
          if (r.smeId === undefined) throw new Error('The server did not return the expert.');
          return { smeId: r.smeId };
        }),
        saveAudiences: actor<'saveAudiences'>(async ({ courseId, audienceIds }) => {
          await run(formOf({ intent: 'saveAudiences', courseId, audienceIds: JSON.stringify(audienceIds) }));
          return undefined;
        }),
        createAudience: actor<'createAudience'>(async ({ form, courseId, chosen }) => {
          form.set('intent', 'createAudience');
          form.set('courseId', courseId ?? '');
          form.set('chosen', JSON.stringify(chosen));
          const r = await run(form);
          if (r.audienceId === undefined) throw new Error('The server did not return the audience.');
          return { audienceId: r.audienceId };
        }),
        startOutline: actor<'startOutline'>(async ({ courseId, size }) => {
          const r = await run(
            formOf({ intent: 'startOutline', courseId, moduleCount: String(size.modules), lessonsPerModule: String(size.lessonsPerModule) }),
          );
          if (r.jobId === undefined) throw new Error('The server did not start the outline.');
          return { jobId: r.jobId };
        }),
        saveOutline: actor<'saveOutline'>(async ({ courseId, outline }) => {
          const r = await run(formOf({ intent: 'saveOutline', courseId, outline: JSON.stringify(outline) }));
          if (r.outline === undefined) throw new Error('The server did not return the outline.');
          return { outline: r.outline };
        }),
        startLessons: actor<'startLessons'>(async ({ courseId }) => {
          const r = await run(formOf({ intent: 'startLessons', courseId }));
          if (r.jobId === undefined) throw new Error('The server did not start the lessons.');
          return { jobId: r.jobId };
        }),
      },
    });
  }, []);

  const [snapshot, send] = useMachine(machine, { input });
  const state = String(snapshot.value);
  const { context } = snapshot;
  const step = stepOf(state);

  // Live outline progress; a job found running when the page opens is joined, not restarted.
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
      if (message.event === 'outline.completed' && Array.isArray(data.modules))
        send({ type: 'OUTLINE_READY', outline: draftFromOutline(data.modules as Parameters<typeof draftFromOutline>[0]) });
      if (message.event === 'job.failed' || message.event === 'job.cancelled')
        send({ type: 'OUTLINE_FAILED', error: typeof data.error === 'string' ? data.error : 'The outline job stopped before it finished.' });
    },
  });

  // Events of the outline job can arrive before its id does (a fast job may even finish first):
  // once the id is known, the job is read again from its first event.
  useEffect(() => {
    if (state === 'generatingOutline' && context.outlineJobId !== null) stream?.replay(context.outlineJobId);
  }, [state, context.outlineJobId, stream]);

  // A new course gets its own address as soon as it exists, so a reload resumes it.
  useEffect(() => {
    if (context.courseId !== null && input.courseId === null && state === 'smes') navigate(`/courses/${context.courseId}/setup`, { replace: true });
  }, [context.courseId, input.courseId, state, navigate]);
  useEffect(() => {
    if (snapshot.status === 'done' && context.courseId !== null) navigate(`/courses/${context.courseId}/generate?job=${context.lessonsJobId ?? ''}`);
  }, [snapshot.status, context.courseId, context.lessonsJobId, navigate]);

  // Each new step moves focus to its heading so keyboard and screen-reader users know where they are.
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(step);
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    headingRef.current?.focus();
  }, [step]);

  const back = () => send({ type: 'BACK' });
  const retry = () => send({ type: 'RETRY' });
  const problem = step === 'review' ? outlineProblem(context.outline) : null;

  return (
    <div className="wizard" data-state={state}>
      <WizardProgress current={step} />
      <section className="panel" aria-labelledby="wizard-step-heading">
        <h2 id="wizard-step-heading" ref={headingRef} tabIndex={-1}>
          {HEADINGS[step]}
        </h2>

        {state === 'details' || state === 'savingDetails' ? (
          <DetailsStep
            details={context.details}
            busy={state === 'savingDetails'}
            onChange={(details) => send({ type: 'EDIT_DETAILS', details })}
            onNext={() => send({ type: 'NEXT' })}
          />
        ) : null}
        {state === 'detailsFailed' ? (
          <FailureNotice title="The course was not saved." message={context.error} onRetry={retry} onBack={back} backLabel="Edit the details" />
        ) : null}

        {step === 'smes' ? (
          <>
            {state === 'createSmeFailed' ? (
              <FailureNotice
                title="The expert was not added."
                message={context.error}
                onRetry={retry}
                onBack={() => send({ type: 'DISMISS' })}
                backLabel="Dismiss"
              />
            ) : null}
            {state === 'saveSmesFailed' ? (
              <FailureNotice title="Your choice was not saved." message={context.error} onRetry={retry} onBack={back} />
            ) : null}
            <SmeStep
              smes={smes}
              selected={context.smeIds}
              creating={state === 'creatingSme'}
              onToggle={(smeId) => send({ type: 'TOGGLE_SME', smeId })}
              onCreate={(form) => send({ type: 'CREATE_SME', form })}
            />
            <StepButtons
              onBack={back}
              onNext={() => send({ type: 'NEXT' })}
              nextLabel="Next: audiences"
              busy={state === 'savingSmes'}
              blocked={context.smeIds.length === 0 ? 'Choose or add at least one expert.' : null}
            />
          </>
        ) : null}

        {step === 'audiences' ? (
          <>
            {state === 'createAudienceFailed' ? (
              <FailureNotice
                title="The audience was not added."
                message={context.error}
                onRetry={retry}
                onBack={() => send({ type: 'DISMISS' })}
                backLabel="Dismiss"
              />
            ) : null}
            {state === 'saveAudiencesFailed' ? (
              <FailureNotice title="Your choice was not saved." message={context.error} onRetry={retry} onBack={back} />
            ) : null}
            <AudienceStep
              audiences={audiences}
              selected={context.audienceIds}
              creating={state === 'creatingAudience'}
              onToggle={(audienceId) => send({ type: 'TOGGLE_AUDIENCE', audienceId })}
              onCreate={(form) => send({ type: 'CREATE_AUDIENCE', form })}
            />
            <OutlineSizeFields size={context.outlineSize} onChange={(size) => send({ type: 'SET_OUTLINE_SIZE', size })} />
            <StepButtons
              onBack={back}
              onNext={() => send({ type: 'NEXT' })}
              nextLabel="Draft the outline"
              busy={state === 'savingAudiences'}
              blocked={context.audienceIds.length === 0 ? 'Choose or add at least one audience.' : null}
            />
          </>
        ) : null}

        {step === 'outline' ? (
          state === 'startOutlineFailed' || state === 'outlineFailed' ? (
            <FailureNotice
              title={state === 'outlineFailed' ? 'The outline could not be drafted.' : 'The outline was not started.'}
              message={context.error}
              onRetry={retry}
              onBack={back}
              backLabel="Back to audiences"
            />
          ) : (
            <div className="live-progress" data-testid="outline-progress">
              <progress max={100} value={context.outlineProgress.percent} aria-label="Outline progress" />
              <p aria-live="polite">{context.outlineProgress.message ?? 'Starting…'}</p>
              {status === 'reconnecting' ? <p className="meta">Connection lost, reconnecting…</p> : null}
            </div>
          )
        ) : null}

        {step === 'review' ? (
          <>
            {state === 'saveOutlineFailed' ? (
              <FailureNotice title="The outline was not saved." message={context.error} onRetry={retry} onBack={back} backLabel="Keep editing" />
            ) : null}
            <p>Rename, reorder, add or remove modules and lessons. Nothing is written until you continue.</p>
            <OutlineReview outline={context.outline} send={send} />
            <div className="button-row button-row--spread">
              <button
                type="button"
                className="button button--secondary"
                onClick={() => send({ type: 'REGENERATE_OUTLINE' })}
                disabled={state !== 'review'}
              >
                Draft a new outline
              </button>
              <button
                type="button"
                className="button"
                onClick={() => send({ type: 'NEXT' })}
                disabled={state !== 'review' || problem !== null}
                aria-describedby={problem === null ? undefined : 'outline-problem'}
              >
                {state === 'savingOutline' ? 'Saving…' : 'Write the lessons'}
              </button>
            </div>
            {problem === null ? null : (
              <p id="outline-problem" className="field__error">
                {problem}
              </p>
            )}
          </>
        ) : null}

        {step === 'lessons' ? (
          state === 'startLessonsFailed' ? (
            <FailureNotice
              title="Lesson writing was not started."
              message={context.error}
              onRetry={retry}
              onBack={back}
              backLabel="Back to the outline"
            />
          ) : (
            <p aria-live="polite">Starting to write the lessons…</p>
          )
        ) : null}
      </section>
    </div>
  );
}

function StepButtons({
  onBack,
  onNext,
  nextLabel,
  busy,
  blocked,
}: {
  onBack: () => void;
  onNext: () => void;
  nextLabel: string;
  busy: boolean;
  blocked: string | null;
}) {
  return (
    <div className="button-row button-row--spread">
      <button type="button" className="button button--secondary" onClick={onBack} disabled={busy}>
        Back
      </button>
      <span className="button-row__end">
        {blocked === null ? null : <span className="meta">{blocked}</span>}
        <button type="button" className="button" onClick={onNext} disabled={busy || blocked !== null}>
          {busy ? 'Saving…' : nextLabel}
        </button>
      </span>
    </div>
  );
}
