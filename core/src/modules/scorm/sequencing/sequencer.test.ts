import { describe, expect, it } from 'vitest';
import { type Activity, DEFAULT_CONTROL_MODE, indexTree, type RuleCondition } from './activity-tree.ts';
import { courseStatus } from './rollup.ts';
import { availability, deliver, type LeafReport, navigate, recordLeaf, terminate } from './sequencer.ts';
import { emptyState, type SequencingState, statusOf } from './sequencing-state.ts';

const activity = (id: string, change: Partial<Activity> = {}): Activity => ({
  id,
  title: id,
  isLeaf: (change.children ?? []).length === 0,
  controlMode: { ...DEFAULT_CONTROL_MODE, flow: true },
  preConditionRules: [],
  postConditionRules: [],
  exitConditionRules: [],
  attemptLimit: null,
  rollupRules: [],
  rollupObjectiveSatisfied: true,
  rollupProgressCompletion: true,
  objectiveMeasureWeight: 1,
  objectives: [{ id: '', primary: true, satisfiedByMeasure: false, minNormalizedMeasure: 1, maps: [] }],
  children: [],
  ...change,
});
const when = (condition: RuleCondition['condition'], operator: 'not' | 'noOp' = 'noOp'): RuleCondition => ({
  condition,
  operator,
  referencedObjective: null,
  measureThreshold: 0,
});
const done: LeafReport = { completed: true, primary: { satisfied: true, measure: 0.9 }, objectives: {} };
const failed: LeafReport = { completed: true, primary: { satisfied: false, measure: 0.2 }, objectives: {} };

/** Delivers, reports and ends a leaf with a navigation request, as a SCO's session would. */
function session(tree: ReturnType<typeof indexTree>, state: SequencingState, id: string, report: LeafReport) {
  const leaf = tree.byId.get(id);
  if (leaf === undefined) throw new Error(id);
  const recorded = recordLeaf(tree, deliver(tree, state, leaf), leaf, report);
  return terminate(tree, recorded, leaf, { kind: 'continue' }, false);
}
const delivered = (outcome: ReturnType<typeof navigate>) => ('deliver' in outcome ? outcome.deliver.id : outcome);

describe('flow navigation', () => {
  const tree = indexTree(
    activity('root', {
      children: [
        activity('intro'),
        activity('module', {
          controlMode: { ...DEFAULT_CONTROL_MODE, flow: true, forwardOnly: true },
          children: [
            activity('a'),
            activity('b', { preConditionRules: [{ conditionCombination: 'all', conditions: [when('always')], action: 'skip' }] }),
            activity('c'),
          ],
        }),
        activity('test', {
          preConditionRules: [{ conditionCombination: 'any', conditions: [when('completed', 'not'), when('attempted', 'not')], action: 'disabled' }],
        }),
      ],
    }),
  );

  it('starts at the first leaf, descends into clusters and skips activities whose skip rule holds', () => {
    expect(delivered(navigate(tree, emptyState(), { kind: 'start' }))).toBe('intro');
    const afterA = session(tree, session(tree, emptyState(), 'intro', done).state, 'a', done).state;
    expect(delivered(navigate(tree, afterA, { kind: 'continue' }))).toBe('c');
  });

  it('refuses previous under forwardOnly and continue into a disabled activity', () => {
    let state = session(tree, emptyState(), 'a', done).state;
    expect(navigate(tree, state, { kind: 'previous' })).toMatchObject({ refused: expect.stringContaining('only allows moving forward') });
    state = { ...state, current: 'c' };
    expect(navigate(tree, state, { kind: 'continue' })).toMatchObject({ refused: expect.stringContaining('"test" is not available') });
    // Once attempted and completed, the test is no longer disabled.
    state = session(tree, state, 'test', done).state;
    expect(availability(tree, { ...state, current: 'c' }).continueTo).toBe('test');
  });

  it('continuing from the last leaf ends the course', () => {
    const state = session(tree, emptyState(), 'test', done).state;
    expect(navigate(tree, state, { kind: 'continue' })).toEqual({ endSession: true });
  });
});

describe('choice', () => {
  it('hides, disables and stops forward traversal as the pre-condition rules say', () => {
    const tree = indexTree(
      activity('root', {
        children: [
          activity('one', {
            preConditionRules: [{ conditionCombination: 'all', conditions: [when('satisfied', 'not')], action: 'stopForwardTraversal' }],
          }),
          activity('two'),
          activity('secret', { preConditionRules: [{ conditionCombination: 'all', conditions: [when('always')], action: 'hiddenFromChoice' }] }),
          activity('limited', { attemptLimit: 1 }),
        ],
      }),
    );
    let state = deliver(tree, emptyState(), tree.byId.get('one') as Activity);
    // "not satisfied" is unknown before the SCO reports: the rule does not fire yet.
    expect(availability(tree, state).choice.two?.refusal).toBeNull();
    state = terminate(
      tree,
      recordLeaf(tree, state, tree.byId.get('one') as Activity, failed),
      tree.byId.get('one') as Activity,
      { kind: 'none' },
      false,
    ).state;
    const now = availability(tree, state).choice;
    expect(now.two?.refusal).toContain('"one" must be done');
    expect(now.secret).toMatchObject({ hidden: true });
    state = session(tree, state, 'limited', done).state;
    expect(availability(tree, state).choice.limited?.refusal).toContain('not available');
    expect(navigate(tree, state, { kind: 'choice', target: 'limited' })).toMatchObject({ refused: expect.any(String) });
  });

  it('refuses choice where the parent does not allow it and leaving a cluster without choiceExit', () => {
    const tree = indexTree(
      activity('root', {
        children: [
          activity('locked', {
            controlMode: { choice: false, choiceExit: false, flow: true, forwardOnly: false },
            children: [activity('l1'), activity('l2')],
          }),
          activity('free'),
        ],
      }),
    );
    const state = deliver(tree, emptyState(), tree.byId.get('l1') as Activity);
    expect(availability(tree, state).choice.l2?.refusal).toContain('does not let learners choose');
    expect(availability(tree, state).choice.free?.refusal).toContain('must be finished');
  });
});

