import { describe, expect, it } from 'vitest';
import { launchCmi, summariseCmi } from './cmi-summary.ts';
import { ContentTokens } from './content-tokens.ts';

describe('CMI roll-up', () => {
  it('SCORM 1.2: passed and completed finish the lesson, failed does not; the raw score scales by min and max', () => {
    expect(summariseCmi('1.2', { core: { lesson_status: 'passed', score: { raw: '45', min: '40', max: '50' }, total_time: '0000:10:00' } })).toEqual({
      completionStatus: 'completed',
      successStatus: 'passed',
      scoreRaw: 45,
      scoreScaled: 0.5,
      totalTime: '0000:10:00',
      complete: true,
    });
    expect(summariseCmi('1.2', { core: { lesson_status: 'failed', score: { raw: '20' } } })).toMatchObject({
      completionStatus: 'completed',
      complete: false,
      scoreScaled: 0.2,
    });
    expect(summariseCmi('1.2', { core: { lesson_status: 'incomplete' } })).toMatchObject({
      completionStatus: 'incomplete',
      complete: false,
      totalTime: null,
    });
  });

  it('SCORM 2004: completion and success are separate; passed without completion counts as done', () => {
    expect(summariseCmi('2004', { completion_status: 'completed', success_status: 'failed', score: { scaled: '0.3' } })).toMatchObject({
      complete: false,
      scoreScaled: 0.3,
    });
    expect(summariseCmi('2004', { completion_status: 'unknown', success_status: 'passed' })).toMatchObject({ complete: true });
    expect(summariseCmi('2004', { completion_status: 'completed', success_status: 'unknown' })).toMatchObject({ complete: true, scoreScaled: null });
  });

  it('launches a suspended attempt as a resume, without the old session time, with the kept total time', () => {
    const cmi = launchCmi(
      '2004',
      { cmi: { location: '4', exit: 'suspend', session_time: 'PT1M' }, totalTime: 'PT3M' },
      { id: 'u1', name: 'a@b' },
      null,
    );
    expect(cmi).toMatchObject({ location: '4', entry: 'resume', exit: '', total_time: 'PT3M', learner_id: 'u1' });
    expect(cmi.session_time).toBeUndefined();
    expect(launchCmi('1.2', null, { id: 'u1', name: 'a@b' }, 80)).toMatchObject({
      core: { entry: 'ab-initio' },
      student_data: { mastery_score: '80' },
    });
    expect(launchCmi('1.2', { cmi: { core: { exit: '' } }, totalTime: '' }, { id: 'u1', name: 'a@b' }, null)).toMatchObject({ core: { entry: '' } });
  });
});

describe('a SCORM 2004 launch after an attempt ended', () => {
  const learner = { id: 'u1', name: 'a@b' };
  const finished = (exit: string) => ({
    cmi: { exit, location: 'page-9', suspend_data: 'done', completion_status: 'completed', session_time: 'PT1M' },
    totalTime: 'PT9M',
  });

  it('starts a new attempt from a fresh data model when the SCO exited normally, logged out or timed out', () => {
    for (const exit of ['normal', 'logout', 'time-out']) {
      const cmi = launchCmi('2004', finished(exit), learner, null);
      expect(cmi, exit).toMatchObject({ entry: 'ab-initio', exit: '', learner_id: 'u1' });
      expect(cmi.location, exit).toBeUndefined();
      expect(cmi.suspend_data, exit).toBeUndefined();
      expect(cmi.completion_status, exit).toBeUndefined();
      expect(cmi.total_time, exit).toBeUndefined();
    }
  });

  it('starts a new attempt when the sequencer began one (a retry), unless the SCO had suspended', () => {
    expect(launchCmi('2004', finished(''), learner, null, { sequencerStartedAttempt: true })).toMatchObject({ entry: 'ab-initio' });
    expect(launchCmi('2004', finished(''), learner, null, { sequencerStartedAttempt: true }).location).toBeUndefined();
    expect(launchCmi('2004', finished('suspend'), learner, null, { sequencerStartedAttempt: true })).toMatchObject({
      entry: 'resume',
      location: 'page-9',
      suspend_data: 'done',
    });
  });

  it('keeps the data of an attempt that did not end (no exit given, the same attempt reopened)', () => {
    expect(launchCmi('2004', finished(''), learner, null)).toMatchObject({ entry: '', location: 'page-9', total_time: 'PT9M' });
    // SCORM 1.2 has no learner attempts of this kind: its data stays as it was.
    expect(launchCmi('1.2', { cmi: { core: { exit: '', lesson_location: 'p9' } }, totalTime: '' }, learner, null)).toMatchObject({
      core: { entry: '', lesson_location: 'p9' },
    });
  });
});

describe('content tokens', () => {
  const tokens = new ContentTokens(Buffer.alloc(32, 7));
  const grant = { tenantId: '11111111-1111-4111-8111-111111111111', packageId: '22222222-2222-4222-8222-222222222222', expiresAt: 2_000_000_000_000 };

  it('verifies its own tokens and refuses altered, foreign and expired ones', () => {
    const token = tokens.issue(grant);
    expect(tokens.verify(token, 1_000)).toEqual(grant);
    expect(tokens.verify(token.replace('2222-4222', '3333-4222'), 1_000)).toBeNull();
    expect(new ContentTokens(Buffer.alloc(32, 8)).verify(token, 1_000)).toBeNull();
    expect(tokens.verify(token, grant.expiresAt + 1)).toBeNull();
    expect(tokens.verify('../../etc/passwd')).toBeNull();
  });
});
