import type { Activity, TreeIndex } from './activity-tree.ts';
import { firstRuleAction } from './rule-conditions.ts';
import { attemptLimitExceeded, type SequencingState } from './sequencing-state.ts';

/** Where a flow (continue/previous/start) request lands: a leaf, off the end of the course, or nowhere allowed. */
export type FlowResult = { leaf: Activity } | { endOfCourse: true } | { refused: string };

/** SN book UP.5 "Check Activity Process": a disabled activity, or one out of attempts, cannot be delivered. */
export function blocked(state: SequencingState, activity: Activity): boolean {
  return firstRuleAction(state, activity, activity.preConditionRules, ['disabled']) !== null || attemptLimitExceeded(state, activity);
}

const skipped = (state: SequencingState, activity: Activity) => firstRuleAction(state, activity, activity.preConditionRules, ['skip']) !== null;

/** The next activity in tree order after `from` (its subtree excluded), or the previous one; null at the end. */
function sibling(tree: TreeIndex, from: Activity, forward: boolean): Activity | null {
  for (let at: Activity = from; ; ) {
    const parent = tree.parentOf.get(at.id);
    if (parent === undefined) return null;
    const index = parent.children.indexOf(at);
    const next = parent.children[index + (forward ? 1 : -1)];
    if (next !== undefined) return next;
    // Backward flow leaves a cluster through the cluster itself (there is nothing before its first child but its parent's earlier children).
    at = parent;
  }
}

/**
 * SN book SB.2.1–SB.2.3 (Flow Tree Traversal, Flow Activity Traversal, Flow Subprocess): from an
 * activity, one step forward or back, skipping activities whose "skip" pre-condition holds and
 * descending into clusters, until a leaf. Flow needs "flow" on every parent it moves under;
 * backward needs no "forwardOnly" there; a disabled or exhausted activity stops the request.
 */
export function flowFrom(tree: TreeIndex, state: SequencingState, from: Activity, forward: boolean, enterFrom = false): FlowResult {
  const fromParent = tree.parentOf.get(from.id);
  // SB.2.1: moving back from an activity whose parent only goes forward violates the control mode.
  if (!forward && !enterFrom && fromParent?.controlMode.forwardOnly === true) return { refused: `"${fromParent.title}" only allows moving forward` };
  let candidate: Activity | null = enterFrom ? from : sibling(tree, from, forward);
  for (let guard = 0; guard < tree.byId.size * 2 + 2; guard += 1) {
    if (candidate === null) return forward ? { endOfCourse: true } : { refused: 'there is nothing before the first activity' };
    const parent = tree.parentOf.get(candidate.id);
    if (parent !== undefined && !parent.controlMode.flow) return { refused: `"${parent.title}" does not allow flow navigation` };
    if (parent !== undefined && !forward && parent.controlMode.forwardOnly) return { refused: `"${parent.title}" only allows moving forward` };
    if (skipped(state, candidate)) {
      candidate = sibling(tree, candidate, forward);
      continue;
    }
    if (blocked(state, candidate)) return { refused: `"${candidate.title}" is not available` };
    if (candidate.isLeaf) return { leaf: candidate };
    // Into a cluster: its first child, or going back its last (unless it only goes forward).
    const firstIn = forward || candidate.controlMode.forwardOnly;
    const child: Activity | undefined = candidate.children[firstIn ? 0 : candidate.children.length - 1];
    if (child === undefined) return { refused: `"${candidate.title}" has no activity` };
    if (!candidate.controlMode.flow) return { refused: `"${candidate.title}" does not allow flow navigation` };
    candidate = child;
    forward = firstIn;
  }
  return { refused: 'flow did not reach an activity' };
}

/** Flow into an activity (a start, a retry, the choice of a cluster): the activity itself if a leaf, else its first deliverable leaf. */
export const flowInto = (tree: TreeIndex, state: SequencingState, activity: Activity): FlowResult => flowFrom(tree, state, activity, true, true);
