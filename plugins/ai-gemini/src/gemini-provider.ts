import { type GenerateContentResponseUsageMetadata, GoogleGenAI } from '@google/genai';
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
import { type GeminiSettings, readSettings } from './config-schema.ts';
import { addUsage, assertNotBlocked, buildParameters, modelFor, type RequestExtras, responseText, tokenUsage } from './gemini-request.ts';
import { createJsonChecker, repairConversation } from './json-output.ts';
import { abortReason, type BackoffOptions, DEFAULT_BACKOFF, retryDelay, sleep, withRetries } from './retry-policy.ts';
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
        },
      );
      assertNotBlocked(response);
      return { text: responseText(response), usage: tokenUsage(response.usageMetadata) };
    } catch (error) {
      if (signal?.aborted === true) throw abortReason(signal);
      options.logger?.warn('Gemini call failed', { model, error: describeUpstreamError(error) });
      throw classifyUpstreamError(error, model).error;
    }
  }

  return {
    label: 'Gemini',

    async generateText(request, tenant: TenantContext<JsonObject>): Promise<TextGenerationResult> {
      const settings = readSettings(tenant.config);
      const { text, usage } = await generate(request, settings, tenant.signal, {});
      return { text, provider: PROVIDER_NAME, model: modelFor(request, settings), usage };
    },

    async *streamText(request, tenant): AsyncGenerator<TextStreamEvent> {
      const settings = readSettings(tenant.config);
      const model = modelFor(request, settings);
      // Aborted when this generator ends for any reason, so a consumer that stops early also ends the HTTP stream.
      const local = new AbortController();
      const signal = tenant.signal === undefined ? local.signal : AbortSignal.any([tenant.signal, local.signal]);
      const parameters = buildParameters(request, settings, { signal });
      const client = createClient(settings, options.fetch);
      let text = '';
      let usage: GenerateContentResponseUsageMetadata | undefined;
      try {
        for (let retry = 0; ; retry++) {
          let yielded = false;
          try {
            const stream = await client.models.generateContentStream(parameters);
            for await (const chunk of stream) {
              if (signal.aborted) throw abortReason(signal);
              assertNotBlocked(chunk);
              if (chunk.usageMetadata !== undefined) usage = chunk.usageMetadata;
              const delta = responseText(chunk);
              if (delta === '') continue;
              text += delta;
              yielded = true;
              yield { type: 'delta', text: delta };
            }
            break;
          } catch (error) {
            if (tenant.signal?.aborted === true) throw abortReason(tenant.signal);
            const failure = classifyUpstreamError(error, model);
            // Once text went out a retry would repeat it, so a failure mid-stream is final.
            const delayMs = yielded ? null : retryDelay(retry, failure, settings.maxRetries, backoff);
            if (delayMs === null) {
              options.logger?.warn('Gemini call failed', { model, error: describeUpstreamError(error) });
              throw failure.error;
            }
            logRetry(model)({ retry: retry + 1, delayMs, error });
            await sleep(delayMs, tenant.signal);
          }
        }
        yield { type: 'done', text, provider: PROVIDER_NAME, model, usage: tokenUsage(usage) };
      } finally {
        local.abort();
      }
    },

    async generateJson(request, tenant): Promise<JsonGenerationResult> {
      const settings = readSettings(tenant.config);
      const model = modelFor(request, settings);
      const check = checkerFor(request.schemaName, request.schema);
      const extras: RequestExtras = { jsonSchema: request.schema };

      const first = await generate(request, settings, tenant.signal, extras);
      const firstCheck = check(first.text);
      if (firstCheck.ok) return { value: firstCheck.value, provider: PROVIDER_NAME, model, usage: first.usage };

      options.logger?.warn('Gemini output did not validate; asking once for a repair', {
        model,
        schema: request.schemaName,
        problems: firstCheck.problems,
      });
      const contents = repairConversation(request.prompt, first.text, firstCheck.problems, request.schemaName);
      const second = await generate(request, settings, tenant.signal, { ...extras, contents });
      const usage = addUsage(first.usage, second.usage);
      const secondCheck = check(second.text);
      if (secondCheck.ok) return { value: secondCheck.value, provider: PROVIDER_NAME, model, usage };

      throw new PluginError(
        'MIRAI_ERR_PLUGIN_UPSTREAM',
        `Gemini's output for schema "${request.schemaName}" did not validate, even after one repair attempt: ${secondCheck.problems.join('; ')}`,
        { transient: false },
      );
    },
  };
}
