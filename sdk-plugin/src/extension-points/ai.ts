import type { JsonObject, JsonSchema, JsonValue } from '../json-schema.ts';
import type { GenerationTask } from './generation-task.ts';
import type { TenantContext } from './tenant-context.ts';

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** Tokens spent on reasoning, where the model reports them. */
  thinkingTokens?: number;
}

export interface TextGenerationRequest {
  /** Instructions that frame the task (persona, grounding rules). */
  system?: string;
  prompt: string;
  /** Overrides the tenant's configured model. */
  model?: string;
  temperature?: number;
  maxOutputTokens?: number;
  /** Upper bound on reasoning tokens; 0 disables thinking where the model allows it. */
  thinkingBudget?: number;
  /** Identifies the prompt template and version, for provenance, e.g. `lesson@v1`. */
  promptId?: string;
  /** The same request in structured form (see GenerationTask). */
  task?: GenerationTask;
}

export interface JsonGenerationRequest extends TextGenerationRequest {
  schemaName: string;
  schema: JsonSchema;
}

export interface GenerationMeta {
  provider: string;
  model: string;
  usage: TokenUsage;
}

export interface TextGenerationResult extends GenerationMeta {
  text: string;
}

export interface JsonGenerationResult extends GenerationMeta {
  /** Guaranteed by the provider to validate against the request's schema. */
  value: JsonValue;
}

/** What one cheap test call with an organisation's settings (its key, endpoint, model) showed. */
export interface KeyCheckResult {
  ok: boolean;
  /** For the person who saved the settings, e.g. "The endpoint answered with gpt-4o-mini" or the upstream's reason. */
  message: string;
}

export type TextStreamEvent = { type: 'delta'; text: string } | ({ type: 'done'; text: string } & GenerationMeta);

/**
 * Providers honour `tenant.signal`: an aborted call stops streaming promptly and rejects.
 */
export interface AiProvider<Config extends JsonObject = JsonObject> {
  /** Human-facing label, e.g. "Gemini" or "Offline (extractive, no model)". */
  readonly label: string;
  /**
   * `false` for a provider that spends nothing per call (no model, no paid API, e.g. ai-offline):
   * its calls never count against an organisation's AI allowance or token cap. Default: metered.
   */
  readonly metered?: boolean;
  /**
   * `false` for a provider that assembles its output from the sources without a language model
   * (ai-offline): the app tells authors so, and how to connect a model. Default: uses a model.
   */
  readonly usesModel?: boolean;
  /**
   * For providers that can follow only some rewrite instructions (no model): why `instruction`
   * cannot be followed, or null when it can. The host refuses such a rewrite before starting it.
   * Providers with a model leave this out.
   */
  refuseInstruction?(instruction: string): string | null;
  /**
   * For providers that can follow only some rewrite instructions: what they can do, in a few words
   * each (e.g. "shorter", "as a list"), so the host can tell authors before they ask.
   */
  readonly instructionsFollowed?: readonly string[];
  /**
   * One cheap call with the tenant's settings (e.g. a one-token completion) to tell whoever just
   * saved a key whether it works. Resolves with the outcome; an unreachable endpoint is `ok: false`,
   * not a rejection. The host calls it once when the key or endpoint changes, after saving.
   */
  checkKey?(tenant: TenantContext<Config>): Promise<KeyCheckResult>;
  generateText(request: TextGenerationRequest, tenant: TenantContext<Config>): Promise<TextGenerationResult>;
  /** Yields deltas as they arrive and exactly one final `done` event. */
  streamText(request: TextGenerationRequest, tenant: TenantContext<Config>): AsyncIterable<TextStreamEvent>;
  generateJson(request: JsonGenerationRequest, tenant: TenantContext<Config>): Promise<JsonGenerationResult>;
}
