import { ChoiceList } from './choice-list';
import { type ChoicePickerProps, ChoiceStep } from './choice-step';
import { OutlineSizeFields } from './outline-size-fields';
import type { WizardStepProps } from './wizard-step-props';

export interface AudienceSummary {
  id: string;
  name: string;
  role: string;
  level: string;
}

/** Step 3: the audiences of the course and the size of its outline, saved before the outline is drafted. */
export function AudienceStep({ audiences, ...view }: WizardStepProps & { audiences: AudienceSummary[] }) {
  const { context, send } = view;
  return (
    <ChoiceStep
      step="audiences"
      item="audience"
      nextLabel="Draft the outline"
      {...view}
      picker={(choice) => <AudiencePicker audiences={audiences} {...choice} />}
    >
      <OutlineSizeFields size={context.outlineSize} onChange={(size) => send({ type: 'SET_OUTLINE_SIZE', size })} />
    </ChoiceStep>
  );
}

/** Who the course is for; the AI pitches examples and depth at them. */
function AudiencePicker({ audiences, selected, creating, onToggle, onCreate }: ChoicePickerProps & { audiences: AudienceSummary[] }) {
  return (
    <div className="wizard-columns">
      <ChoiceList
        legend="Audiences for this course"
        items={audiences}
        selected={selected}
        empty="No audiences yet. Describe who will take the course."
        render={(a) => ({ label: a.name, detail: `${a.role} · ${a.level}` })}
        onToggle={onToggle}
      />
      <form
        className="wizard-form subpanel"
        aria-labelledby="add-audience-heading"
        onSubmit={(event) => {
          event.preventDefault();
          onCreate(new FormData(event.currentTarget));
          event.currentTarget.reset();
        }}
      >
        <h3 id="add-audience-heading">Add an audience</h3>
        <div className="field">
          <label htmlFor="audience-name">Name</label>
          <input id="audience-name" name="name" required maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="audience-role">Role</label>
          <input id="audience-role" name="role" required maxLength={200} placeholder="e.g. warehouse operative" />
        </div>
        <div className="field">
          <label htmlFor="audience-level">Level</label>
          <select id="audience-level" name="level" defaultValue="beginner">
            <option value="beginner">Beginner</option>
            <option value="intermediate">Intermediate</option>
            <option value="advanced">Advanced</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="audience-prior">Prior knowledge</label>
          <textarea id="audience-prior" name="priorKnowledge" rows={2} maxLength={4000} />
        </div>
        <div className="field">
          <label htmlFor="audience-goals">Goals</label>
          <textarea id="audience-goals" name="goals" rows={2} maxLength={4000} />
        </div>
        <button type="submit" className="button button--secondary" disabled={creating}>
          {creating ? 'Adding…' : 'Add audience'}
        </button>
      </form>
    </div>
  );
}
