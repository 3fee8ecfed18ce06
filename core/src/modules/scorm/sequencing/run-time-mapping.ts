import { cmiValue } from '../cmi-summary.ts';
import type { Activity } from './activity-tree.ts';
import type { LeafReport, NavigationRequest } from './sequencer.ts';
import { objectiveStatus, type SequencingState } from './sequencing-state.ts';

type Tree = Record<string, unknown>;
const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);
const measureOf = (value: string) => (value.trim() === '' || !Number.isFinite(Number(value)) ? null : Number(value));
const satisfiedOf = (value: string) => (value === 'passed' ? true : value === 'failed' ? false : null);

/** RTE book 4.2.4/4.2.21 mapped onto tracking status: completion, success and score of the SCO and of its cmi.objectives. */
export function leafReport(cmi: Tree): LeafReport {
  const completion = cmiValue(cmi, 'completion_status');
  const objectives: LeafReport['objectives'] = {};
  const list = cmi.objectives;
  for (const objective of Array.isArray(list) ? list : isTree(list) ? Object.values(list) : []) {
    if (!isTree(objective) || typeof objective.id !== 'string' || objective.id === '') continue;
    objectives[objective.id] = {
      satisfied: satisfiedOf(cmiValue(objective, 'success_status')),
      measure: measureOf(cmiValue(objective, 'score.scaled')),
    };
  }
  return {
    completed: completion === 'completed' ? true : completion === 'incomplete' || completion === 'not attempted' ? false : null,
    primary: { satisfied: satisfiedOf(cmiValue(cmi, 'success_status')), measure: measureOf(cmiValue(cmi, 'score.scaled')) },
    objectives,
  };
}

/** The SCO's adl.nav.request as a navigation request; anything unknown is no request. */
export function navigationRequest(value: string): NavigationRequest {
  const target = /^\{target=([^{}]+)\}(choice|jump)$/.exec(value);
  if (target?.[1] !== undefined) return { kind: 'choice', target: target[1] };
  const simple = ['continue', 'previous', 'exit', 'exitAll', 'suspendAll', 'abandon', 'abandonAll'] as const;
  const kind = simple.find((request) => request === value);
  return { kind: kind ?? 'none' };
}

/**
 * RTE book 4.2.17: the LMS initialises cmi.objectives with the activity's objective ids, and a
 * SCO whose objective reads a global objective starts from that global's status.
 */
export function objectivesForLaunch(cmi: Tree, activity: Activity, state: SequencingState): Tree {
  const existing = isTree(cmi.objectives) ? Object.values(cmi.objectives) : Array.isArray(cmi.objectives) ? cmi.objectives : [];
  const known = new Set(existing.flatMap((objective) => (isTree(objective) && typeof objective.id === 'string' ? [objective.id] : [])));
  const added = activity.objectives
    .filter((objective) => objective.id !== '' && !known.has(objective.id))
    .map((objective) => {
      const status = objectiveStatus(state, activity, objective);
      return {
        id: objective.id,
        success_status: status.satisfied === null ? 'unknown' : status.satisfied ? 'passed' : 'failed',
        ...(status.measure === null ? {} : { score: { scaled: String(status.measure) } }),
      };
    });
  if (added.length === 0) return cmi;
  return { ...cmi, objectives: Object.fromEntries([...existing, ...added].map((objective, index) => [String(index), objective])) };
}
