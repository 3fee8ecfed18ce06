export { createJsonChecker, type JsonCheck, repairInstruction, withoutAnnotations } from './json-checker.ts';
export { jsonWithOneRepair, type ModelReply, type RepairRequest, type ValidatedJson } from './json-with-repair.ts';
export {
  abortReason,
  type BackoffOptions,
  DEFAULT_BACKOFF,
  type RetryOptions,
  type RetryVerdict,
  retryDelay,
  sleep,
  withRetries,
} from './retry-policy.ts';
export { streamWithRetries, textStreamEvents } from './retrying-stream.ts';
export { addUsage } from './token-usage.ts';
