import type { ReactNode } from 'react';
import type { WizardContext, WizardEvent } from '../../machines/course-wizard.machine';
import { FailureNotice, StepFailure } from './failure-notice';
import type { WizardStepProps } from './wizard-step-props';

/** What the experts and audiences steps hand their picker: the chosen ids and how to change them. */
export interface ChoicePickerProps {
  selected: string[];
  creating: boolean;
  onToggle: (id: string) => void;
  onCreate: (form: FormData) => void;
}

interface ChoiceStepMachine {
  states: { creating: string; addFailed: string; saving: string; saveFailed: string };
  chosen: (context: WizardContext) => string[];
  toggle: (id: string) => WizardEvent;
  create: (form: FormData) => WizardEvent;
}

// The two steps work alike; only the machine's names for their states and events differ.
const MACHINE: Record<'smes' | 'audiences', ChoiceStepMachine> = {
  smes: {
    states: { creating: 'creatingSme', addFailed: 'createSmeFailed', saving: 'savingSmes', saveFailed: 'saveSmesFailed' },
    chosen: (context) => context.smeIds,
    toggle: (smeId) => ({ type: 'TOGGLE_SME', smeId }),
    create: (form) => ({ type: 'CREATE_SME', form }),
  },
  audiences: {
    states: { creating: 'creatingAudience', addFailed: 'createAudienceFailed', saving: 'savingAudiences', saveFailed: 'saveAudiencesFailed' },
    chosen: (context) => context.audienceIds,
    toggle: (audienceId) => ({ type: 'TOGGLE_AUDIENCE', audienceId }),
    create: (form) => ({ type: 'CREATE_AUDIENCE', form }),
  },
};

/** A step where the author picks or adds items: what went wrong, the picker, and the way back and on. */
export function ChoiceStep({
  step,
  item,
  nextLabel,
  state,
  context,
  send,
  picker,
  children,
}: WizardStepProps & {
  step: keyof typeof MACHINE;
  /** What one picked thing is called, for the messages. */
  item: string;
  nextLabel: string;
  picker: (props: ChoicePickerProps) => ReactNode;
  /** Further fields, under the picker. */
  children?: ReactNode;
}) {
  const { states, chosen, toggle, create } = MACHINE[step];
  const selected = chosen(context);
  return (
    <>
      {state === states.addFailed ? (
        <FailureNotice
          title={`The ${item} was not added.`}
          message={context.error}
          onRetry={() => send({ type: 'RETRY' })}
          onBack={() => send({ type: 'DISMISS' })}
          backLabel="Dismiss"
        />
      ) : null}
      {state === states.saveFailed ? <StepFailure title="Your choice was not saved." error={context.error} send={send} /> : null}
      {picker({ selected, creating: state === states.creating, onToggle: (id) => send(toggle(id)), onCreate: (form) => send(create(form)) })}
      {children}
      <StepButtons
        onBack={() => send({ type: 'BACK' })}
        onNext={() => send({ type: 'NEXT' })}
        nextLabel={nextLabel}
        busy={state === states.saving}
        blocked={selected.length === 0 ? `Choose or add at least one ${item}.` : null}
      />
    </>
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
