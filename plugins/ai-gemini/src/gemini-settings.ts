import { type JsonObject, type JsonSchema, PluginError } from '@mirai/sdk-plugin';

/** Models a tenant can choose; a request may still name any model the API key can use. */
export const GEMINI_MODELS = ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.5-flash-lite'] as const;

export const DEFAULT_MODEL = 'gemini-2.5-flash';
export const DEFAULT_THINKING_BUDGET = 1024;
export const DEFAULT_MAX_RETRIES = 3;

/** Per-tenant configuration of the plugin. `apiKey` is a secret (`writeOnly`). */
export const configSchema: JsonSchema = {
  type: 'object',
  title: 'Gemini',
  properties: {
    apiKey: {
      type: 'string',
      title: 'API key',
      description: 'A Gemini API key from Google AI Studio.',
      minLength: 1,
      writeOnly: true,
    },
    model: {
      type: 'string',
      title: 'Model',
      description: 'The model used unless a request names another.',
      enum: GEMINI_MODELS,
      default: DEFAULT_MODEL,
    },
    thinkingBudget: {
      type: 'integer',
      title: 'Thinking budget',
      description: 'Upper bound on reasoning tokens per call (0 turns thinking off where the model allows it).',
      minimum: 0,
      default: DEFAULT_THINKING_BUDGET,
    },
    maxRetries: {
      type: 'integer',
      title: 'Retries',
      description: 'How often a rate-limited (429), failed (5xx) or dropped call is retried, with exponential back-off.',
      minimum: 0,
      maximum: 10,
      default: DEFAULT_MAX_RETRIES,
    },
    baseUrl: {
      type: 'string',
      title: 'Base URL',
      description: "Optional endpoint to call instead of Google's, e.g. an egress proxy.",
      format: 'uri',
    },
  },
  required: ['apiKey'],
  additionalProperties: false,
};

/** A tenant's configuration with defaults applied. */
export interface GeminiSettings {
  apiKey: string;
  model: string;
  thinkingBudget: number;
  maxRetries: number;
  baseUrl?: string;
}

function optionalInteger(config: JsonObject, name: string, fallback: number): number {
  const value = config[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `ai-gemini: \`${name}\` must be a non-negative integer`);
  return value;
}

/** Reads a tenant's configuration defensively (the host validated it; defaults may be unapplied). */
export function readSettings(config: JsonObject): GeminiSettings {
  const { apiKey, model, baseUrl } = config;
  if (typeof apiKey !== 'string' || apiKey === '')
    throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', 'ai-gemini: no `apiKey` is configured for this tenant');
  if (model !== undefined && model !== null && (typeof model !== 'string' || model === ''))
    throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', 'ai-gemini: `model` must be a model name');
  if (baseUrl !== undefined && baseUrl !== null && (typeof baseUrl !== 'string' || !URL.canParse(baseUrl)))
    throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', 'ai-gemini: `baseUrl` must be an absolute URL');
  const settings: GeminiSettings = {
    apiKey,
    model: typeof model === 'string' ? model : DEFAULT_MODEL,
    thinkingBudget: optionalInteger(config, 'thinkingBudget', DEFAULT_THINKING_BUDGET),
    maxRetries: optionalInteger(config, 'maxRetries', DEFAULT_MAX_RETRIES),
  };
  if (typeof baseUrl === 'string') settings.baseUrl = baseUrl;
  return settings;
}
