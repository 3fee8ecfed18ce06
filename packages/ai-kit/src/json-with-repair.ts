import type { JsonValue, TokenUsage } from '@mirai/sdk-plugin';
import type { JsonCheck } from './json-checker.ts';
import { addUsage } from './token-usage.ts';

export interface ModelReply {
  text: string;
  usage: TokenUsage;
}

/** What the repair call shows the model: its previous reply and why it did not validate. */
export interface RepairRequest {
  previous: string;
  problems: string[];
}

export type ValidatedJson = { ok: true; value: JsonValue; usage: TokenUsage } | { ok: false; problems: string[]; usage: TokenUsage };

/**
 * Asks `call` for JSON, and once more with the problems when the first reply does not validate
 * (one repair is what the SDK's providers promise; more rarely helps and doubles the cost).
 * The usage covers both calls.
 */
export async function jsonWithOneRepair(
  check: (text: string) => JsonCheck,
  call: (repair?: RepairRequest) => Promise<ModelReply>,
  onRepair?: (problems: string[]) => void,
): Promise<ValidatedJson> {
  const first = await call();
  const firstCheck = check(first.text);
  if (firstCheck.ok) return { ok: true, value: firstCheck.value, usage: first.usage };
  onRepair?.(firstCheck.problems);
  const second = await call({ previous: first.text, problems: firstCheck.problems });
  const usage = addUsage(first.usage, second.usage);
  const secondCheck = check(second.text);
  return secondCheck.ok ? { ok: true, value: secondCheck.value, usage } : { ok: false, problems: secondCheck.problems, usage };
}
