import type { WizardStep } from '../../machines/course-wizard.machine';

const STEPS: Array<{ step: WizardStep | 'lessons'; label: string }> = [
  { step: 'details', label: 'Details' },
  { step: 'smes', label: 'Experts' },
  { step: 'audiences', label: 'Audiences' },
  { step: 'outline', label: 'Outline' },
  { step: 'review', label: 'Review' },
  { step: 'lessons', label: 'Lessons' },
];

/** The wizard's steps, with the current one marked for screen readers too. */
export function WizardProgress({ current }: { current: WizardStep | 'lessons' }) {
  const index = STEPS.findIndex((s) => s.step === current);
  return (
    <nav aria-label="Course creation steps">
      <ol className="wizard-steps">
        {STEPS.map((s, i) => (
          <li
            key={s.step}
            className={i === index ? 'wizard-steps__item is-current' : i < index ? 'wizard-steps__item is-done' : 'wizard-steps__item'}
            aria-current={i === index ? 'step' : undefined}
          >
            <span className="wizard-steps__number" aria-hidden="true">
              {i < index ? '✓' : i + 1}
            </span>
            <span>
              {s.label}
              {i < index ? <span className="visually-hidden"> (done)</span> : null}
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
