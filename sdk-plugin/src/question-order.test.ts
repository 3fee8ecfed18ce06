import { describe, expect, it } from 'vitest';
import { presentedOrder } from './question-order.ts';

describe('presentedOrder', () => {
  it('is a permutation that never equals the authored order', () => {
    for (let length = 2; length <= 8; length++)
      for (const id of ['q1', 'q2', 'order-steps', 'abc', 'x']) {
        const order = presentedOrder(id, length);
        expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length }, (_, i) => i));
        expect(order).not.toEqual(Array.from({ length }, (_, i) => i));
      }
  });

  it('is the same for the same question and differs between questions', () => {
    expect(presentedOrder('q-steps', 6)).toEqual(presentedOrder('q-steps', 6));
    const orders = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => presentedOrder(id, 6).join()));
    expect(orders.size).toBeGreaterThan(1);
  });
});
