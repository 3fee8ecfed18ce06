import {
  abortReason,
  type BackoffOptions,
  createJsonChecker,
  DEFAULT_BACKOFF,
  jsonWithOneRepair,
  repairInstruction,
  streamWithRetries,
  textStreamEvents,
  withRetries,
} from '@mirai/ai-kit';
import {
  type AiProvider,
  type JsonGenerationResult,
  PluginError,
  type PluginLogger,
  type TextGenerationRequest,
  type TextStreamEvent,
  type TokenUsage,
} from '@mirai/sdk-plugin';
import {
  type ChatMessage,
  type ChatOptions,
  chatBody,
  chatHeaders,
  chatMessages,
  chatUrl,
  modelFor,
  tokenUsage,
  type WireUsage,
} from './chat-request.ts';
import { type OpenAiSettings, readSettings } from './openai-settings.ts';
import { sseData } from './sse-events.ts';
import { classifyUpstreamError, HttpStatusError } from './upstream-errors.ts';

export const PROVIDER_NAME = 'openai-compatible';

export interface OpenAiProviderOptions {
  logger?: PluginLogger;
  /** Back-off timing; tests shrink it. */
  backoff?: Partial<BackoffOptions>;
  /** The host's guarded fetch (`context.egress.fetch`): every call goes through the egress guard. */
  fetch?: typeof fetch;
}

interface ChatCompletion {
  choices?: Array<{ message?: { content?: string | null; refusal?: string | null }; delta?: { content?: string | null } }>;
  usage?: WireUsage | null;
}

interface Generated {
  text: string;
  usage: TokenUsage;
}

function parseCompletion(text: string): ChatCompletion {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) return parsed as ChatCompletion;
  } catch {
    // reported below
  }
  throw new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', 'The OpenAI-compatible endpoint sent a reply that is not a chat completion', {
    transient: true,
  });
}

export function createOpenAiProvider(options: OpenAiProviderOptions = {}): AiProvider {
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const checkerFor = createJsonChecker();
  const http = options.fetch ?? fetch;

  /** Classifies a failure and logs the upstream's own words, which only the server log may see. */
  const classifyAndLog = (model: string) => (error: unknown) => {
    const failure = classifyUpstreamError(error, model);
    options.logger?.warn('OpenAI-compatible call failed', {
      model,
      code: failure.error.code,
      retryable: failure.retryable,
      upstream: failure.detail,
    });
    return failure;
  };

  /** One POST to /chat/completions; a non-2xx answer becomes an HttpStatusError. */
  async function post(settings: OpenAiSettings, body: Record<string, unknown>, signal: AbortSignal | undefined): Promise<Response> {
    const init: RequestInit = { method: 'POST', headers: chatHeaders(settings, body.stream === true), body: JSON.stringify(body) };
    if (signal !== undefined) init.signal = signal;
    const response = await http(chatUrl(settings), init);
    if (!response.ok) throw new HttpStatusError(response.status, response.headers, await response.text().catch(() => ''));
    return response;
  }

  async function complete(
    request: TextGenerationRequest,
    settings: OpenAiSettings,
    signal: AbortSignal | undefined,
    chat: ChatOptions,
  ): Promise<Generated> {
    const model = modelFor(request, settings);
    const body = chatBody(request, settings, chat);
    try {
      const completion = await withRetries(async () => parseCompletion(await (await post(settings, body, signal)).text()), classifyAndLog(model), {
        ...backoff,
        maxRetries: settings.maxRetries,
        ...(signal === undefined ? {} : { signal }),
      });
      const message = completion.choices?.[0]?.message;
      if (typeof message?.refusal === 'string' && message.refusal !== '')
        throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', 'The model refused the request');
      return { text: message?.content ?? '', usage: tokenUsage(completion.usage) };
    } catch (error) {
      if (signal?.aborted === true) throw abortReason(signal);
      throw classifyUpstreamError(error, model).error;
    }
  }

  return {
    label: 'OpenAI-compatible',

    async checkKey(tenant) {
      // One completion of at most one token, without retries: whoever saved the key is waiting.
      try {
        const settings = { ...readSettings(tenant.config), maxRetries: 0 };
        await complete({ prompt: 'Reply with OK.', maxOutputTokens: 1 }, settings, tenant.signal, {});
        return { ok: true, message: `${settings.baseUrl} answered with model ${settings.model}` };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    },

    async generateText(request, tenant) {
      const settings = readSettings(tenant.config);
      const { text, usage } = await complete(request, settings, tenant.signal, {});
      return { text, provider: PROVIDER_NAME, model: modelFor(request, settings), usage };
    },

    async *streamText(request, tenant): AsyncGenerator<TextStreamEvent> {
      const settings = readSettings(tenant.config);
      const model = modelFor(request, settings);
      const body = chatBody(request, settings, { stream: true });
      let usage: WireUsage | null | undefined;
      const deltas = streamWithRetries(
        async function* (signal) {
          const response = await post(settings, body, signal);
          if (response.body === null) throw new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', 'The streamed reply had no body', { transient: true });
          for await (const data of sseData(response.body)) {
            const chunk = parseCompletion(data);
            if (chunk.usage !== undefined && chunk.usage !== null) usage = chunk.usage;
            yield chunk.choices?.[0]?.delta?.content ?? '';
          }
        },
        classifyAndLog(model),
        { ...backoff, maxRetries: settings.maxRetries, ...(tenant.signal === undefined ? {} : { signal: tenant.signal }) },
      );
      yield* textStreamEvents(deltas, () => ({ provider: PROVIDER_NAME, model, usage: tokenUsage(usage) }));
    },

    async generateJson(request, tenant): Promise<JsonGenerationResult> {
      const settings = readSettings(tenant.config);
      const model = modelFor(request, settings);
      const check = checkerFor(request.schemaName, request.schema);
      const json = { name: request.schemaName, schema: request.schema };
      // JSON mode alone does not tell the model the shape, so the schema then rides in the prompt.
      const shaped: TextGenerationRequest =
        settings.structuredOutput === 'json_object'
          ? {
              ...request,
              prompt: `${request.prompt}\n\nReply with only a JSON value that validates against this JSON Schema:\n${JSON.stringify(request.schema)}`,
            }
          : request;

      const result = await jsonWithOneRepair(
        check,
        (repair) => {
          if (repair === undefined) return complete(shaped, settings, tenant.signal, { json });
          const messages: ChatMessage[] = [
            ...chatMessages(shaped),
            { role: 'assistant', content: repair.previous === '' ? '(empty reply)' : repair.previous },
            { role: 'user', content: repairInstruction(repair.problems, request.schemaName) },
          ];
          return complete(shaped, settings, tenant.signal, { json, messages });
        },
        (problems) =>
          options.logger?.warn('Model output did not validate; asking once for a repair', { model, schema: request.schemaName, problems }),
      );
      if (result.ok) return { value: result.value, provider: PROVIDER_NAME, model, usage: result.usage };
      throw new PluginError(
        'MIRAI_ERR_PLUGIN_UPSTREAM',
        `The model's output for schema "${request.schemaName}" did not validate, even after one repair attempt: ${result.problems.join('; ')}`,
      );
    },
  };
}
