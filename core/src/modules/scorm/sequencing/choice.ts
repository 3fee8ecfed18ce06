import { type Activity, pathToRoot, type TreeIndex } from './activity-tree.ts';
import { blocked } from './flow.ts';
import { firstRuleAction } from './rule-conditions.ts';
import { type SequencingState, statusOf } from './sequencing-state.ts';

export interface ChoiceAvailability {
  /** A "hiddenFromChoice" pre-condition holds on the activity or an ancestor: not listed. */
  hidden: boolean;
  /** Why the learner cannot choose it now; null when they can. */
  refusal: string | null;
}

/**
 * SN book SB.2.9 "Choice Sequencing Request Process" for one target, given the current activity:
 * hidden or disabled on its path, "choice" off in a parent, "choiceExit" off in an active
 * ancestor being left, backward under "forwardOnly", or past a "stopForwardTraversal".
 */
export function choiceOf(tree: TreeIndex, state: SequencingState, target: Activity): ChoiceAvailability {
  const path = pathToRoot(tree, target).reverse();
  const hidden = path.some((activity) => firstRuleAction(state, activity, activity.preConditionRules, ['hiddenFromChoice']) !== null);
  const refuse = (refusal: string) => ({ hidden, refusal });
  if (hidden) return refuse(`"${target.title}" is hidden from choice`);
  for (const activity of path.slice(1)) {
    const parent = tree.parentOf.get(activity.id);
    if (parent !== undefined && !parent.controlMode.choice) return refuse(`"${parent.title}" does not let learners choose its activities`);
  }
  for (const activity of path) if (blocked(state, activity)) return refuse(`"${activity.title}" is not available`);
  const current = state.current === null ? undefined : tree.byId.get(state.current);
  if (current === undefined || current === target) return { hidden, refusal: null };
  const currentPath = pathToRoot(tree, current).reverse();
  // Leaving an active cluster that does not allow it.
  for (const activity of currentPath)
    if (!path.includes(activity) && statusOf(state, activity.id).active && !activity.controlMode.choiceExit)
      return refuse(`"${activity.title}" must be finished before choosing elsewhere`);
  const common = path.filter((activity) => currentPath.includes(activity)).at(-1);
  if (common === undefined) return { hidden, refusal: null };
  const targetBranch = path[path.indexOf(common) + 1];
  const currentBranch = currentPath[currentPath.indexOf(common) + 1];
  if (targetBranch === undefined || currentBranch === undefined) return { hidden, refusal: null };
  const from = common.children.indexOf(currentBranch);
  const to = common.children.indexOf(targetBranch);
  if (to < from && common.controlMode.forwardOnly) return refuse(`"${common.title}" only allows moving forward`);
  // Forward: the learner may not jump past an activity that stops forward traversal.
  for (const passed of to > from ? common.children.slice(from, to) : [])
    if (firstRuleAction(state, passed, passed.preConditionRules, ['stopForwardTraversal']) !== null)
      return refuse(`"${passed.title}" must be done before moving past it`);
  return { hidden, refusal: null };
}
