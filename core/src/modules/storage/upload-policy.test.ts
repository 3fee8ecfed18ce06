import { describe, expect, it } from 'vitest';
import { looksLikeWebVtt, uploadLimit } from './upload-policy.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('uploadLimit', () => {
  it('applies the media limit to video and audio and the upload limit to everything else', () => {
    const limits = { maxBytes: 100, mediaMaxBytes: 5000 };
    expect(uploadLimit('video/mp4', limits)).toEqual({ bytes: 5000, variable: 'MIRAI_MEDIA_MAX_BYTES' });
    expect(uploadLimit('Audio/MPEG', limits)).toEqual({ bytes: 5000, variable: 'MIRAI_MEDIA_MAX_BYTES' });
    expect(uploadLimit('application/pdf', limits)).toEqual({ bytes: 100, variable: 'MIRAI_UPLOAD_MAX_BYTES' });
    expect(uploadLimit('text/vtt', limits)).toEqual({ bytes: 100, variable: 'MIRAI_UPLOAD_MAX_BYTES' });
  });
});

describe('looksLikeWebVtt', () => {
  it('accepts the WEBVTT signature, with a byte order mark or a header text', () => {
    expect(looksLikeWebVtt(bytes('WEBVTT\n\n00:00.000 --> 00:01.000\nHi'))).toBe(true);
    expect(looksLikeWebVtt(bytes('\uFEFFWEBVTT - captions\r\n'))).toBe(true);
    expect(looksLikeWebVtt(bytes('WEBVTT'))).toBe(true);
  });

  it('refuses SubRip, look-alikes and empty files', () => {
    expect(looksLikeWebVtt(bytes('1\n00:00:00,000 --> 00:00:01,000\nHi'))).toBe(false);
    expect(looksLikeWebVtt(bytes('WEBVTTX\n'))).toBe(false);
    expect(looksLikeWebVtt(bytes(' WEBVTT\n'))).toBe(false);
    expect(looksLikeWebVtt(bytes(''))).toBe(false);
  });
});
