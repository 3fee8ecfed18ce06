import type { CourseDetails } from '../../machines/course-wizard.machine';

/**
 * Every call the wizard posts to its route action, with the form fields it sends: the caller
 * (`wizard-machine-with-calls.ts`) builds its forms from it and the action
 * (`wizard-action.server.ts`) switches over it, so the two cannot drift apart. Lists are sent as
 * JSON. `createSme` and `createAudience` post the author's own form with these fields set.
 */
export type WizardIntent =
  | ({ intent: 'saveDetails'; courseId: string } & CourseDetails)
  | { intent: 'saveSmes'; courseId: string; smeIds: string }
  | { intent: 'saveAudiences'; courseId: string; audienceIds: string }
  | { intent: 'createSme' | 'createAudience'; courseId: string; chosen: string }
  | { intent: 'announceDocument'; fileName: string; contentType: string; size: string }
  | { intent: 'startOutline'; courseId: string; moduleCount: string; lessonsPerModule: string }
  | { intent: 'saveOutline'; courseId: string; outline: string }
  | { intent: 'startLessons'; courseId: string };

export type WizardIntentName = WizardIntent['intent'];

const NAMES: Record<WizardIntentName, true> = {
  saveDetails: true,
  saveSmes: true,
  saveAudiences: true,
  createSme: true,
  createAudience: true,
  announceDocument: true,
  startOutline: true,
  saveOutline: true,
  startLessons: true,
};

export function isWizardIntent(value: string): value is WizardIntentName {
  return Object.hasOwn(NAMES, value);
}

/** The form for one intent (the wizard's own calls; the add forms set theirs field by field). */
export function wizardForm(fields: WizardIntent): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, String(value));
  return form;
}
