import { describe, expect, it } from 'vitest';
import type { StreamMessage } from '../../lib/ws-course-stream';
import { applyGenerationEvent, countReady, generationReducer, initialGeneration } from './generation-state';

const outline = {
  modules: [
    {
      id: 'm1',
      title: 'Basics',
      lessons: [
        { id: 'l1', title: 'One', status: 'ready', currentVersion: 1 },
        { id: 'l2', title: 'Two', status: 'pending', currentVersion: 0 },
      ],
    },
  ],
};
let seq = 0;
// Partial data on purpose: the reducer reads only what it needs.
const msg = (event: string, data: Record<string, unknown>) =>
  ({ type: 'event', jobId: 'root', seq: ++seq, event, courseId: 'c', data, at: '' }) as StreamMessage;

describe('live generation state', () => {
  it('streams a lesson in, marks it ready with its sources, and finishes with the job', () => {
    let state = initialGeneration(outline);
    expect(countReady(state)).toEqual({ ready: 1, total: 2 });
    state = applyGenerationEvent(state, msg('job.queued', { jobId: 'root', kind: 'generate-lessons' }));
    expect(state.job).toBe('running');
    state = applyGenerationEvent(state, msg('lesson.started', { lessonId: 'l2' }));
    state = applyGenerationEvent(state, msg('lesson.delta', { lessonId: 'l2', text: 'Lift ' }));
    state = applyGenerationEvent(state, msg('lesson.delta', { lessonId: 'l2', text: 'with your legs.' }));
    expect(state.writingId).toBe('l2');
    expect(state.lessons.l2).toMatchObject({ phase: 'writing', text: 'Lift with your legs.' });
    state = applyGenerationEvent(
      state,
      msg('lesson.completed', { lessonId: 'l2', sources: [{ id: 's1', smeName: 'Dr Back', documentTitle: 'Guide', excerpt: 'Bend the knees' }] }),
    );
    expect(state.lessons.l2?.phase).toBe('ready');
    expect(state.lessons.l2?.sources).toEqual([{ id: 's1', smeName: 'Dr Back', documentTitle: 'Guide', excerpt: 'Bend the knees' }]);
    // A child job's completion is not the run's.
    state = applyGenerationEvent(state, msg('job.completed', { jobId: 'child' }));
    expect(state.job).toBe('running');
    state = applyGenerationEvent(state, msg('job.completed', { jobId: 'root' }));
    expect(state.job).toBe('completed');
    expect(countReady(state)).toEqual({ ready: 2, total: 2 });
  });

  it('a cancelled or failed run marks unfinished lessons as not written', () => {
    let state = applyGenerationEvent(initialGeneration(outline), msg('lesson.started', { lessonId: 'l2' }));
    state = applyGenerationEvent(state, msg('job.failed', { jobId: 'root', error: 'quota exceeded' }));
    expect(state).toMatchObject({ job: 'failed', error: 'quota exceeded' });
    expect(state.lessons.l2?.phase).toBe('failed');
    const cancelled = applyGenerationEvent(
      applyGenerationEvent(initialGeneration(outline), msg('lesson.started', { lessonId: 'l2' })),
      msg('job.cancelled', { jobId: 'root' }),
    );
    expect(cancelled.job).toBe('cancelled');
    expect(cancelled.lessons.l2?.phase).toBe('failed');
  });

  it('ignores lessons of other courses and unknown events', () => {
    const state = initialGeneration(outline);
    expect(applyGenerationEvent(state, msg('lesson.delta', { lessonId: 'elsewhere', text: 'x' }))).toBe(state);
    expect(applyGenerationEvent(state, msg('export.completed', {}))).toBe(state);
  });
});

describe('a fresh read of the outline folded in', () => {
  const writing = {
    modules: [
      { ...outline.modules[0], id: 'm1', title: 'Basics', lessons: outline.modules[0]?.lessons.map((l) => ({ ...l, status: 'generating' })) ?? [] },
    ],
  };
  const written = {
    modules: [{ id: 'm1', title: 'Basics', lessons: outline.modules[0]?.lessons.map((l) => ({ ...l, status: 'ready', currentVersion: 1 })) ?? [] }],
  };

  it('shows a run that ended before the page subscribed as written', () => {
    // Loaded while the lessons were being written; the run's events all passed before the socket subscribed.
    const state = generationReducer(initialGeneration(writing), { type: 'snapshot', snapshot: initialGeneration(written) });
    expect(countReady(state)).toEqual({ ready: 2, total: 2 });
  });

  it('never moves a lesson back, and leaves a run followed live to its events', () => {
    let state = applyGenerationEvent(initialGeneration(outline), msg('lesson.completed', { lessonId: 'l2', sources: [] }));
    // A read that started before the completion arrived still says "being written".
    state = generationReducer(state, { type: 'snapshot', snapshot: initialGeneration(writing) });
    expect(state.lessons.l2?.phase).toBe('ready');
    const running = applyGenerationEvent(initialGeneration(writing), msg('job.started', { jobId: 'root', kind: 'generate-lessons' }));
    expect(generationReducer(running, { type: 'snapshot', snapshot: initialGeneration(written) })).toBe(running);
  });
});
