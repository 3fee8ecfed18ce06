import { type GenerateContentResponseUsageMetadata, GoogleGenAI } from '@google/genai';
import {
  abortReason,
  type BackoffOptions,
  createJsonChecker,
  DEFAULT_BACKOFF,
  jsonWithOneRepair,
  streamWithRetries,
  textStreamEvents,
  withRetries,
} from '@mirai/ai-kit';
import {
  type AiProvider,
  type JsonGenerationResult,
  type JsonObject,
  PluginError,
  type PluginLogger,
  type TenantContext,
  type TextGenerationRequest,
  type TextGenerationResult,
  type TextStreamEvent,
  type TokenUsage,
} from '@mirai/sdk-plugin';
import { assertNotBlocked, buildParameters, modelFor, type RequestExtras, responseText, tokenUsage } from './gemini-request.ts';
import { type GeminiSettings, readSettings } from './gemini-settings.ts';
import { repairConversation } from './json-output.ts';
import { classifyUpstreamError, describeUpstreamError } from './upstream-errors.ts';

export const PROVIDER_NAME = 'gemini';

/**
 * Pinned rather than left to the SDK: @google/genai 3.x defaults the Gemini API to `v1`
 * (and honours a GOOGLE_GENAI_API_VERSION environment variable); structured output with
 * `responseJsonSchema` and `thinkingConfig` are documented on `v1beta`.
 */
export const GEMINI_API_VERSION = 'v1beta';

export interface GeminiProviderOptions {
  logger?: PluginLogger;
  /** The host's guarded fetch (`context.egress.fetch`): every call goes through the egress guard. */
  fetch?: typeof globalThis.fetch;
  /** Back-off timing; tests shrink it. */
  backoff?: Partial<BackoffOptions>;
}

interface Generated {
  text: string;
  usage: TokenUsage;
}

function createClient(settings: GeminiSettings, fetch: typeof globalThis.fetch | undefined): GoogleGenAI {
  // A client is a few objects over the process-wide HTTP pool, so one per call keeps tenants apart.
  return new GoogleGenAI({
    apiKey: settings.apiKey,
    vertexai: false,
    apiVersion: GEMINI_API_VERSION,
    httpOptions: { ...(settings.baseUrl === undefined ? {} : { baseUrl: settings.baseUrl }), ...(fetch === undefined ? {} : { fetch }) },
  });
}

export function createGeminiProvider(options: GeminiProviderOptions = {}): AiProvider {
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const checkerFor = createJsonChecker();

  const logRetry = (model: string) => (info: { retry: number; delayMs: number; error: unknown }) =>
    options.logger?.warn('Gemini call failed; retrying', {
      model,
      retry: info.retry,
      delayMs: info.delayMs,
      error: describeUpstreamError(info.error),
    });

  const logFailure = (model: string) => (error: unknown) =>
    options.logger?.warn('Gemini call failed', { model, error: describeUpstreamError(error) });

  /** One generateContent call, with retries; failures come out as PluginErrors (or the abort reason). */
  async function generate(
    request: TextGenerationRequest,
    settings: GeminiSettings,
    signal: AbortSignal | undefined,
    extras: RequestExtras,
  ): Promise<Generated> {
    const model = modelFor(request, settings);
    const parameters = buildParameters(request, settings, signal === undefined ? extras : { ...extras, signal });
    const client = createClient(settings, options.fetch);
    try {
      const response = await withRetries(
        () => client.models.generateContent(parameters),
        (error) => classifyUpstreamError(error, model),
        {
          ...backoff,
          maxRetries: settings.maxRetries,
          ...(signal === undefined ? {} : { signal }),
          onRetry: logRetry(model),
          onGiveUp: logFailure(model),
        },
      );
      assertNotBlocked(response);
      return { text: responseText(response), usage: tokenUsage(response.usageMetadata) };
    } catch (error) {
      if (signal?.aborted === true) throw abortReason(signal);
      throw classifyUpstreamError(error, model).error;
    }
  }

  return {
    label: 'Gemini',

    async checkKey(tenant) {
      // A few output tokens, without retries: whoever saved the key is waiting.
      try {
        const settings = { ...readSettings(tenant.config), maxRetries: 0 };
        await generate({ prompt: 'Reply with OK.', maxOutputTokens: 8 }, settings, tenant.signal, {});
        return { ok: true, message: `Gemini answered with model ${settings.model}` };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    },

    async generateText(request, tenant: TenantContext<JsonObject>): Promise<TextGenerationResult> {
      const settings = readSettings(tenant.config);
      const { text, usage } = await generate(request, settings, tenant.signal, {});
      return { text, provider: PROVIDER_NAME, model: modelFor(request, settings), usage };
    },

    async *streamText(request, tenant): AsyncGenerator<TextStreamEvent> {
      const settings = readSettings(tenant.config);
      const model = modelFor(request, settings);
      const client = createClient(settings, options.fetch);
      let usage: GenerateContentResponseUsageMetadata | undefined;
      const deltas = streamWithRetries(
        async function* (signal) {
          for await (const chunk of await client.models.generateContentStream(buildParameters(request, settings, { signal }))) {
            assertNotBlocked(chunk);
            if (chunk.usageMetadata !== undefined) usage = chunk.usageMetadata;
            yield responseText(chunk);
          }
        },
        (error) => classifyUpstreamError(error, model),
        {
          ...backoff,
          maxRetries: settings.maxRetries,
          ...(tenant.signal === undefined ? {} : { signal: tenant.signal }),
          onRetry: logRetry(model),
          onGiveUp: logFailure(model),
        },
      );
      yield* textStreamEvents(deltas, () => ({ provider: PROVIDER_NAME, model, usage: tokenUsage(usage) }));
    },

    async generateJson(request, tenant): Promise<JsonGenerationResult> {
      const settings = readSettings(tenant.config);
      const model = modelFor(request, settings);
      const check = checkerFor(request.schemaName, request.schema);
      const extras: RequestExtras = { jsonSchema: request.schema };

      const result = await jsonWithOneRepair(
        check,
        (repair) =>
          generate(
            request,
            settings,
            tenant.signal,
            repair === undefined
              ? extras
              : { ...extras, contents: repairConversation(request.prompt, repair.previous, repair.problems, request.schemaName) },
          ),
        (problems) =>
          options.logger?.warn('Gemini output did not validate; asking once for a repair', { model, schema: request.schemaName, problems }),
      );
      if (result.ok) return { value: result.value, provider: PROVIDER_NAME, model, usage: result.usage };
      throw new PluginError(
        'MIRAI_ERR_PLUGIN_UPSTREAM',
        `Gemini's output for schema "${request.schemaName}" did not validate, even after one repair attempt: ${result.problems.join('; ')}`,
        { transient: false },
      );
    },
  };
}
