import { MiraiError } from '../../errors/mirai-error.ts';

/** The coded failure naming the limit (`bytes`, `pages`, `seconds`), and the field when a request is refused. */
export function documentLimitError(limit: 'bytes' | 'pages' | 'seconds', detail: string, field?: string): MiraiError {
  return new MiraiError('MIRAI_ERR_DOCUMENT_LIMIT_EXCEEDED', detail, {
    extensions: { limit },
    fieldErrors: field === undefined ? [] : [{ field, message: detail }],
  });
}
