import type { WizardContext, WizardEvent } from '../../machines/course-wizard.machine';

/** What every wizard step renders from: the machine's state and data, and where the author's actions go. */
export interface WizardStepProps {
  state: string;
  context: WizardContext;
  send: (event: WizardEvent) => void;
}
