import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './security-headers.server';

describe('contentSecurityPolicy', () => {
  const policy = contentSecurityPolicy({
    publicApiUrl: 'http://api.example:8080/v1',
    storageOrigins: ['https://s3.example'],
    contentOrigin: 'http://content.example:8081',
    dev: false,
  })('n0nce');
  const directive = (name: string) => policy.split('; ').find((d) => d.startsWith(`${name} `));

  it('frames only the SCORM content origin and the two media embed players', () => {
    expect(directive('frame-src')).toBe('frame-src http://content.example:8081 https://www.youtube-nocookie.com https://player.vimeo.com');
  });

  it('plays recordings and captions from the API and storage only', () => {
    expect(directive('media-src')).toBe("media-src 'self' blob: http://api.example:8080 https://s3.example");
  });
});
