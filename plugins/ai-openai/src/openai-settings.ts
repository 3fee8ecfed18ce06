import { type JsonObject, type JsonSchema, PluginError } from '@mirai/sdk-plugin';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_MODEL = 'gpt-4o-mini';
export const DEFAULT_MAX_RETRIES = 3;

/** How the endpoint takes structured output: a JSON Schema (`json_schema`) or only "some JSON" (`json_object`). */
export const STRUCTURED_OUTPUT_MODES = ['json_schema', 'json_object'] as const;
export type StructuredOutputMode = (typeof STRUCTURED_OUTPUT_MODES)[number];

/** Where the key goes: OpenAI and most servers read `Authorization: Bearer`, Azure OpenAI reads `api-key`. */
export const API_KEY_HEADERS = ['authorization', 'api-key'] as const;
export type ApiKeyHeader = (typeof API_KEY_HEADERS)[number];

/** Per-tenant configuration. `apiKey` is a secret (`writeOnly`); local servers (Ollama, llama.cpp) need none. */
export const configSchema: JsonSchema = {
  type: 'object',
  title: 'OpenAI-compatible',
  properties: {
    baseUrl: {
      type: 'string',
      title: 'Base URL',
      description:
        'The API root that serves /chat/completions: https://api.openai.com/v1, https://openrouter.ai/api/v1, http://localhost:11434/v1 (Ollama), http://localhost:8080/v1 (llama.cpp), https://<resource>.openai.azure.com/openai/v1 (Azure).',
      format: 'uri',
      maxLength: 2000,
      default: DEFAULT_BASE_URL,
    },
    apiKey: { type: 'string', title: 'API key', description: 'Leave empty for local servers that need none.', maxLength: 4000, writeOnly: true },
    model: {
      type: 'string',
      title: 'Model',
      description: 'The model (or Azure deployment) used unless a request names another.',
      minLength: 1,
      maxLength: 200,
      default: DEFAULT_MODEL,
    },
    apiKeyHeader: { type: 'string', title: 'Key header', enum: API_KEY_HEADERS, default: 'authorization' },
    apiVersion: { type: 'string', title: 'API version', description: 'Sent as ?api-version= (older Azure OpenAI deployments).', maxLength: 40 },
    structuredOutput: {
      type: 'string',
      title: 'Structured output',
      description:
        'json_schema where the server supports it; json_object for servers with only a JSON mode (the reply is then validated and repaired once).',
      enum: STRUCTURED_OUTPUT_MODES,
      default: 'json_schema',
    },
    maxRetries: { type: 'integer', title: 'Retries', minimum: 0, maximum: 10, default: DEFAULT_MAX_RETRIES },
  },
  additionalProperties: false,
};

export interface OpenAiSettings {
  baseUrl: string;
  apiKey?: string;
  model: string;
  apiKeyHeader: ApiKeyHeader;
  apiVersion?: string;
  structuredOutput: StructuredOutputMode;
  maxRetries: number;
}

function bad(message: string): PluginError {
  return new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `ai-openai: ${message}`);
}

function optionalString(config: JsonObject, name: string): string | undefined {
  const value = config[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw bad(`\`${name}\` must be a string`);
  return value;
}

function oneOf<T extends string>(config: JsonObject, name: string, allowed: readonly T[], fallback: T): T {
  const value = optionalString(config, name);
  if (value === undefined) return fallback;
  const match = allowed.find((option) => option === value);
  if (match === undefined) throw bad(`\`${name}\` must be one of ${allowed.join(', ')}`);
  return match;
}

/** Reads a tenant's configuration defensively (the host validated it; defaults may be unapplied). */
export function readSettings(config: JsonObject): OpenAiSettings {
  const baseUrl = optionalString(config, 'baseUrl') ?? DEFAULT_BASE_URL;
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) throw bad('`baseUrl` must be an absolute http(s) URL');
  const retries = config.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0 || retries > 10)
    throw bad('`maxRetries` must be an integer from 0 to 10');
  const settings: OpenAiSettings = {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    model: optionalString(config, 'model') ?? DEFAULT_MODEL,
    apiKeyHeader: oneOf(config, 'apiKeyHeader', API_KEY_HEADERS, 'authorization'),
    structuredOutput: oneOf(config, 'structuredOutput', STRUCTURED_OUTPUT_MODES, 'json_schema'),
    maxRetries: retries,
  };
  const apiKey = optionalString(config, 'apiKey');
  if (apiKey !== undefined) settings.apiKey = apiKey;
  const apiVersion = optionalString(config, 'apiVersion');
  if (apiVersion !== undefined) settings.apiVersion = apiVersion;
  return settings;
}
