import type { TokenUsage } from '@mirai/sdk-plugin';

/** The usage of two calls made for one result (e.g. an answer and its repair). */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const sum: TokenUsage = { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens };
  if (a.thinkingTokens !== undefined || b.thinkingTokens !== undefined) sum.thinkingTokens = (a.thinkingTokens ?? 0) + (b.thinkingTokens ?? 0);
  return sum;
}
