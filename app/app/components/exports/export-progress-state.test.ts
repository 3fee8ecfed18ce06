import { describe, expect, it } from 'vitest';
import type { StreamMessage } from '../../lib/ws-course-stream';
import { progressAfter, progressFromSnapshot, STARTING } from './export-progress-state';

let seq = 0;
// Partial data on purpose: the reducer reads only what it needs.
const msg = (event: string, data: Record<string, unknown>) =>
  ({ type: 'event', jobId: 'job-1', seq: ++seq, event, courseId: 'c', data: { jobId: 'job-1', ...data }, at: '' }) as StreamMessage;

describe('export progress', () => {
  it('follows the job from progress to ready', () => {
    let state = progressAfter(STARTING, msg('job.started', { attempt: 1 }), 'job-1');
    state = progressAfter(state, msg('job.progress', { percent: 40, message: 'Writing lesson 2 of 4' }), 'job-1');
    expect(state).toMatchObject({ state: 'running', percent: 40, message: 'Writing lesson 2 of 4' });
    // An earlier figure arriving late (a replay after a poll) does not move the bar back.
    state = progressAfter(state, msg('job.progress', { percent: 20, message: 'Writing lesson 1 of 4' }), 'job-1');
    expect(state.percent).toBe(40);
    state = progressAfter(state, msg('export.completed', { exportId: 'e', format: 'html', fileName: 'a.zip', size: 10 }), 'job-1');
    expect(state).toMatchObject({ state: 'completed', percent: 100 });
  });

  it("ignores other jobs' events, and anything after the end", () => {
    const other = progressAfter(STARTING, msg('job.progress', { jobId: 'job-2', percent: 90, message: 'other' }), 'job-1');
    expect(other).toBe(STARTING);
    const failed = progressAfter(STARTING, msg('job.failed', { error: 'Storage is full' }), 'job-1');
    expect(failed).toMatchObject({ state: 'failed', error: 'Storage is full' });
    expect(progressAfter(failed, msg('job.completed', { result: null }), 'job-1')).toBe(failed);
  });

  it('reads a polled job in the same terms', () => {
    expect(progressFromSnapshot({ status: 'running', progress: 55, progressMessage: null, error: null })).toMatchObject({
      state: 'running',
      percent: 55,
    });
    expect(progressFromSnapshot({ status: 'completed', progress: 100, progressMessage: 'done', error: null }).state).toBe('completed');
    expect(progressFromSnapshot({ status: 'cancelled', progress: 10, progressMessage: null, error: null })).toMatchObject({
      state: 'failed',
      error: 'The export was cancelled.',
    });
  });
});
