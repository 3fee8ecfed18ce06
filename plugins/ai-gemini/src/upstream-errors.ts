import { ApiError } from '@google/genai';
import type { RetryVerdict } from '@mirai/ai-kit';
import { isPluginError, PluginError } from '@mirai/sdk-plugin';

export interface UpstreamFailure extends RetryVerdict {
  /** What to throw once the failure is final. */
  error: PluginError;
}

/** The parts of Google's error body (`google.rpc.Status`) this plugin reads. */
interface GoogleErrorBody {
  message?: string;
  status?: string;
  details?: Array<{ '@type'?: string; retryDelay?: string; reason?: string }>;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function isApiError(error: unknown): error is Error & { status: number } {
  return error instanceof ApiError || (error instanceof Error && error.name === 'ApiError' && typeof Reflect.get(error, 'status') === 'number');
}

/**
 * The SDK's ApiError carries only a status and a message: the JSON error body, verbatim
 * (or prefixed with `got status: …` when the error arrived inside a stream). Response headers
 * such as Retry-After are not exposed, so the retry delay comes from the body's RetryInfo.
 */
function parseErrorBody(message: string): GoogleErrorBody {
  const start = message.indexOf('{');
  if (start === -1) return {};
  try {
    const parsed: unknown = JSON.parse(message.slice(start));
    const error = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'error') : undefined;
    return typeof error === 'object' && error !== null ? (error as GoogleErrorBody) : {};
  } catch {
    return {};
  }
}

/** `"1.5s"` (protobuf Duration JSON) to milliseconds. */
function parseDuration(value: string | undefined): number | undefined {
  const match = value === undefined ? null : /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match?.[1] === undefined ? undefined : Math.round(Number(match[1]) * 1000);
}

function isNetworkError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = Reflect.get(current, 'code');
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR'))) return true;
    // undici: `TypeError: fetch failed` (connect) and `TypeError: terminated` (body cut off).
    if (current instanceof TypeError && /fetch failed|terminated/i.test(current.message)) return true;
    // The SDK's SSE reader, when the connection closes inside an event.
    if (/Incomplete JSON segment/i.test(current.message)) return true;
  }
  return false;
}

/** Classifies an error from the SDK: whether to retry, and the PluginError to throw when final. */
export function classifyUpstreamError(error: unknown, model: string): UpstreamFailure {
  if (isPluginError(error)) return { retryable: false, error };
  if (isApiError(error)) {
    const status = error.status;
    const body = parseErrorBody(error.message);
    // The status names only: the body's text may be anything the endpoint sent (the endpoint is
    // tenant-configurable), so it goes to the server log (see `describeUpstreamError`), never to users.
    const said = `Gemini answered ${status}${body.status !== undefined && /^[A-Z_]{1,64}$/.test(body.status) ? ` ${body.status}` : ''}`;
    const options = { cause: error };
    if (status === 429) {
      const retryAfterMs = parseDuration(body.details?.find((d) => d.retryDelay !== undefined)?.retryDelay);
      const failure: UpstreamFailure = {
        retryable: true,
        error: new PluginError('MIRAI_ERR_PLUGIN_RATE_LIMITED', said, { ...options, transient: true }),
      };
      if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
      return failure;
    }
    if (status >= 500) return { retryable: true, error: new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', said, { ...options, transient: true }) };
    // Gemini reports a wrong API key as 400 INVALID_ARGUMENT with reason API_KEY_INVALID.
    const badKey = body.details?.some((d) => d.reason === 'API_KEY_INVALID') === true;
    if (status === 401 || status === 403 || badKey)
      return { retryable: false, error: new PluginError('MIRAI_ERR_PLUGIN_UNAUTHORIZED', said, options) };
    if (status === 404) return { retryable: false, error: new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `${said} (model "${model}")`, options) };
    return { retryable: false, error: new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', said, options) };
  }
  if (isNetworkError(error))
    return { retryable: true, error: new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', 'Could not reach Gemini', { cause: error, transient: true }) };
  // E.g. a JSON parse error quoting what the endpoint answered: not for users.
  return { retryable: false, error: new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', 'Gemini gave an answer that could not be read', { cause: error }) };
}

/** The full text of an upstream failure, for the server log only (it may quote the endpoint's answer). */
export function describeUpstreamError(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 5; depth++) {
    parts.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(' <- ').slice(0, 4_000);
}
