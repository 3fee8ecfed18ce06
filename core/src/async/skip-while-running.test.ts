import { describe, expect, it } from 'vitest';
import { skipWhileRunning } from './skip-while-running.ts';

function deferred() {
  let resolve: () => void = () => {};
  let reject: (error: Error) => void = () => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('skipWhileRunning', () => {
  it('runs the task once while a run is in progress, and again once it has ended', async () => {
    const runs: Array<ReturnType<typeof deferred>> = [];
    const tick = skipWhileRunning(() => {
      const run = deferred();
      runs.push(run);
      return run.promise;
    });
    const first = tick();
    const overlapping = tick();
    expect(runs).toHaveLength(1);
    runs[0]?.resolve();
    await Promise.all([first, overlapping]);
    const next = tick();
    expect(runs).toHaveLength(2);
    runs[1]?.resolve();
    await next;
  });

  it('runs again after a failed run', async () => {
    let calls = 0;
    const tick = skipWhileRunning(async () => {
      calls += 1;
      throw new Error('platform unreachable');
    });
    await expect(tick()).rejects.toThrow('platform unreachable');
    await expect(tick()).rejects.toThrow('platform unreachable');
    expect(calls).toBe(2);
  });
});
