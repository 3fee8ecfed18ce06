import type { Activity, RuleCondition, SequencingRule } from './activity-tree.ts';
import { attemptLimitExceeded, objectiveStatus, type SequencingState, statusOf } from './sequencing-state.ts';

/** Three-valued logic, as the SN book evaluates rule conditions: null is "unknown". */
export type Truth = boolean | null;

const objectiveOf = (activity: Activity, id: string | null) =>
  id === null || id === '' ? activity.objectives.find((o) => o.primary) : activity.objectives.find((o) => o.id === id);

/** SN book UP.1 "Sequencing Rule Check Subprocess", one condition. */
export function conditionTruth(state: SequencingState, activity: Activity, condition: RuleCondition): Truth {
  const status = statusOf(state, activity.id);
  const objective = objectiveStatus(state, activity, objectiveOf(activity, condition.referencedObjective));
  let value: Truth;
  switch (condition.condition) {
    case 'satisfied':
      value = objective.satisfied;
      break;
    case 'objectiveStatusKnown':
      value = objective.satisfied !== null;
      break;
    case 'objectiveMeasureKnown':
      value = objective.measure !== null;
      break;
    case 'objectiveMeasureGreaterThan':
      value = objective.measure === null ? null : objective.measure > condition.measureThreshold;
      break;
    case 'objectiveMeasureLessThan':
      value = objective.measure === null ? null : objective.measure < condition.measureThreshold;
      break;
    case 'completed':
      value = status.completed;
      break;
    case 'activityProgressKnown':
      value = status.completed !== null;
      break;
    case 'attempted':
      value = status.attemptCount > 0;
      break;
    case 'attemptLimitExceeded':
      value = attemptLimitExceeded(state, activity);
      break;
    case 'always':
      value = true;
      break;
  }
  return condition.operator === 'not' && value !== null ? !value : value;
}

/** Combines values: "all" is a three-valued AND, "any" a three-valued OR. */
export function combine(values: Truth[], combination: 'all' | 'any'): Truth {
  if (combination === 'all') return values.includes(false) ? false : values.includes(null) ? null : true;
  return values.includes(true) ? true : values.includes(null) ? null : false;
}

/** SN book UP.2 "Sequencing Rules Check Process": the action of the first rule whose conditions hold. */
export function firstRuleAction<Action extends string>(
  state: SequencingState,
  activity: Activity,
  rules: readonly SequencingRule<Action>[],
  actions: readonly Action[],
): Action | null {
  for (const rule of rules) {
    if (!actions.includes(rule.action)) continue;
    const truth = combine(
      rule.conditions.map((condition) => conditionTruth(state, activity, condition)),
      rule.conditionCombination,
    );
    if (truth === true) return rule.action;
  }
  return null;
}
