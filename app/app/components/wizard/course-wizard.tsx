import { useNavigate } from '@remix-run/react';
import { useMachine } from '@xstate/react';
import { useEffect, useMemo, useRef } from 'react';
import { stepOf, type WizardInput } from '../../machines/course-wizard.machine';
import { useActionCall } from '../../machines/use-action-call';
import { AudienceStep, type AudienceSummary } from './audience-step';
import { DetailsStep } from './details-step';
import { LessonsStep } from './lessons-step';
import { OutlineStep } from './outline-step';
import { ReviewStep } from './review-step';
import { SmeStep, type SmeSummary } from './sme-step';
import { useOutlineStream } from './use-outline-stream';
import type { WizardResult } from './wizard-action.server';
import { wizardMachineWithCalls } from './wizard-machine-with-calls';
import { WizardProgress } from './wizard-progress';

const HEADINGS = {
  details: 'Describe the course',
  smes: 'Choose the experts',
  audiences: 'Choose the audiences',
  outline: 'Drafting the outline',
  review: 'Review the outline',
  lessons: 'Writing the lessons',
} as const;

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
  // The machine is created once; its calls reach the latest fetcher through this ref.
  const callRef = useRef(call);
  callRef.current = call;
  const machine = useMemo(() => wizardMachineWithCalls((form) => callRef.current(form)), []);

  const [snapshot, send] = useMachine(machine, { input });
  const state = String(snapshot.value);
  const { context } = snapshot;
  const step = stepOf(state);
  const connection = useOutlineStream({ state, context, send });

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

  const view = { state, context, send };
  return (
    <div className="wizard" data-state={state}>
      <WizardProgress current={step} />
      <section className="panel" aria-labelledby="wizard-step-heading">
        <h2 id="wizard-step-heading" ref={headingRef} tabIndex={-1}>
          {HEADINGS[step]}
        </h2>
        {step === 'details' ? <DetailsStep {...view} /> : null}
        {step === 'smes' ? <SmeStep smes={smes} {...view} /> : null}
        {step === 'audiences' ? <AudienceStep audiences={audiences} {...view} /> : null}
        {step === 'outline' ? <OutlineStep connection={connection} {...view} /> : null}
        {step === 'review' ? <ReviewStep {...view} /> : null}
        {step === 'lessons' ? <LessonsStep {...view} /> : null}
      </section>
    </div>
  );
}
