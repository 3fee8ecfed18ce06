import { describe, expect, it } from 'vitest';
import { assertSameOriginSubmission } from './same-origin.server';

const post = (origin?: string, url = 'http://app.example.org/courses/new') =>
  new Request(url, { method: 'POST', headers: origin === undefined ? {} : { Origin: origin } });

async function refusal(request: Request): Promise<number | null> {
  try {
    assertSameOriginSubmission(request);
    return null;
  } catch (thrown) {
    return (thrown as { init?: { status?: number } }).init?.status ?? -1;
  }
}

describe('assertSameOriginSubmission', () => {
  it('lets the app’s own pages post, also behind a TLS-terminating proxy', async () => {
    await expect(refusal(post('http://app.example.org'))).resolves.toBeNull();
    await expect(refusal(post('https://app.example.org'))).resolves.toBeNull();
  });

  it('refuses posts from sibling subdomains, other sites and opaque origins', async () => {
    await expect(refusal(post('https://marketing.example.org'))).resolves.toBe(403);
    await expect(refusal(post('https://evil.example'))).resolves.toBe(403);
    await expect(refusal(post('null'))).resolves.toBe(403);
    await expect(refusal(post('http://app.example.org:8443'))).resolves.toBe(403);
  });

  it('leaves reads and origin-less clients alone', async () => {
    await expect(refusal(new Request('http://app.example.org/dashboard', { headers: { Origin: 'https://evil.example' } }))).resolves.toBeNull();
    await expect(refusal(post())).resolves.toBeNull();
  });
});
