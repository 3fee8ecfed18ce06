import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_MODE } from './activity-tree.ts';
import { leafReport, navigationRequest, objectivesForLaunch } from './run-time-mapping.ts';
import { emptyState } from './sequencing-state.ts';

describe('run-time data and the sequencer', () => {
  it('reads completion, success, score and cmi.objectives of a commit', () => {
    expect(
      leafReport({
        completion_status: 'incomplete',
        success_status: 'failed',
        score: { scaled: '0.4' },
        objectives: { 0: { id: 'obj_a', success_status: 'passed', score: { scaled: '1' } }, 1: { id: '' } },
      }),
    ).toEqual({ completed: false, primary: { satisfied: false, measure: 0.4 }, objectives: { obj_a: { satisfied: true, measure: 1 } } });
    expect(leafReport({ completion_status: 'unknown' })).toEqual({ completed: null, primary: { satisfied: null, measure: null }, objectives: {} });
  });

  it('parses adl.nav.request values', () => {
    expect(navigationRequest('continue')).toEqual({ kind: 'continue' });
    expect(navigationRequest('{target=item_2}choice')).toEqual({ kind: 'choice', target: 'item_2' });
    expect(navigationRequest('_none_')).toEqual({ kind: 'none' });
    expect(navigationRequest('jumpAround')).toEqual({ kind: 'none' });
  });

  it('initialises cmi.objectives from the activity’s objectives and the globals they read', () => {
    const activity = {
      id: 'a',
      title: 'a',
      isLeaf: true,
      controlMode: DEFAULT_CONTROL_MODE,
      preConditionRules: [],
      postConditionRules: [],
      exitConditionRules: [],
      attemptLimit: null,
      rollupRules: [],
      rollupObjectiveSatisfied: true,
      rollupProgressCompletion: true,
      objectiveMeasureWeight: 1,
      objectives: [
        {
          id: 'shared',
          primary: false,
          satisfiedByMeasure: false,
          minNormalizedMeasure: 1,
          maps: [
            {
              targetObjectiveID: 'g',
              readSatisfiedStatus: true,
              readNormalizedMeasure: true,
              writeSatisfiedStatus: false,
              writeNormalizedMeasure: false,
            },
          ],
        },
      ],
      children: [],
    };
    const state = { ...emptyState(), globals: { g: { satisfied: true, measure: 0.75 } } };
    expect(objectivesForLaunch({}, activity, state).objectives).toEqual({ 0: { id: 'shared', success_status: 'passed', score: { scaled: '0.75' } } });
    const stored = { objectives: { 0: { id: 'shared', success_status: 'failed' } } };
    expect(objectivesForLaunch(stored, activity, state)).toBe(stored);
  });
});
