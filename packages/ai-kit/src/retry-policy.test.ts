import { describe, expect, it } from 'vitest';
import { retryDelay, withRetries } from './retry-policy.ts';

const backoff = { baseDelayMs: 100, maxDelayMs: 1_000 };

describe('retryDelay', () => {
  it('doubles per retry with jitter between half and the whole step, capped', () => {
    const low = { ...backoff, random: () => 0 };
    const high = { ...backoff, random: () => 0.999999 };
    expect([0, 1, 2, 3, 4].map((retry) => retryDelay(retry, { retryable: true }, 5, low))).toEqual([50, 100, 200, 400, 500]);
    expect([0, 1, 2, 3, 4].map((retry) => retryDelay(retry, { retryable: true }, 5, high))).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('waits at least as long as the upstream asked, and gives up when that is longer than the cap', () => {
    expect(retryDelay(0, { retryable: true, retryAfterMs: 700 }, 3, { ...backoff, random: () => 0 })).toBe(700);
    expect(retryDelay(0, { retryable: true, retryAfterMs: 5_000 }, 3, backoff)).toBeNull();
  });

  it('gives up on non-retryable failures and after maxRetries', () => {
    expect(retryDelay(0, { retryable: false }, 3, backoff)).toBeNull();
    expect(retryDelay(3, { retryable: true }, 3, backoff)).toBeNull();
  });
});

describe('withRetries', () => {
  it('rethrows the last error unchanged once retries are used up', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error(`attempt ${calls}`);
    };
    await expect(withRetries(failing, () => ({ retryable: true }), { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 2 })).rejects.toThrow('attempt 3');
    expect(calls).toBe(3);
  });
});
