import type { CourseDetails } from '../../machines/course-wizard.machine';
import { StepFailure } from './failure-notice';
import type { WizardStepProps } from './wizard-step-props';

export const LANGUAGES = [
  { tag: 'en', name: 'English' },
  { tag: 'fr', name: 'French' },
  { tag: 'de', name: 'German' },
  { tag: 'es', name: 'Spanish' },
  { tag: 'it', name: 'Italian' },
  { tag: 'nl', name: 'Dutch' },
  { tag: 'pt-BR', name: 'Portuguese (Brazil)' },
  { tag: 'ja', name: 'Japanese' },
];

/** Step 1: the details form, or why they were not saved. */
export function DetailsStep({ state, context, send }: WizardStepProps) {
  if (state === 'detailsFailed')
    return <StepFailure title="The course was not saved." backLabel="Edit the details" error={context.error} send={send} />;
  if (state !== 'details' && state !== 'savingDetails') return null;
  return (
    <DetailsForm
      details={context.details}
      busy={state === 'savingDetails'}
      onChange={(details) => send({ type: 'EDIT_DETAILS', details })}
      onNext={() => send({ type: 'NEXT' })}
    />
  );
}

/** What the course is called, what learners should be able to do after it, in which language. */
function DetailsForm({
  details,
  busy,
  onChange,
  onNext,
}: {
  details: CourseDetails;
  busy: boolean;
  onChange: (details: Partial<CourseDetails>) => void;
  onNext: () => void;
}) {
  return (
    <form
      className="wizard-form"
      onSubmit={(event) => {
        event.preventDefault();
        onNext();
      }}
    >
      <div className="field">
        <label htmlFor="course-title">Course title</label>
        <input id="course-title" name="title" required maxLength={200} value={details.title} onChange={(e) => onChange({ title: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="course-outcome">Desired outcome</label>
        <p id="course-outcome-hint" className="field__hint">
          What should learners be able to do when they finish?
        </p>
        <textarea
          id="course-outcome"
          name="desiredOutcome"
          rows={3}
          maxLength={4000}
          aria-describedby="course-outcome-hint"
          value={details.desiredOutcome}
          onChange={(e) => onChange({ desiredOutcome: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="course-language">Language</label>
        <select id="course-language" name="language" value={details.language} onChange={(e) => onChange({ language: e.target.value })}>
          {LANGUAGES.map((l) => (
            <option key={l.tag} value={l.tag}>
              {l.name}
            </option>
          ))}
        </select>
      </div>
      <div className="button-row">
        <button type="submit" className="button" disabled={busy || details.title.trim() === ''}>
          {busy ? 'Saving…' : 'Save and choose experts'}
        </button>
      </div>
    </form>
  );
}
