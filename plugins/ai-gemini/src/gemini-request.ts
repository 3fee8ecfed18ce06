import type {
  Content,
  GenerateContentConfig,
  GenerateContentParameters,
  GenerateContentResponse,
  GenerateContentResponseUsageMetadata,
} from '@google/genai';
import { withoutAnnotations } from '@mirai/ai-kit';
import { type JsonSchema, PluginError, type TextGenerationRequest, type TokenUsage } from '@mirai/sdk-plugin';
import type { GeminiSettings } from './gemini-settings.ts';

export interface RequestExtras {
  /** The conversation to send instead of the request's single prompt (used for JSON repair). */
  contents?: Content[];
  /** Asks for JSON that validates against this schema (structured output). */
  jsonSchema?: JsonSchema;
  signal?: AbortSignal;
}

/** The model a request runs on: the request's own, else the tenant's. */
export function modelFor(request: TextGenerationRequest, settings: GeminiSettings): string {
  return request.model ?? settings.model;
}

/** Maps a Mirai request onto the SDK's generateContent parameters. */
export function buildParameters(request: TextGenerationRequest, settings: GeminiSettings, extras: RequestExtras = {}): GenerateContentParameters {
  const config: GenerateContentConfig = {
    thinkingConfig: { thinkingBudget: request.thinkingBudget ?? settings.thinkingBudget },
  };
  if (request.system !== undefined) config.systemInstruction = request.system;
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.maxOutputTokens !== undefined) config.maxOutputTokens = request.maxOutputTokens;
  if (extras.jsonSchema !== undefined) {
    config.responseMimeType = 'application/json';
    config.responseJsonSchema = withoutAnnotations(extras.jsonSchema);
  }
  if (extras.signal !== undefined) config.abortSignal = extras.signal;
  return {
    model: modelFor(request, settings),
    contents: extras.contents ?? [{ role: 'user', parts: [{ text: request.prompt }] }],
    config,
  };
}

/** Throws when Gemini refused the prompt outright (no candidates, a block reason). */
export function assertNotBlocked(response: GenerateContentResponse): void {
  const reason = response.promptFeedback?.blockReason;
  if (reason !== undefined)
    throw new PluginError(
      'MIRAI_ERR_PLUGIN_BAD_INPUT',
      `Gemini blocked the prompt (${reason})${response.promptFeedback?.blockReasonMessage === undefined ? '' : `: ${response.promptFeedback.blockReasonMessage}`}`,
    );
}

/** The answer's text: the first candidate's text parts, without thought summaries. */
export function responseText(response: GenerateContentResponse): string {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return parts.map((part) => (typeof part.text === 'string' && part.thought !== true ? part.text : '')).join('');
}

/** Gemini's usage metadata as Mirai token usage. */
export function tokenUsage(metadata: GenerateContentResponseUsageMetadata | undefined): TokenUsage {
  const usage: TokenUsage = { inputTokens: metadata?.promptTokenCount ?? 0, outputTokens: metadata?.candidatesTokenCount ?? 0 };
  if (metadata?.thoughtsTokenCount !== undefined) usage.thinkingTokens = metadata.thoughtsTokenCount;
  return usage;
}
