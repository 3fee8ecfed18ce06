/** The IRIs cmi5 defines (cmi5 spec §9). */
export const VERB = {
  launched: 'http://adlnet.gov/expapi/verbs/launched',
  initialized: 'http://adlnet.gov/expapi/verbs/initialized',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  abandoned: 'https://w3id.org/xapi/adl/verbs/abandoned',
  waived: 'https://w3id.org/xapi/adl/verbs/waived',
  terminated: 'http://adlnet.gov/expapi/verbs/terminated',
  satisfied: 'https://w3id.org/xapi/adl/verbs/satisfied',
} as const;

export type Cmi5Verb = keyof typeof VERB;

export const CMI5_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
export const MOVEON_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
export const SESSION_ID_EXTENSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
export const MASTERY_SCORE_EXTENSION = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
export const LAUNCH_MODE_EXTENSION = 'https://w3id.org/xapi/cmi5/context/extensions/launchmode';
export const LAUNCH_URL_EXTENSION = 'https://w3id.org/xapi/cmi5/context/extensions/launchurl';
export const MOVE_ON_EXTENSION = 'https://w3id.org/xapi/cmi5/context/extensions/moveon';
export const LAUNCH_PARAMETERS_EXTENSION = 'https://w3id.org/xapi/cmi5/context/extensions/launchparameters';
export const ACTIVITY_TYPE = {
  course: 'https://w3id.org/xapi/cmi5/activitytype/course',
  block: 'https://w3id.org/xapi/cmi5/activitytype/block',
} as const;

/** Verbs only the LMS may send. */
export const LMS_VERBS: readonly Cmi5Verb[] = ['launched', 'abandoned', 'waived', 'satisfied'];

export function cmi5VerbOf(verbId: string): Cmi5Verb | null {
  const found = Object.entries(VERB).find(([, id]) => id === verbId);
  return found === undefined ? null : (found[0] as Cmi5Verb);
}
