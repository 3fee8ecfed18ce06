import { isPluginError, PLUGIN_ERROR_CODES } from '@mirai/sdk-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { TEXT_PATTERN } from '../http/common.schemas.ts';
import type { ErrorCode } from './error-catalogue.ts';
import { type FieldError, MiraiError } from './mirai-error.ts';
import { userFacingMessage } from './plugin-failure-message.ts';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://mirai.dev/errors/';

export function toProblem(error: MiraiError, instance: string): ProblemDetails {
  return {
    ...error.extensions,
    type: `${TYPE_BASE}${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    code: error.code,
    instance,
    ...(error.fieldErrors.length > 0 ? { errors: error.fieldErrors } : {}),
  };
}

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function validationFieldErrors(error: FastifyError): FieldError[] {
  const issues = (error.validation ?? []) as ValidationIssue[];
  const context = error.validationContext ?? 'body';
  return issues.map((issue) => {
    const missing = issue.params?.missingProperty;
    const extra = issue.params?.additionalProperty;
    const path = `${issue.instancePath ?? ''}${typeof missing === 'string' ? `/${missing}` : typeof extra === 'string' ? `/${extra}` : ''}`;
    const message = issue.params?.pattern === TEXT_PATTERN ? 'must be text without U+0000 or unpaired surrogates' : (issue.message ?? 'is not valid');
    return { field: `/${context}${path}`, message };
  });
}

/** Converts anything thrown in a request to a MiraiError without leaking internals. */
export function normalizeError(error: unknown): MiraiError {
  if (error instanceof MiraiError) return error;
  if (isPluginError(error)) {
    const { status } = PLUGIN_ERROR_CODES[error.code];
    const code: ErrorCode = status === 400 ? 'MIRAI_ERR_REQUEST_VALIDATION' : 'MIRAI_ERR_PLUGIN_CALL_FAILED';
    return new MiraiError(code, userFacingMessage(error), { cause: error, extensions: { pluginCode: error.code } });
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation !== undefined) {
    const fieldErrors = validationFieldErrors(fastifyError as FastifyError);
    const first = fieldErrors[0];
    const detail = first === undefined ? 'The request is not valid' : `${first.field} ${first.message}`;
    return new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', detail, { fieldErrors });
  }
  if (fastifyError.statusCode === 413) return new MiraiError('MIRAI_ERR_REQUEST_TOO_LARGE');
  if (fastifyError.statusCode === 429) return new MiraiError('MIRAI_ERR_REQUEST_RATE_LIMITED', fastifyError.message);
  if (fastifyError.statusCode === 415 || fastifyError.statusCode === 400)
    return new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', fastifyError.message ?? 'The request is not valid');
  return new MiraiError('MIRAI_ERR_SERVER_INTERNAL', 'An unexpected error occurred; the request id identifies it in the logs', { cause: error });
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: MiraiError): FastifyReply {
  const { retryAfterSeconds } = error.extensions;
  if (typeof retryAfterSeconds === 'number') reply.header('retry-after', String(retryAfterSeconds));
  return reply.status(error.status).type('application/problem+json').send(toProblem(error, request.url));
}

/** Installs problem+json handling for errors and unknown routes on the root instance. */
export const problemDetails = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error, request, reply) => {
      const mirai = normalizeError(error);
      if (mirai.status >= 500) request.log.error({ err: error, code: mirai.code }, 'request failed');
      else request.log.info({ code: mirai.code, detail: mirai.message }, 'request rejected');
      return sendProblem(reply, request, mirai);
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, request, new MiraiError('MIRAI_ERR_ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`)),
    );
  },
  { name: 'mirai-problem-details' },
);
