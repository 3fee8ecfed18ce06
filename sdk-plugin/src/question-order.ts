/**
 * The order in which learners see an ordering question's items or a matching question's
 * right-hand sides. It derives from the question id alone, so core (which grades against it)
 * and every exported package show the same order without storing it, and it is never the
 * authored order (that order is the answer) when there are at least two entries.
 */
export function presentedOrder(questionId: string, length: number): number[] {
  let seed = 2166136261;
  for (const char of questionId) seed = Math.imul(seed ^ (char.codePointAt(0) ?? 0), 16777619) >>> 0;
  const next = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const order = Array.from({ length }, (_, i) => i);
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j] ?? j, order[i] ?? i];
  }
  // A shuffle that lands on the answer shows nothing to do; rotating by one never does.
  return order.every((value, i) => value === i) ? order.map((_, i) => (i + 1) % length) : order;
}
