import { readFileSync } from 'node:fs';
import { type AllowRule, type Capability, isCapability, type JsonObject, parseEgressAllowList } from '@mirai/sdk-plugin';
import { MiraiError } from '../errors/mirai-error.ts';
import { EMPTY_PRICE_TABLE, type PriceTable, parsePriceTable } from '../modules/ai-routing/price-table.ts';

/**
 * The parsers of the configuration table (config-variables.ts): each turns one variable's text into
 * its value or throws MIRAI_ERR_CONFIG_INVALID naming the variable. A variable with a default is
 * parsed from text (`raw: string`); one without gets `undefined` when unset.
 */
export type Parser<T> = (raw: string, name: string) => T;
export type OptionalParser<T> = (raw: string | undefined, name: string) => T;

export function invalid(name: string, why: string): MiraiError {
  return new MiraiError('MIRAI_ERR_CONFIG_INVALID', `${name} ${why}`, { extensions: { variable: name } });
}

/** Unset stays undefined; a set value goes through the parser. */
export function optional<T>(parse: Parser<T>): OptionalParser<T | undefined> {
  return (raw, name) => (raw === undefined ? undefined : parse(raw, name));
}

export const text: Parser<string> = (raw) => raw;

/** Only the exact text `true` switches it on. */
export const flag: Parser<boolean> = (raw) => raw === 'true';

export function integer(min: number, max: number): Parser<number> {
  return (raw, name) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw invalid(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
    return value;
  };
}

export function url(protocols: readonly string[]): Parser<string> {
  return (raw, name) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw invalid(name, 'is not a valid URL');
    }
    if (!protocols.includes(parsed.protocol)) throw invalid(name, `must use ${protocols.join(' or ')}`);
    return raw;
  };
}

/** Trimmed, non-empty items; unset is the empty list. */
export function list(separator: string): OptionalParser<string[]> {
  return (raw) =>
    raw === undefined
      ? []
      : raw
          .split(separator)
          .map((item) => item.trim())
          .filter((item) => item !== '');
}

/** `<key>=<value>` pairs separated by commas; unset is the empty map. Values are label-safe words. */
export const labelMap: OptionalParser<Map<string, string>> = (raw, name) => {
  const map = new Map<string, string>();
  for (const pair of list(',')(raw, name)) {
    const [key, value, extra] = pair.split('=').map((part) => part.trim());
    if (key === undefined || key === '' || value === undefined || extra !== undefined || !/^[a-z][a-z0-9_-]{0,31}$/.test(value))
      throw invalid(name, `must be <id>=<class> pairs with lower-case classes (letters, digits, _ and -), got "${pair}"`);
    map.set(key, value);
  }
  return map;
};

/** One of the given words. */
/** `host:port,host:port` (e.g. Redis sentinels); IPv6 hosts in brackets. */
export const hostPorts: OptionalParser<Array<{ host: string; port: number }>> = (raw, name) => {
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(item);
      const port = Number(match?.[2]);
      if (match?.[1] === undefined || !(port > 0 && port < 65536))
        throw invalid(name, `must be host:port pairs separated by commas; ${item} is not one`);
      return { host: match[1].replace(/^\[|\]$/g, ''), port };
    });
};

export function oneOf<const T extends string>(words: readonly T[], why: string): Parser<T> {
  const isWord = (raw: string): raw is T => words.some((word) => word === raw);
  return (raw, name) => {
    if (!isWord(raw)) throw invalid(name, why);
    return raw;
  };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const logLevel: Parser<LogLevel> = oneOf(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(', ')}`);

export const queueBackend = optional(oneOf(['embedded', 'redis', 'postgres'], 'must be embedded, redis or postgres'));

export const secretKey: Parser<Buffer> = (raw, name) => {
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32) throw invalid(name, 'must be the base64 encoding of exactly 32 bytes (openssl rand -base64 32)');
  return key;
};

/** The key the plugin runtime and its callers share: long enough that guessing it is hopeless. */
export const runtimeToken: Parser<string> = (raw, name) => {
  if (raw.length < 32) throw invalid(name, 'must be at least 32 characters (openssl rand -base64 32)');
  return raw;
};

export const aiPrices: OptionalParser<PriceTable> = (raw, name) => {
  if (raw === undefined) return EMPTY_PRICE_TABLE;
  const table = parsePriceTable(raw);
  if (typeof table === 'string') throw invalid(name, table);
  return table;
};

export const egressAllow: OptionalParser<AllowRule[]> = (raw, name) => {
  try {
    return parseEgressAllowList(raw ?? '');
  } catch (error) {
    throw invalid(name, `is not a list of hosts, host:port or CIDRs (${error instanceof Error ? error.message : String(error)})`);
  }
};

const isJsonObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const isSettingsByPlugin = (value: unknown): value is Record<string, JsonObject> => isJsonObject(value) && Object.values(value).every(isJsonObject);

/** The variable names a JSON file of operator settings per plugin, read once here. */
export const pluginSettingsFile: OptionalParser<Record<string, JsonObject>> = (file, name) => {
  if (file === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw invalid(name, `could not be read as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isSettingsByPlugin(parsed)) throw invalid(name, 'must hold an object of plugin name → settings object');
  return parsed;
};

export const MAX_CALL_TIMEOUT_MS = 24 * 3_600_000;

/** Per-capability call time limits, `exporter=1800000,auth=5000`; capabilities not named keep the general limit. */
export const callTimeoutOverrides: OptionalParser<Partial<Record<Capability, number>>> = (raw, name) => {
  const overrides: Partial<Record<Capability, number>> = {};
  for (const entry of list(',')(raw, name)) {
    const [capability = '', rawValue = ''] = entry.split('=').map((part) => part.trim());
    const value = Number(rawValue);
    if (!isCapability(capability) || !Number.isInteger(value) || value < 10 || value > MAX_CALL_TIMEOUT_MS)
      throw invalid(name, `must list capability=milliseconds pairs (10 to ${MAX_CALL_TIMEOUT_MS}), got "${entry}"`);
    overrides[capability] = value;
  }
  return overrides;
};
