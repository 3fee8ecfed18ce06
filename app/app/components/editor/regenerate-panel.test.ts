import { describe, expect, it } from 'vitest';
import type { StreamMessage } from '../../lib/ws-course-stream';
import { nextPhase } from './regenerate-panel';

let seq = 0;
// Partial data on purpose: the reducer reads only what it needs.
const message = (event: string, data: Record<string, unknown>, jobId = 'job') =>
  ({ type: 'event', jobId, seq: ++seq, event, courseId: 'c', data, at: '' }) as StreamMessage;
const previous = [{ lessonId: 'l1', title: 'One', version: 3, blocks: [] }];

describe('the rewrite panel following its job', () => {
  it('streams the text, collects the rewritten lesson and compares when the job completes, even in one burst', () => {
    let phase = nextPhase({ name: 'writing', jobId: 'job', text: '', previous, rewritten: [] }, message('lesson.started', { lessonId: 'l1' }));
    phase = nextPhase(phase, message('lesson.delta', { lessonId: 'l1', text: 'Bend ' }));
    phase = nextPhase(phase, message('lesson.delta', { lessonId: 'l1', text: 'the knees.' }));
    expect(phase).toMatchObject({ name: 'writing', text: 'Bend the knees.' });
    const blocks = [{ id: 'b1', type: 'markdown', markdown: 'Bend the knees.' }];
    phase = nextPhase(phase, message('lesson.completed', { lessonId: 'l1', lessonTitle: 'One', blocks }));
    phase = nextPhase(phase, message('job.completed', { jobId: 'child' }));
    expect(phase.name).toBe('writing');
    phase = nextPhase(phase, message('job.completed', { jobId: 'job' }));
    expect(phase).toEqual({ name: 'compare', previous, rewritten: [{ lessonId: 'l1', title: 'One', blocks }] });
  });

  it('ignores other jobs, and stops with the reason when its job fails', () => {
    const writing = { name: 'writing' as const, jobId: 'job', text: 'x', previous, rewritten: [] };
    expect(nextPhase(writing, message('lesson.delta', { text: 'y' }, 'other'))).toBe(writing);
    expect(nextPhase(writing, message('job.failed', { jobId: 'job', error: 'quota exceeded' }))).toEqual({
      name: 'error',
      message: 'quota exceeded',
    });
    expect(nextPhase({ name: 'idle' }, message('job.completed', { jobId: 'job' }))).toEqual({ name: 'idle' });
  });
});
