import type { Activity, ActivityObjective, TreeIndex } from './activity-tree.ts';

/** An objective's tracking status (SN book "Objective Progress Information"); null is unknown. */
export interface ObjectiveStatus {
  satisfied: boolean | null;
  measure: number | null;
}

/** One activity's tracking status for a learner (SN book "Activity/Attempt Progress Information"). */
export interface ActivityStatus {
  attemptCount: number;
  /** Whether an attempt is under way (begun, not yet ended). */
  active: boolean;
  /** null: attempt progress unknown; else completed or incomplete. */
  completed: boolean | null;
  /** Local objective statuses by objective id ('' for an unnamed primary objective). */
  objectives: Record<string, ObjectiveStatus>;
}

/** What the sequencer keeps per learner and course: activity statuses and the global objectives. */
export interface SequencingState {
  activities: Record<string, ActivityStatus>;
  /** Shared (global) objectives by target objective id. */
  globals: Record<string, ObjectiveStatus>;
  /** The activity last delivered; null before the first launch or after the session ended. */
  current: string | null;
}

export const emptyState = (): SequencingState => ({ activities: {}, globals: {}, current: null });
const UNKNOWN: ObjectiveStatus = { satisfied: null, measure: null };

export function statusOf(state: SequencingState, activityId: string): ActivityStatus {
  return state.activities[activityId] ?? { attemptCount: 0, active: false, completed: null, objectives: {} };
}

/** Writes (a copy of) an activity's status into the state. */
export function withStatus(state: SequencingState, activityId: string, change: (status: ActivityStatus) => ActivityStatus): SequencingState {
  return { ...state, activities: { ...state.activities, [activityId]: change(structuredClone(statusOf(state, activityId))) } };
}

/**
 * An objective's status as the sequencer reads it: a mapped global objective with read access
 * wins when it is known (SN book 4.2.1.4, "Objective Map"), else the activity's local status.
 */
export function objectiveStatus(state: SequencingState, activity: Activity, objective: ActivityObjective | undefined): ObjectiveStatus {
  const local = objective === undefined ? UNKNOWN : (statusOf(state, activity.id).objectives[objective.id] ?? UNKNOWN);
  let { satisfied, measure } = local;
  for (const map of objective?.maps ?? []) {
    const global = state.globals[map.targetObjectiveID] ?? UNKNOWN;
    if (map.readSatisfiedStatus && global.satisfied !== null) satisfied = global.satisfied;
    if (map.readNormalizedMeasure && global.measure !== null) measure = global.measure;
  }
  if (objective?.satisfiedByMeasure === true && measure !== null) satisfied = measure >= objective.minNormalizedMeasure;
  return { satisfied, measure };
}

/** Copies an activity's known local statuses to the global objectives it writes (SN book "Objective Map"). */
export function writeGlobals(state: SequencingState, activity: Activity): SequencingState {
  const globals = { ...state.globals };
  for (const objective of activity.objectives) {
    const local = statusOf(state, activity.id).objectives[objective.id];
    if (local === undefined) continue;
    for (const map of objective.maps) {
      const global = globals[map.targetObjectiveID] ?? UNKNOWN;
      globals[map.targetObjectiveID] = {
        satisfied: map.writeSatisfiedStatus && local.satisfied !== null ? local.satisfied : global.satisfied,
        measure: map.writeNormalizedMeasure && local.measure !== null ? local.measure : global.measure,
      };
    }
  }
  return { ...state, globals };
}

export const attemptLimitExceeded = (state: SequencingState, activity: Activity): boolean =>
  activity.attemptLimit !== null && activity.attemptLimit > 0 && statusOf(state, activity.id).attemptCount >= activity.attemptLimit;

/** Starts an attempt on each activity of the path (leaf to root) that has none under way, from the root down. */
export function beginAttempts(tree: TreeIndex, state: SequencingState, path: Activity[]): SequencingState {
  let next = state;
  for (const activity of [...path].reverse())
    if (!statusOf(next, activity.id).active) {
      next = withStatus(next, activity.id, (status) => ({ ...status, attemptCount: status.attemptCount + 1, active: true }));
      // A new attempt on a cluster ends what was active below it from an earlier attempt.
      for (const below of tree.byId.get(activity.id)?.children ?? []) next = endAttempts(next, below);
    }
  return { ...next, current: path[0]?.id ?? null };
}

/** Ends the attempts under way on an activity and its descendants. */
export function endAttempts(state: SequencingState, activity: Activity): SequencingState {
  let next = statusOf(state, activity.id).active ? withStatus(state, activity.id, (status) => ({ ...status, active: false })) : state;
  for (const child of activity.children) next = endAttempts(next, child);
  return next;
}
