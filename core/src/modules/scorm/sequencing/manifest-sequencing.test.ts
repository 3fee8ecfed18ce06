import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../manifest-model.ts';
import { MIRAI_SEQUENCING_SAMPLE, THIRD_PARTY_SCORM } from '../testing/scorm-fixtures.ts';
import { indexTree } from './activity-tree.ts';

const manifest = (folder: string) => readManifest(readFileSync(`${folder}imsmanifest.xml`, 'utf8'));

describe('reading sequencing from imsmanifest.xml', () => {
  const tree = manifest(MIRAI_SEQUENCING_SAMPLE).sequencing;
  const index = tree === null ? null : indexTree(tree);
  const get = (id: string) => {
    const activity = index?.byId.get(id);
    if (activity === undefined) throw new Error(`${id} is missing`);
    return activity;
  };

  it('keeps clusters and the organisation as the root', () => {
    expect(tree?.id).toBe('seq_org');
    expect(tree?.children.map((child) => child.id)).toEqual(['pretest_item', 'content_cluster', 'posttest_item']);
    expect(get('content_cluster')).toMatchObject({ isLeaf: false, controlMode: { choice: true, choiceExit: true, flow: true, forwardOnly: true } });
    expect(get('content_cluster').children.map((child) => child.id)).toEqual(['lesson_1_item', 'lesson_2_item', 'appendix_item']);
  });

  it('reads rules, limits, rollup and objectives with their defaults', () => {
    expect(get('pretest_item')).toMatchObject({
      attemptLimit: 1,
      rollupObjectiveSatisfied: false,
      objectiveMeasureWeight: 0,
      preConditionRules: [
        { conditionCombination: 'all', action: 'skip', conditions: [{ condition: 'attempted', operator: 'noOp', referencedObjective: null }] },
      ],
      objectives: [
        {
          id: 'pretest_satisfied',
          primary: true,
          maps: [
            {
              targetObjectiveID: 'org.mirai.tests.sequencing.content_mastered',
              readSatisfiedStatus: false,
              writeSatisfiedStatus: true,
              readNormalizedMeasure: true,
              writeNormalizedMeasure: false,
            },
          ],
        },
      ],
    });
    expect(get('posttest_item')).toMatchObject({
      attemptLimit: 2,
      preConditionRules: [
        {
          conditionCombination: 'any',
          action: 'disabled',
          conditions: [{ operator: 'not', condition: 'satisfied', referencedObjective: 'content_mastered' }, { condition: 'objectiveStatusKnown' }],
        },
      ],
      postConditionRules: [{ action: 'exitAll' }],
      objectives: [
        { id: 'posttest_satisfied', satisfiedByMeasure: true, minNormalizedMeasure: 0.8 },
        { id: 'content_mastered', primary: false },
      ],
    });
    expect(tree?.rollupRules).toEqual([
      {
        childActivitySet: 'all',
        minimumCount: 0,
        minimumPercent: 0,
        conditionCombination: 'any',
        conditions: [{ condition: 'satisfied', operator: 'noOp' }],
        action: 'satisfied',
      },
      {
        childActivitySet: 'any',
        minimumCount: 0,
        minimumPercent: 0,
        conditionCombination: 'any',
        conditions: [{ condition: 'satisfied', operator: 'not' }],
        action: 'notSatisfied',
      },
    ]);
  });

  it('merges a sequencingCollection entry named by IDRef with the item’s own elements', () => {
    expect(get('lesson_1_item').postConditionRules).toEqual([
      {
        conditionCombination: 'all',
        conditions: [{ condition: 'completed', operator: 'not', referencedObjective: null, measureThreshold: 0 }],
        action: 'retry',
      },
    ]);
    expect(get('lesson_2_item')).toMatchObject({ postConditionRules: [{ action: 'retry' }], objectives: [{ id: 'lesson_2_satisfied' }] });
  });

  it('reads the third-party Golf sample’s organisation control mode (choice and flow)', () => {
    const golf = manifest(THIRD_PARTY_SCORM.scorm2004).sequencing;
    expect(golf).toMatchObject({ controlMode: { choice: true, flow: true, forwardOnly: false }, children: [{ id: 'item_1', isLeaf: true }] });
    expect(manifest(THIRD_PARTY_SCORM.scorm12).sequencing).toBeNull();
  });
});
