import { describe, expect, it } from 'vitest';
import { type Actor, createActor, fromPromise, waitFor } from 'xstate';
import { courseWizardMachine, stepOf, type WizardInput, type WizardServices } from './course-wizard.machine';
import type { OutlineDraft } from './outline-draft';
import { resumeStep } from './wizard-resume';

const OUTLINE: OutlineDraft = [
  { key: 'm1', id: 'm1', title: 'Lifting basics', lessons: [{ key: 'l1', id: 'l1', title: 'Posture', objectives: ['Keep a straight back'] }] },
  { key: 'm2', id: 'm2', title: 'Team lifts', lessons: [{ key: 'l2', id: 'l2', title: 'Counting in', objectives: [] }] },
];

type ServiceName = keyof WizardServices;
type Calls = Record<ServiceName, unknown[]>;

/** Services that fail the first `failFirst[name]` times, then succeed; every call's input is recorded. */
function services(failFirst: Partial<Record<ServiceName, number>> = {}) {
  const calls: Calls = {
    saveDetails: [],
    saveSmes: [],
    createSme: [],
    saveAudiences: [],
    createAudience: [],
    startOutline: [],
    saveOutline: [],
    startLessons: [],
  };
  const answer = <N extends ServiceName>(name: N, output: WizardServices[N]['output']) =>
    fromPromise<WizardServices[N]['output'], WizardServices[N]['input']>(async ({ input }) => {
      calls[name].push(input);
      if (calls[name].length <= (failFirst[name] ?? 0)) throw new Error(`${name} failed: network down`);
      return output;
    });
  const actors = {
    saveDetails: answer('saveDetails', { courseId: 'c1' }),
    saveSmes: answer('saveSmes', undefined),
    createSme: answer('createSme', { smeId: 'sme-new' }),
    saveAudiences: answer('saveAudiences', undefined),
    createAudience: answer('createAudience', { audienceId: 'aud-new' }),
    startOutline: answer('startOutline', { jobId: 'job-outline' }),
    saveOutline: answer('saveOutline', { outline: OUTLINE }),
    startLessons: answer('startLessons', { jobId: 'job-lessons' }),
  };
  return { calls, actors };
}

const FRESH: WizardInput = {
  step: 'details',
  courseId: null,
  details: { title: '', desiredOutcome: '', language: 'en' },
  smeIds: [],
  audienceIds: [],
  outline: [],
};

function start(input: Partial<WizardInput> = {}, failFirst: Partial<Record<ServiceName, number>> = {}) {
  const { calls, actors } = services(failFirst);
  const actor = createActor(courseWizardMachine.provide({ actors }), { input: { ...FRESH, ...input } });
  actor.start();
  return { actor, calls };
}

type WizardActor = Actor<typeof courseWizardMachine>;
const settle = (actor: WizardActor, state: string) => waitFor(actor, (s) => s.value === state, { timeout: 1000 });

describe('the course wizard, happy path', () => {
  it('walks from details to started lessons, carrying what the author entered', async () => {
    const { actor, calls } = start();
    actor.send({ type: 'NEXT' });
    expect(actor.getSnapshot().value).toBe('details');
    actor.send({ type: 'EDIT_DETAILS', details: { title: 'Safe lifting', desiredOutcome: 'Lift without injury' } });
    actor.send({ type: 'NEXT' });
    await settle(actor, 'smes');
    expect(calls.saveDetails).toEqual([
      { courseId: null, details: { title: 'Safe lifting', desiredOutcome: 'Lift without injury', language: 'en' } },
    ]);

    actor.send({ type: 'NEXT' });
    expect(actor.getSnapshot().value).toBe('smes');
    const smeForm = new FormData();
    smeForm.set('name', 'Dr Back');
    actor.send({ type: 'CREATE_SME', form: smeForm });
    await settle(actor, 'smes');
    // The new expert is attached to the course with the ones already chosen.
    expect(calls.createSme[0]).toEqual({ form: smeForm, courseId: 'c1', chosen: [] });
    actor.send({ type: 'TOGGLE_SME', smeId: 'sme-old' });
    actor.send({ type: 'NEXT' });
    await settle(actor, 'audiences');
    expect(calls.saveSmes).toEqual([{ courseId: 'c1', smeIds: ['sme-new', 'sme-old'] }]);

    actor.send({ type: 'CREATE_AUDIENCE', form: new FormData() });
    await settle(actor, 'audiences');
    actor.send({ type: 'SET_OUTLINE_SIZE', size: { modules: 2 } });
    actor.send({ type: 'NEXT' });
    await settle(actor, 'generatingOutline');
    expect(calls.startOutline).toEqual([{ courseId: 'c1', size: { modules: 2, lessonsPerModule: 3 } }]);
    expect(calls.saveAudiences).toEqual([{ courseId: 'c1', audienceIds: ['aud-new'] }]);
    expect(actor.getSnapshot().context.outlineJobId).toBe('job-outline');

    actor.send({ type: 'OUTLINE_PROGRESS', percent: 40, message: 'Drafting' });
    expect(actor.getSnapshot().context.outlineProgress).toEqual({ percent: 40, message: 'Drafting' });
    actor.send({ type: 'OUTLINE_READY', outline: OUTLINE });
    expect(actor.getSnapshot().value).toBe('review');

    actor.send({ type: 'RENAME_LESSON', lessonKey: 'l1', title: 'Posture first' });
    actor.send({ type: 'MOVE_MODULE', moduleKey: 'm2', by: -1 });
    actor.send({ type: 'ADD_LESSON', moduleKey: 'm1' });
    actor.send({ type: 'NEXT' });
    await settle(actor, 'lessonsStarted');
    const saved = calls.saveOutline[0] as { outline: OutlineDraft };
    expect(saved.outline.map((m) => m.title)).toEqual(['Team lifts', 'Lifting basics']);
    expect(saved.outline[1]?.lessons.map((l) => l.title)).toEqual(['Posture first', 'New lesson']);
    expect(actor.getSnapshot().context.lessonsJobId).toBe('job-lessons');
    expect(actor.getSnapshot().status).toBe('done');
  });
});

