import { ERROR_CATALOGUE, type ErrorCode } from './error-catalogue.ts';

export interface FieldError {
  /** JSON pointer-ish path of the offending field, e.g. `/body/email`. */
  field: string;
  message: string;
}

export class MiraiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  readonly fieldErrors: FieldError[];
  readonly extensions: Record<string, unknown>;

  constructor(code: ErrorCode, detail?: string, options: { cause?: unknown; fieldErrors?: FieldError[]; extensions?: Record<string, unknown> } = {}) {
    const entry = ERROR_CATALOGUE[code];
    super(detail ?? entry.title, { cause: options.cause });
    this.name = 'MiraiError';
    this.code = code;
    this.status = entry.status;
    this.title = entry.title;
    this.fieldErrors = options.fieldErrors ?? [];
    this.extensions = options.extensions ?? {};
  }
}
