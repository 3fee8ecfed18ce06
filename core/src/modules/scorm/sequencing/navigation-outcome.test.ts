import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../manifest-model.ts';
import type { ScormSco } from '../scorm-package.entity.ts';
import { SequencedPackage } from '../scorm-sequencing.ts';
import { MIRAI_SEQUENCING_SAMPLE } from '../testing/scorm-fixtures.ts';
import { terminateSco } from './navigation-outcome.ts';
import { emptyState } from './sequencing-state.ts';

const manifest = readManifest(readFileSync(`${MIRAI_SEQUENCING_SAMPLE}imsmanifest.xml`, 'utf8'));
const scos = manifest.scos.map(
  (sco, position): ScormSco => ({
    id: `sco-${position}`,
    tenantId: 't',
    packageId: 'p',
    courseId: 'c',
    lessonId: `lesson-${sco.identifier}`,
    position,
    itemIdentifier: sco.identifier,
    title: sco.title,
    launchPath: sco.launch,
    masteryScore: null,
  }),
);
const sco = (id: string) => scos.find((s) => s.itemIdentifier === id) as ScormSco;

function started() {
  if (manifest.sequencing === null) throw new Error('the sample has sequencing');
  const sequenced = new SequencedPackage(manifest.sequencing, scos, emptyState());
  sequenced.open(sco('pretest_item'), 'choice');
  return sequenced;
}

describe('a SCO’s terminating commit', () => {
  it('leads where the request and the rules say, and the next launch delivers it', () => {
    const sequenced = started();
    const cmi = { completion_status: 'completed', success_status: 'failed', score: { scaled: '0.2' } };
    expect(terminateSco(sequenced, sco('pretest_item'), cmi, 'continue')).toEqual({ action: 'launch', lessonId: 'lesson-lesson_1_item' });
    expect(sequenced.state.current).toBe('lesson_1_item');
    sequenced.open(sco('lesson_1_item'), 'choice');
    expect(sequenced.state.activities.lesson_1_item).toMatchObject({ attemptCount: 1, active: true });
  });

  it('ignores the request of a SCO that is no longer current, keeping its status', () => {
    const sequenced = started();
    sequenced.open(sco('lesson_1_item'), 'choice');
    const late = terminateSco(sequenced, sco('pretest_item'), { completion_status: 'completed' }, 'previous');
    expect(late).toBeNull();
    expect(sequenced.state.current).toBe('lesson_1_item');
    expect(sequenced.state.activities.pretest_item?.completed).toBe(true);
  });

  it('ends the session on exitAll and refuses what the rules refuse', () => {
    const sequenced = started();
    expect(terminateSco(sequenced, sco('pretest_item'), {}, '{target=posttest_item}choice')).toMatchObject({
      action: 'stay',
      refusal: expect.stringContaining('Post-test'),
    });
    const again = started();
    expect(terminateSco(again, sco('pretest_item'), {}, 'exitAll')).toEqual({ action: 'end' });
    expect(again.state.current).toBeNull();
    expect(() => again.open(sco('pretest_item'), 'choice')).toThrow(/not available/);
  });
});
