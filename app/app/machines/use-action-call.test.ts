import { describe, expect, it } from 'vitest';
import { callOutcome } from './use-action-call';

type Answer = { ok: true; n: number } | { ok: false; error: string };
const earlier: Answer = { ok: true, n: 1 };
const fresh: Answer = { ok: true, n: 2 };

describe('when a fetcher call is over', () => {
  it('waits while the fetcher is busy, and answers once it is idle again', () => {
    expect(callOutcome<Answer>({ state: 'submitting', data: earlier, before: earlier, seenBusy: true })).toBeNull();
    expect(callOutcome<Answer>({ state: 'idle', data: fresh, before: earlier, seenBusy: true })).toEqual({ answer: fresh });
  });

  it('answers when the busy render was skipped and the answer came in the first render after the submit', () => {
    expect(callOutcome<Answer>({ state: 'idle', data: fresh, before: earlier, seenBusy: false })).toEqual({ answer: fresh });
    expect(callOutcome<Answer>({ state: 'idle', data: fresh, before: undefined, seenBusy: false })).toEqual({ answer: fresh });
  });

  it('does not take the previous call’s answer for this one before the fetcher has moved', () => {
    expect(callOutcome<Answer>({ state: 'idle', data: earlier, before: earlier, seenBusy: false })).toBeNull();
  });

  it('an answer equal to the previous one is still a new answer once the fetcher was busy', () => {
    expect(callOutcome<Answer>({ state: 'idle', data: earlier, before: earlier, seenBusy: true })).toEqual({ answer: earlier });
  });

  it('reports a call that ended without an answer', () => {
    expect(callOutcome<Answer>({ state: 'idle', data: undefined, before: undefined, seenBusy: true })).toEqual({ lost: true });
  });
});
