import { MiraiError } from '../../errors/mirai-error.ts';

export type Cmi5RefusalCode =
  | 'MIRAI_ERR_CMI5_STRUCTURE_MISSING'
  | 'MIRAI_ERR_CMI5_STRUCTURE_INVALID'
  | 'MIRAI_ERR_CMI5_AU_URL_REFUSED'
  | 'MIRAI_ERR_CMI5_FILE_MISSING';

/** A refused cmi5 package: the problem names the upload field and, in `extensions`, what exactly is wrong. */
export function cmi5Refusal(code: Cmi5RefusalCode, message: string, extensions: Record<string, unknown> = {}): MiraiError {
  return new MiraiError(code, message, { fieldErrors: [{ field: '/body/uploadId', message }], extensions });
}