describe('every network failure has its own state and a retry', () => {
  const cases: Array<{ service: ServiceName; from: Partial<WizardInput>; trigger: (actor: WizardActor) => void; failed: string; after: string }> = [
    {
      service: 'saveDetails',
      from: { details: { title: 'T', desiredOutcome: '', language: 'en' } },
      trigger: (a) => a.send({ type: 'NEXT' }),
      failed: 'detailsFailed',
      after: 'smes',
    },
    {
      service: 'createSme',
      from: { step: 'smes', courseId: 'c1' },
      trigger: (a) => a.send({ type: 'CREATE_SME', form: new FormData() }),
      failed: 'createSmeFailed',
      after: 'smes',
    },
    {
      service: 'saveSmes',
      from: { step: 'smes', courseId: 'c1', smeIds: ['s'] },
      trigger: (a) => a.send({ type: 'NEXT' }),
      failed: 'saveSmesFailed',
      after: 'audiences',
    },
    {
      service: 'createAudience',
      from: { step: 'audiences', courseId: 'c1' },
      trigger: (a) => a.send({ type: 'CREATE_AUDIENCE', form: new FormData() }),
      failed: 'createAudienceFailed',
      after: 'audiences',
    },
    {
      service: 'saveAudiences',
      from: { step: 'audiences', courseId: 'c1', audienceIds: ['a'] },
      trigger: (a) => a.send({ type: 'NEXT' }),
      failed: 'saveAudiencesFailed',
      after: 'generatingOutline',
    },
    {
      service: 'startOutline',
      from: { step: 'outline', courseId: 'c1' },
      trigger: () => undefined,
      failed: 'startOutlineFailed',
      after: 'generatingOutline',
    },
    {
      service: 'saveOutline',
      from: { step: 'review', courseId: 'c1', outline: OUTLINE },
      trigger: (a) => a.send({ type: 'NEXT' }),
      failed: 'saveOutlineFailed',
      after: 'lessonsStarted',
    },
    {
      service: 'startLessons',
      from: { step: 'review', courseId: 'c1', outline: OUTLINE },
      trigger: (a) => a.send({ type: 'NEXT' }),
      failed: 'startLessonsFailed',
      after: 'lessonsStarted',
    },
  ];

  for (const { service, from, trigger, failed, after } of cases) {
    it(`${service}: fails into ${failed} with the message, RETRY calls again and moves on to ${after}`, async () => {
      const { actor, calls } = start(from, { [service]: 1 });
      trigger(actor);
      await settle(actor, failed);
      expect(actor.getSnapshot().context.error).toBe(`${service} failed: network down`);
      actor.send({ type: 'RETRY' });
      await settle(actor, after);
      expect(calls[service]).toHaveLength(2);
      expect(calls[service][1]).toEqual(calls[service][0]);
      expect(actor.getSnapshot().context.error).toBeNull();
    });
  }

  it('a failed outline job goes to outlineFailed, and RETRY drafts it again', async () => {
    const { actor, calls } = start({ step: 'outline', courseId: 'c1' });
    await settle(actor, 'generatingOutline');
    actor.send({ type: 'OUTLINE_FAILED', error: 'The AI provider refused' });
    expect(actor.getSnapshot().value).toBe('outlineFailed');
    expect(actor.getSnapshot().context.error).toBe('The AI provider refused');
    actor.send({ type: 'RETRY' });
    await settle(actor, 'generatingOutline');
    expect(calls.startOutline).toHaveLength(2);
    expect(actor.getSnapshot().context.error).toBeNull();
  });

  it('a failed create can be dismissed, dropping the pending form', async () => {
    const { actor, calls } = start({ step: 'smes', courseId: 'c1' }, { createSme: 5 });
    actor.send({ type: 'CREATE_SME', form: new FormData() });
    await settle(actor, 'createSmeFailed');
    actor.send({ type: 'DISMISS' });
    expect(actor.getSnapshot().value).toBe('smes');
    expect(actor.getSnapshot().context.pendingSme).toBeNull();
    expect(calls.createSme).toHaveLength(1);
  });

  it('BACK from a save failure returns to the step, keeping the choices', async () => {
    const { actor } = start({ step: 'audiences', courseId: 'c1', audienceIds: ['a'] }, { saveAudiences: 1 });
    actor.send({ type: 'NEXT' });
    await settle(actor, 'saveAudiencesFailed');
    actor.send({ type: 'BACK' });
    expect(actor.getSnapshot().value).toBe('audiences');
    expect(actor.getSnapshot().context.audienceIds).toEqual(['a']);
  });
});

