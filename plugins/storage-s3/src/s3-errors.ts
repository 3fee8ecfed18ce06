import { isPluginError, PluginError } from '@mirai/sdk-plugin';

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket']);
const UNAUTHORIZED = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidToken', 'ExpiredToken']);
const RATE_LIMITED = new Set(['SlowDown', 'TooManyRequests', 'RequestLimitExceeded']);
const BAD_INPUT_NAMES = new Set(['InvalidBucketNameError', 'InvalidObjectNameError', 'InvalidEndpointError', 'InvalidArgumentError']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', 'UND_ERR_SOCKET']);

const codeOf = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;

/** An S3 "no such key/bucket" answer (GET's NoSuchKey, HEAD's bodiless 404 NotFound). */
export function isNotFound(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && NOT_FOUND.has(code);
}

/** The PluginError for a failed S3 call, naming what was being done. */
export function toPluginError(error: unknown, action: string): PluginError {
  if (isPluginError(error)) return error;
  const code = codeOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  const message = `storage-s3 could not ${action}: ${detail}`;
  if (code !== undefined && UNAUTHORIZED.has(code)) return new PluginError('MIRAI_ERR_PLUGIN_UNAUTHORIZED', message, { cause: error });
  if (code !== undefined && NOT_FOUND.has(code)) return new PluginError('MIRAI_ERR_PLUGIN_NOT_FOUND', message, { cause: error });
  if (code !== undefined && RATE_LIMITED.has(code))
    return new PluginError('MIRAI_ERR_PLUGIN_RATE_LIMITED', message, { cause: error, transient: true });
  if (error instanceof Error && BAD_INPUT_NAMES.has(error.name)) return new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', message, { cause: error });
  const transient = code === undefined || NETWORK.has(code) || code === 'InternalError' || code === 'ServiceUnavailable';
  return new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', message, { cause: error, transient });
}
