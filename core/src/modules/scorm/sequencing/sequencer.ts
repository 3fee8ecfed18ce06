import { type Activity, indexTree, leaves, pathToRoot, type TreeIndex } from './activity-tree.ts';
import { choiceOf } from './choice.ts';
import { blocked, type FlowResult, flowFrom, flowInto } from './flow.ts';
import { overallRollup } from './rollup.ts';
import { firstRuleAction } from './rule-conditions.ts';
import { beginAttempts, endAttempts, type ObjectiveStatus, type SequencingState, statusOf, withStatus } from './sequencing-state.ts';

export type NavigationRequest =
  | { kind: 'start' | 'continue' | 'previous' | 'exit' | 'exitAll' | 'suspendAll' | 'abandon' | 'abandonAll' | 'none' }
  | { kind: 'choice'; target: string }
  | { kind: 'retry'; target: string };

export type NavigationOutcome = { deliver: Activity } | { endSession: true } | { refused: string };

/** What a SCO reported about its attempt (the run-time data the SN book maps onto tracking status). */
export interface LeafReport {
  completed: boolean | null;
  primary: ObjectiveStatus;
  objectives: Record<string, ObjectiveStatus>;
}

/** Records a SCO's reported status on its activity and rolls it up to the root. */
export function recordLeaf(tree: TreeIndex, state: SequencingState, leaf: Activity, report: LeafReport): SequencingState {
  const primaryId = leaf.objectives.find((objective) => objective.primary)?.id ?? '';
  const next = withStatus(state, leaf.id, (status) => ({
    ...status,
    completed: report.completed,
    objectives: { ...status.objectives, ...report.objectives, [primaryId]: report.primary },
  }));
  return overallRollup(tree, next, leaf);
}

const fromFlow = (result: FlowResult): NavigationOutcome =>
  'leaf' in result ? { deliver: result.leaf } : 'endOfCourse' in result ? { endSession: true } : result;

/**
 * SN book TB.2.3 "Termination Request Process" for the end of a SCO's attempt: exit-condition
 * rules from the root down, then post-condition rules (exitParent repeats them on the parent),
 * whose sequencing request replaces the SCO's navigation request. A suspended SCO skips the rules.
 */
export function terminate(
  tree: TreeIndex,
  state: SequencingState,
  leaf: Activity,
  request: NavigationRequest,
  suspended: boolean,
): { state: SequencingState; request: NavigationRequest } {
  if (suspended) return { state: { ...state, current: leaf.id }, request };
  let next = endAttempts(state, leaf);
  let at = leaf;
  for (const ancestor of pathToRoot(tree, leaf).slice(1).reverse())
    if (firstRuleAction(next, ancestor, ancestor.exitConditionRules, ['exit']) !== null) {
      next = endAttempts(next, ancestor);
      at = ancestor;
      break;
    }
  let sequencing = request;
  for (;;) {
    const action = firstRuleAction(next, at, at.postConditionRules, ['exitParent', 'exitAll', 'retry', 'retryAll', 'continue', 'previous']);
    const parent = tree.parentOf.get(at.id);
    if (action === 'exitParent' && parent !== undefined) {
      next = endAttempts(next, parent);
      at = parent;
      continue;
    }
    if (action === 'exitAll') sequencing = { kind: 'exitAll' };
    else if (action === 'retry') sequencing = { kind: 'retry', target: at.id };
    else if (action === 'retryAll') sequencing = { kind: 'retry', target: tree.root.id };
    else if (action === 'continue' || action === 'previous') sequencing = { kind: action };
    break;
  }
  return { state: { ...next, current: at.id }, request: sequencing };
}

/** SN book OP.1 "Overall Sequencing Process" for one request from the current activity: where it leads. */
export function navigate(tree: TreeIndex, state: SequencingState, request: NavigationRequest): NavigationOutcome {
  const current = state.current === null ? undefined : tree.byId.get(state.current);
  switch (request.kind) {
    case 'start':
      return fromFlow(flowInto(tree, state, tree.root));
    case 'continue':
    case 'previous':
      if (current === undefined) return { refused: 'nothing has been launched yet' };
      if (current === tree.root) return request.kind === 'continue' ? { endSession: true } : { refused: 'there is nothing before the course' };
      return fromFlow(flowFrom(tree, state, current, request.kind === 'continue'));
    case 'choice': {
      const target = tree.byId.get(request.target);
      if (target === undefined) return { refused: `"${request.target}" is not an activity of this package` };
      const choice = choiceOf(tree, state, target);
      return choice.refusal === null ? fromFlow(flowInto(tree, state, target)) : { refused: choice.refusal };
    }
    case 'retry': {
      const target = tree.byId.get(request.target);
      if (target === undefined) return { refused: `"${request.target}" is not an activity of this package` };
      return fromFlow(flowInto(tree, endAttempts(state, target), target));
    }
    case 'none':
      return { refused: 'no navigation request' };
    default:
      return { endSession: true };
  }
}

/**
 * SN book DB.1.1 "Delivery Request Process": whether the leaf can be delivered, checking every
 * activity of its path that would start a new attempt (disabled, attempt limit); null when it can.
 */
export function deliveryRefusal(tree: TreeIndex, state: SequencingState, leaf: Activity): string | null {
  const starting = pathToRoot(tree, leaf).filter((activity) => !statusOf(state, activity.id).active);
  return starting.find((activity) => blocked(state, activity))?.title ?? null;
}

/**
 * Delivers a leaf (SN book DB.2 "Content Delivery Environment"): the attempts under way off its
 * path end, and the leaf and each ancestor without an attempt under way start one.
 */
export function deliver(tree: TreeIndex, state: SequencingState, leaf: Activity): SequencingState {
  const path = pathToRoot(tree, leaf);
  let next = state;
  for (const activity of tree.byId.values()) if (!path.includes(activity) && statusOf(next, activity.id).active) next = endAttempts(next, activity);
  const fresh = path.filter((activity) => !statusOf(next, activity.id).active);
  next = beginAttempts(tree, next, path);
  // A new attempt starts with unknown progress and objectives (globals keep theirs).
  for (const activity of fresh) next = withStatus(next, activity.id, (status) => ({ ...status, completed: null, objectives: {} }));
  return next;
}

/** What the player may offer from the current activity: adl.nav.request_valid and the lesson list. */
export function availability(tree: TreeIndex, state: SequencingState) {
  const can = (request: NavigationRequest) => {
    const outcome = navigate(tree, state, request);
    return 'deliver' in outcome ? outcome.deliver.id : null;
  };
  return {
    continueTo: can({ kind: 'continue' }),
    previousTo: can({ kind: 'previous' }),
    choice: Object.fromEntries(leaves(tree.root).map((leaf) => [leaf.id, choiceOf(tree, state, leaf)])),
  };
}

export { indexTree };
