import { MiraiError } from '../../errors/mirai-error.ts';

export type PackageRefusalCode =
  | 'MIRAI_ERR_SCORM_PACKAGE_UNREADABLE'
  | 'MIRAI_ERR_SCORM_PACKAGE_UNSAFE'
  | 'MIRAI_ERR_SCORM_PACKAGE_TOO_LARGE'
  | 'MIRAI_ERR_SCORM_MANIFEST_MISSING'
  | 'MIRAI_ERR_SCORM_MANIFEST_INVALID'
  | 'MIRAI_ERR_SCORM_FILE_MISSING'
  | 'MIRAI_ERR_SCORM_PACKAGE_UNSUPPORTED';

/** A refused package: the problem names the upload field and, in `extensions`, what exactly is wrong. */
export function packageRefusal(code: PackageRefusalCode, message: string, extensions: Record<string, unknown> = {}): MiraiError {
  return new MiraiError(code, message, { fieldErrors: [{ field: '/body/uploadId', message }], extensions });
}