describe('resuming', () => {
  it('starts at the step the server state implies', () => {
    expect(start({ step: 'smes', courseId: 'c1' }).actor.getSnapshot().value).toBe('smes');
    expect(start({ step: 'audiences', courseId: 'c1' }).actor.getSnapshot().value).toBe('audiences');
    expect(start({ step: 'review', courseId: 'c1', outline: OUTLINE }).actor.getSnapshot().value).toBe('review');
  });

  it('joins an outline job found running on the server instead of starting another', () => {
    const { actor, calls } = start({ step: 'audiences', courseId: 'c1', audienceIds: ['a'] });
    actor.send({ type: 'OUTLINE_JOB_ACTIVE', jobId: 'running' });
    expect(actor.getSnapshot().value).toBe('generatingOutline');
    expect(actor.getSnapshot().context.outlineJobId).toBe('running');
    expect(calls.startOutline).toHaveLength(0);
  });

  it('derives the step from course status, choices and outline', () => {
    const course = (status: 'draft' | 'generating' | 'ready', smeIds: string[] = [], audienceIds: string[] = []) => ({ status, smeIds, audienceIds });
    const outline = (status: string, currentVersion: number) => ({ modules: [{ lessons: [{ status, currentVersion }] }] });
    expect(resumeStep(null, null)).toBe('details');
    expect(resumeStep(course('draft'), { modules: [] })).toBe('smes');
    expect(resumeStep(course('draft', ['s']), { modules: [] })).toBe('audiences');
    expect(resumeStep(course('draft', ['s'], ['a']), { modules: [] })).toBe('audiences');
    expect(resumeStep(course('draft', ['s'], ['a']), outline('pending', 0))).toBe('review');
    expect(resumeStep(course('draft', ['s'], ['a']), outline('ready', 1))).toBe('generation');
    expect(resumeStep(course('generating', ['s'], ['a']), outline('generating', 0))).toBe('generation');
    expect(resumeStep(course('ready', ['s'], ['a']), outline('ready', 1))).toBe('generation');
  });

  it('names the step of every state', () => {
    const states = Object.keys(courseWizardMachine.config.states ?? {});
    // Every failure state is covered above and offers a retry.
    const failures = states.filter((name) => name.endsWith('Failed'));
    expect(failures.sort()).toEqual(
      [
        'createAudienceFailed',
        'createSmeFailed',
        'detailsFailed',
        'outlineFailed',
        'saveAudiencesFailed',
        'saveOutlineFailed',
        'saveSmesFailed',
        'startLessonsFailed',
        'startOutlineFailed',
      ].sort(),
    );
    for (const name of failures) expect(Object.keys(courseWizardMachine.config.states?.[name]?.on ?? {})).toContain('RETRY');
    expect(stepOf('saveSmesFailed')).toBe('smes');
    expect(stepOf('createAudienceFailed')).toBe('audiences');
    expect(stepOf('outlineFailed')).toBe('outline');
    expect(stepOf('saveOutlineFailed')).toBe('review');
    expect(stepOf('startLessonsFailed')).toBe('lessons');
  });
});
