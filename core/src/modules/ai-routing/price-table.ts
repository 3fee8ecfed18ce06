/**
 * What the operator pays per million tokens, by plugin and model (MIRAI_AI_PRICES), so usage can be
 * shown as cost. A key is `<plugin>/<model>`; `<plugin>/*` prices every other model of that plugin.
 *
 *   {"currency":"USD","models":{"ai-openai/gpt-4o-mini":{"input":0.15,"output":0.6},"ai-gemini/*":{"input":0.3,"output":2.5}}}
 */
export interface ModelPrice {
  /** Per million input (prompt) tokens. */
  input: number;
  /** Per million output tokens, reasoning tokens included. */
  output: number;
}

export interface PriceTable {
  currency: string;
  models: Record<string, ModelPrice>;
}

export const EMPTY_PRICE_TABLE: PriceTable = { currency: 'USD', models: {} };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isPrice = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Reads the table, or says what is wrong with it (the config loader turns that into a boot error). */
export function parsePriceTable(raw: string): PriceTable | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    return `is not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!isRecord(parsed) || !isRecord(parsed.models)) return 'must be an object with "models": {"<plugin>/<model>": {"input": n, "output": n}}';
  const currency = parsed.currency ?? 'USD';
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return '"currency" must be a three-letter ISO 4217 code such as USD';
  const models: Record<string, ModelPrice> = {};
  for (const [key, price] of Object.entries(parsed.models)) {
    if (!/^[a-z][a-z0-9-]*\/.+$/.test(key)) return `key "${key}" must be "<plugin>/<model>" or "<plugin>/*"`;
    if (!isRecord(price) || !isPrice(price.input) || !isPrice(price.output))
      return `"${key}" must have non-negative numbers "input" and "output" (per million tokens)`;
    models[key] = { input: price.input, output: price.output };
  }
  return { currency, models };
}

/** The price of one plugin's model: its own entry, else the plugin's `*` entry, else none. */
export function priceOf(table: PriceTable, plugin: string, model: string): ModelPrice | null {
  return table.models[`${plugin}/${model}`] ?? table.models[`${plugin}/*`] ?? null;
}

/** Cost of the tokens in the table's currency, or null when the model has no price. */
export function costOf(table: PriceTable, plugin: string, model: string, inputTokens: number, outputTokens: number): number | null {
  const price = priceOf(table, plugin, model);
  if (price === null) return null;
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}
