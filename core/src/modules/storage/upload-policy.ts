/** Recordings get their own size limit: a lesson video is far larger than any other upload. */
export const isMediaContentType = (contentType: string): boolean => /^(video|audio)\//i.test(contentType);

export const isCaptionsContentType = (contentType: string): boolean => /^text\/vtt$/i.test(contentType.trim());

export interface UploadLimits {
  /** `MIRAI_UPLOAD_MAX_BYTES`: every file but recordings. */
  maxBytes: number;
  /** `MIRAI_MEDIA_MAX_BYTES`: video and audio. */
  mediaMaxBytes: number;
}

/** The most bytes an upload of this content type may have, and the variable that sets it. */
export function uploadLimit(contentType: string, limits: UploadLimits): { bytes: number; variable: string } {
  return isMediaContentType(contentType)
    ? { bytes: limits.mediaMaxBytes, variable: 'MIRAI_MEDIA_MAX_BYTES' }
    : { bytes: limits.maxBytes, variable: 'MIRAI_UPLOAD_MAX_BYTES' };
}

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * The minimal WebVTT check (the spec's file signature): the text starts with "WEBVTT", after an
 * optional byte order mark, followed by a space, tab or line end. Players reject anything else silently.
 */
export function looksLikeWebVtt(head: Uint8Array): boolean {
  const text = new TextDecoder().decode(head.subarray(0, 16));
  const start = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  return /^WEBVTT(?:[ \t\r\n]|$)/.test(start);
}
