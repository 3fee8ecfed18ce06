import { withoutAnnotations } from '@mirai/ai-kit';
import type { JsonSchema, TextGenerationRequest, TokenUsage } from '@mirai/sdk-plugin';
import type { OpenAiSettings } from './openai-settings.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The Chat Completions usage object (OpenAI's names; Ollama, vLLM and llama.cpp send the same). */
export interface WireUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
}

export interface ChatOptions {
  /** The conversation instead of the request's single prompt (used for JSON repair). */
  messages?: ChatMessage[];
  json?: { name: string; schema: JsonSchema };
  stream?: boolean;
}

export function modelFor(request: TextGenerationRequest, settings: OpenAiSettings): string {
  return request.model ?? settings.model;
}

/** OpenAI limits `response_format.json_schema.name` to [a-zA-Z0-9_-]{1,64}. */
function schemaName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return cleaned === '' ? 'output' : cleaned;
}

export function chatMessages(request: TextGenerationRequest): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (request.system !== undefined) messages.push({ role: 'system', content: request.system });
  messages.push({ role: 'user', content: request.prompt });
  return messages;
}

/** The JSON body of a `POST {baseUrl}/chat/completions`. */
export function chatBody(request: TextGenerationRequest, settings: OpenAiSettings, options: ChatOptions = {}): Record<string, unknown> {
  const body: Record<string, unknown> = { model: modelFor(request, settings), messages: options.messages ?? chatMessages(request) };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  // `max_tokens` is the field every compatible server reads (OpenAI still accepts it for chat models).
  if (request.maxOutputTokens !== undefined) body.max_tokens = request.maxOutputTokens;
  if (options.stream === true) {
    body.stream = true;
    // Without this, OpenAI sends no usage on a stream; servers that do not know it ignore it.
    body.stream_options = { include_usage: true };
  }
  if (options.json !== undefined)
    body.response_format =
      settings.structuredOutput === 'json_schema'
        ? {
            type: 'json_schema',
            json_schema: { name: schemaName(options.json.name), schema: withoutAnnotations(options.json.schema), strict: false },
          }
        : { type: 'json_object' };
  return body;
}

export function chatUrl(settings: OpenAiSettings): string {
  const url = new URL(`${settings.baseUrl}/chat/completions`);
  if (settings.apiVersion !== undefined) url.searchParams.set('api-version', settings.apiVersion);
  return url.toString();
}

export function chatHeaders(settings: OpenAiSettings, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: stream ? 'text/event-stream' : 'application/json' };
  if (settings.apiKey !== undefined) {
    if (settings.apiKeyHeader === 'api-key') headers['api-key'] = settings.apiKey;
    else headers.authorization = `Bearer ${settings.apiKey}`;
  }
  return headers;
}

export function tokenUsage(usage: WireUsage | undefined | null): TokenUsage {
  const result: TokenUsage = { inputTokens: usage?.prompt_tokens ?? 0, outputTokens: usage?.completion_tokens ?? 0 };
  const reasoning = usage?.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number') result.thinkingTokens = reasoning;
  return result;
}
