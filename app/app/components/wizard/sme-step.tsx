import { ChoiceList } from './choice-list';
import { type ChoicePickerProps, ChoiceStep } from './choice-step';
import type { WizardStepProps } from './wizard-step-props';

export interface SmeSummary {
  id: string;
  name: string;
  expertise: string;
}

/** Step 2: the experts of the course, saved before the author moves on. */
export function SmeStep({ smes, ...view }: WizardStepProps & { smes: SmeSummary[] }) {
  return <ChoiceStep step="smes" item="expert" nextLabel="Next: audiences" {...view} picker={(choice) => <SmePicker smes={smes} {...choice} />} />;
}

/** Pick the subject-matter experts whose documents ground the course, or add one with a document. */
function SmePicker({ smes, selected, creating, onToggle, onCreate }: ChoicePickerProps & { smes: SmeSummary[] }) {
  return (
    <div className="wizard-columns">
      <ChoiceList
        legend="Experts for this course"
        items={smes}
        selected={selected}
        empty="No experts yet. Add the first one with a document the AI should draw on."
        render={(sme) => ({ label: sme.name, detail: sme.expertise || 'No expertise described' })}
        onToggle={onToggle}
      />
      <form
        className="wizard-form subpanel"
        aria-labelledby="add-sme-heading"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          onCreate(form);
          event.currentTarget.reset();
        }}
      >
        <h3 id="add-sme-heading">Add an expert</h3>
        <div className="field">
          <label htmlFor="sme-name">Name</label>
          <input id="sme-name" name="name" required maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="sme-expertise">Expertise</label>
          <textarea id="sme-expertise" name="expertise" rows={2} maxLength={4000} />
        </div>
        <div className="field">
          <label htmlFor="sme-document">Document</label>
          <p id="sme-document-hint" className="field__hint">
            A .txt, .md, .pdf, .docx or .html file: guidelines, a manual, notes. Add web pages and more documents later in the knowledge library.
          </p>
          <input
            id="sme-document"
            name="document"
            type="file"
            accept=".txt,.md,.markdown,.pdf,.docx,.html,.htm,text/plain,text/markdown,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/html"
            aria-describedby="sme-document-hint"
          />
        </div>
        <button type="submit" className="button button--secondary" disabled={creating}>
          {creating ? 'Uploading…' : 'Add expert'}
        </button>
      </form>
    </div>
  );
}