describe('post-condition and exit rules, attempts', () => {
  it('retries a cluster until it is satisfied, counting attempts, then exits it', () => {
    const quiz = activity('quiz', {
      postConditionRules: [{ conditionCombination: 'all', conditions: [when('satisfied', 'not')], action: 'retry' }],
      exitConditionRules: [],
      children: [
        activity('q1'),
        activity('q2', { postConditionRules: [{ conditionCombination: 'all', conditions: [when('always')], action: 'exitParent' }] }),
      ],
    });
    const tree = indexTree(activity('root', { children: [quiz, activity('end')] }));
    let state = session(tree, emptyState(), 'q1', done).state;
    const failedQuiz = session(tree, { ...state, current: 'q1' }, 'q2', failed);
    expect(failedQuiz.request).toEqual({ kind: 'retry', target: 'quiz' });
    expect(delivered(navigate(tree, failedQuiz.state, failedQuiz.request))).toBe('q1');
    state = deliver(tree, failedQuiz.state, tree.byId.get('q1') as Activity);
    expect(statusOf(state, 'quiz').attemptCount).toBe(2);
    expect(statusOf(state, 'q1').attemptCount).toBe(2);
  });

  it('an exit-condition rule on an ancestor ends its attempt and exitAll ends the session', () => {
    const tree = indexTree(
      activity('root', {
        children: [
          activity('unit', {
            exitConditionRules: [{ conditionCombination: 'all', conditions: [when('completed')], action: 'exit' }],
            postConditionRules: [{ conditionCombination: 'all', conditions: [when('always')], action: 'exitAll' }],
            children: [activity('u1')],
          }),
        ],
      }),
    );
    const ended = session(tree, emptyState(), 'u1', done);
    expect(ended.state.current).toBe('unit');
    expect(statusOf(ended.state, 'unit').active).toBe(false);
    expect(ended.request).toEqual({ kind: 'exitAll' });
  });
});

describe('rollup and global objectives', () => {
  const map = (target: string, read: boolean, write: boolean) => ({
    targetObjectiveID: target,
    readSatisfiedStatus: read,
    readNormalizedMeasure: read,
    writeSatisfiedStatus: write,
    writeNormalizedMeasure: write,
  });

  it('rolls completion and satisfaction up by default: all satisfied, else not once all are known', () => {
    const tree = indexTree(activity('root', { children: [activity('a'), activity('b')] }));
    let state = session(tree, emptyState(), 'a', done).state;
    expect(courseStatus(tree, state)).toEqual({ completed: null, satisfied: null });
    state = session(tree, state, 'b', failed).state;
    expect(courseStatus(tree, state)).toEqual({ completed: true, satisfied: false });
    expect(statusOf(state, 'root').objectives['']?.measure).toBeCloseTo(0.55);
  });

  it('applies explicit rules with atLeastCount / atLeastPercent / none', () => {
    const rule = (set: 'atLeastCount' | 'atLeastPercent' | 'none', action: 'satisfied' | 'notSatisfied', condition: 'satisfied' | 'attempted') => ({
      childActivitySet: set,
      minimumCount: 2,
      minimumPercent: 0.5,
      conditionCombination: 'any' as const,
      conditions: [{ condition, operator: 'noOp' as const }],
      action,
    });
    const tree = indexTree(
      activity('root', {
        rollupRules: [rule('atLeastPercent', 'satisfied', 'satisfied'), rule('none', 'notSatisfied', 'satisfied')],
        children: [activity('a'), activity('b'), activity('c')],
      }),
    );
    let state = session(tree, emptyState(), 'a', failed).state;
    expect(courseStatus(tree, state).satisfied).toBeNull();
    state = session(tree, session(tree, state, 'b', failed).state, 'c', failed).state;
    expect(courseStatus(tree, state).satisfied).toBe(false);
    state = session(tree, session(tree, state, 'a', done).state, 'b', done).state;
    expect(courseStatus(tree, state).satisfied).toBe(true);
    const counted = indexTree(
      activity('root', { rollupRules: [rule('atLeastCount', 'satisfied', 'attempted')], children: [activity('a'), activity('b'), activity('c')] }),
    );
    expect(courseStatus(counted, session(counted, session(counted, emptyState(), 'a', failed).state, 'b', failed).state).satisfied).toBe(true);
  });

  it('writes a SCO objective to a global that another activity reads in a rule', () => {
    const pretest = activity('pretest', {
      objectives: [{ id: 'mastery', primary: true, satisfiedByMeasure: false, minNormalizedMeasure: 1, maps: [map('g.mastery', false, true)] }],
    });
    const content = activity('content', {
      objectives: [{ id: 'mastery', primary: true, satisfiedByMeasure: false, minNormalizedMeasure: 1, maps: [map('g.mastery', true, false)] }],
      preConditionRules: [{ conditionCombination: 'all', conditions: [when('satisfied')], action: 'skip' }],
    });
    const tree = indexTree(activity('root', { children: [pretest, content, activity('post')] }));
    const state = session(tree, emptyState(), 'pretest', done).state;
    expect(state.globals['g.mastery']).toEqual({ satisfied: true, measure: 0.9 });
    expect(delivered(navigate(tree, state, { kind: 'continue' }))).toBe('post');
  });
});
