import { type Activity, pathToRoot, primaryObjective, type RollupRule, type TreeIndex } from './activity-tree.ts';
import { combine, conditionTruth, type Truth } from './rule-conditions.ts';
import { objectiveStatus, type SequencingState, statusOf, withStatus, writeGlobals } from './sequencing-state.ts';

type RollupAction = RollupRule['action'];

/**
 * SN book 4.6.5, default rules for an activity that defines none for a pair of actions: "if all
 * children are satisfied/completed", checked after "if all children's status is known then not
 * satisfied/incomplete", so a known mix rolls up to not satisfied/incomplete.
 */
const DEFAULTS: Record<'objective' | 'progress', RollupRule[]> = {
  objective: [
    {
      childActivitySet: 'all',
      minimumCount: 0,
      minimumPercent: 0,
      conditionCombination: 'any',
      conditions: [{ condition: 'satisfied', operator: 'noOp' }],
      action: 'satisfied',
    },
    {
      childActivitySet: 'all',
      minimumCount: 0,
      minimumPercent: 0,
      conditionCombination: 'any',
      conditions: [{ condition: 'objectiveStatusKnown', operator: 'noOp' }],
      action: 'notSatisfied',
    },
  ],
  progress: [
    {
      childActivitySet: 'all',
      minimumCount: 0,
      minimumPercent: 0,
      conditionCombination: 'any',
      conditions: [{ condition: 'completed', operator: 'noOp' }],
      action: 'completed',
    },
    {
      childActivitySet: 'all',
      minimumCount: 0,
      minimumPercent: 0,
      conditionCombination: 'any',
      conditions: [{ condition: 'activityProgressKnown', operator: 'noOp' }],
      action: 'incomplete',
    },
  ],
};

/** SN book RB.1.4.2 "Check Child for Rollup": whether a child contributes (rollup considerations are not supported: "always"). */
const contributes = (child: Activity, kind: 'objective' | 'progress') =>
  kind === 'objective' ? child.rollupObjectiveSatisfied : child.rollupProgressCompletion;

/** SN book RB.1.4 "Rollup Rule Check Subprocess": whether any rule with the action fires for the activity's children. */
function ruleFires(state: SequencingState, activity: Activity, rules: RollupRule[], action: RollupAction, kind: 'objective' | 'progress'): boolean {
  for (const rule of rules.filter((r) => r.action === action)) {
    const bag: Truth[] = activity.children
      .filter((child) => contributes(child, kind))
      .map((child) =>
        combine(
          rule.conditions.map((condition) => conditionTruth(state, child, { ...condition, referencedObjective: null, measureThreshold: 0 })),
          rule.conditionCombination,
        ),
      );
    if (bag.length === 0) continue;
    const trues = bag.filter((value) => value === true).length;
    const fires =
      rule.childActivitySet === 'all'
        ? trues === bag.length
        : rule.childActivitySet === 'any'
          ? trues > 0
          : rule.childActivitySet === 'none'
            ? bag.every((value) => value === false)
            : rule.childActivitySet === 'atLeastCount'
              ? trues >= rule.minimumCount
              : trues / bag.length >= rule.minimumPercent;
    if (fires) return true;
  }
  return false;
}

function rulesFor(activity: Activity, kind: 'objective' | 'progress'): RollupRule[] {
  const actions: RollupAction[] = kind === 'objective' ? ['satisfied', 'notSatisfied'] : ['completed', 'incomplete'];
  const own = activity.rollupRules.filter((rule) => actions.includes(rule.action));
  return own.length > 0 ? own : DEFAULTS[kind];
}

/** SN book RB.1.1 "Measure Rollup": the weighted average of the children's primary measures. */
function measureRollup(state: SequencingState, activity: Activity): number | null {
  let total = 0;
  let counted = 0;
  let known = false;
  for (const child of activity.children.filter((c) => c.rollupObjectiveSatisfied)) {
    total += child.objectiveMeasureWeight;
    const measure = objectiveStatus(state, child, primaryObjective(child)).measure;
    if (measure !== null) {
      known = true;
      counted += measure * child.objectiveMeasureWeight;
    }
  }
  return !known || total === 0 ? null : counted / total;
}

/** Rolls one cluster up from its children: measure, objective (RB.1.2) and progress (RB.1.3). */
function rollupCluster(state: SequencingState, activity: Activity): SequencingState {
  const primary = primaryObjective(activity);
  const id = primary?.id ?? '';
  const previous = statusOf(state, activity.id);
  const measure = measureRollup(state, activity) ?? previous.objectives[id]?.measure ?? null;
  let satisfied = previous.objectives[id]?.satisfied ?? null;
  if (primary?.satisfiedByMeasure === true) satisfied = measure === null ? null : measure >= primary.minNormalizedMeasure;
  else {
    const rules = rulesFor(activity, 'objective');
    if (ruleFires(state, activity, rules, 'notSatisfied', 'objective')) satisfied = false;
    if (ruleFires(state, activity, rules, 'satisfied', 'objective')) satisfied = true;
  }
  let completed = previous.completed;
  const progressRules = rulesFor(activity, 'progress');
  if (ruleFires(state, activity, progressRules, 'incomplete', 'progress')) completed = false;
  if (ruleFires(state, activity, progressRules, 'completed', 'progress')) completed = true;
  const next = withStatus(state, activity.id, (status) => ({
    ...status,
    completed,
    objectives: { ...status.objectives, [id]: { satisfied, measure } },
  }));
  return writeGlobals(next, activity);
}

/** SN book RB.1.5 "Overall Rollup Process": from the activity's parent up to the root, after writing the activity's globals. */
export function overallRollup(tree: TreeIndex, state: SequencingState, activity: Activity): SequencingState {
  let next = writeGlobals(state, activity);
  for (const ancestor of pathToRoot(tree, activity).slice(1)) next = rollupCluster(next, ancestor);
  return next;
}

/** What the root rolled up to: the course's completion and success. */
export function courseStatus(tree: TreeIndex, state: SequencingState): { completed: boolean | null; satisfied: boolean | null } {
  return {
    completed: statusOf(state, tree.root.id).completed,
    satisfied: objectiveStatus(state, tree.root, primaryObjective(tree.root)).satisfied,
  };
}
