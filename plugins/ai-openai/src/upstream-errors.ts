import type { RetryVerdict } from '@mirai/ai-kit';
import { isPluginError, PluginError } from '@mirai/sdk-plugin';

export interface UpstreamFailure extends RetryVerdict {
  /** What to throw once the failure is final. */
  error: PluginError;
  /** The upstream's own words, for the server log only: never copied into errors a tenant sees. */
  detail?: string;
}

/** An answer other than 2xx, before it is classified. */
export class HttpStatusError extends Error {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  constructor(status: number, headers: Headers, body: string) {
    super(`HTTP ${status}`);
    this.name = 'HttpStatusError';
    this.status = status;
    this.headers = headers;
    this.body = body;
  }
}

/** `retry-after-ms` (OpenAI) or `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const milliseconds = Number(headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.round(milliseconds);
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The error `code` or `type` of an OpenAI-style error body, when it is a plain token safe to show. */
function errorToken(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const error = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'error') : undefined;
    const token = typeof error === 'object' && error !== null ? (Reflect.get(error, 'code') ?? Reflect.get(error, 'type')) : undefined;
    return typeof token === 'string' && /^[a-z0-9_.-]{1,64}$/i.test(token) ? token : undefined;
  } catch {
    return undefined;
  }
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function isNetworkError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = Reflect.get(current, 'code');
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR'))) return true;
    // undici: `TypeError: fetch failed` (connect) and `TypeError: terminated` (body cut off).
    if (current instanceof TypeError && /fetch failed|terminated/i.test(current.message)) return true;
  }
  return false;
}

/** Classifies a failed call: whether to retry, and the PluginError to throw when final. */
export function classifyUpstreamError(error: unknown, model: string): UpstreamFailure {
  if (isPluginError(error)) return { retryable: false, error };
  if (error instanceof HttpStatusError) {
    const { status } = error;
    const token = errorToken(error.body);
    const said = `The OpenAI-compatible endpoint answered ${status}${token === undefined ? '' : ` (${token})`}`;
    const detail = error.body.slice(0, 2000);
    if (status === 429) {
      const failure: UpstreamFailure = {
        retryable: true,
        detail,
        error: new PluginError('MIRAI_ERR_PLUGIN_RATE_LIMITED', said, { transient: true }),
      };
      const wait = retryAfterMs(error.headers);
      if (wait !== undefined) failure.retryAfterMs = wait;
      return failure;
    }
    if (status >= 500 || status === 408)
      return { retryable: true, detail, error: new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', said, { transient: true }) };
    if (status === 401 || status === 403) return { retryable: false, detail, error: new PluginError('MIRAI_ERR_PLUGIN_UNAUTHORIZED', said) };
    if (status === 404) return { retryable: false, detail, error: new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `${said} (model "${model}")`) };
    return { retryable: false, detail, error: new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', said) };
  }
  const detail = error instanceof Error ? error.message : String(error);
  if (isNetworkError(error))
    return {
      retryable: true,
      detail,
      error: new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', 'Could not reach the OpenAI-compatible endpoint', { cause: error, transient: true }),
    };
  return {
    retryable: false,
    detail,
    error: new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', 'The call to the OpenAI-compatible endpoint failed', { cause: error }),
  };
}
