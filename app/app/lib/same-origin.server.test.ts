import { describe, expect, it } from 'vitest';
import { assertSameOriginSubmission, crossOriginRefusal } from './same-origin.server';

const post = (origin?: string, url = 'http://app.example.org/courses/new', host?: string) =>
  new Request(url, {
    method: 'POST',
    headers: { ...(origin === undefined ? {} : { Origin: origin }), ...(host === undefined ? {} : { Host: host }) },
  });

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

  it('compares with the Host the browser connected to, not the request URL (which `vite dev` builds from Origin)', async () => {
    // Under `vite dev`, Remix's request URL takes the Origin's host: a forged post looks same-origin by its URL.
    await expect(refusal(post('http://127.0.0.1:8080', 'http://127.0.0.1:8080/organisation', '127.0.0.1:3000'))).resolves.toBe(403);
    await expect(refusal(post('http://127.0.0.1:3000', 'http://127.0.0.1:3000/organisation', '127.0.0.1:3000'))).resolves.toBeNull();
  });
});

describe('crossOriginRefusal with a configured app URL', () => {
  const configured = 'https://app.example.org';
  it('accepts only the configured origin’s host, whatever Host says', () => {
    expect(crossOriginRefusal({ method: 'POST', origin: 'https://app.example.org', host: 'internal:3000' }, configured)).toBeNull();
    expect(crossOriginRefusal({ method: 'POST', origin: 'http://127.0.0.1:8080', host: '127.0.0.1:8080' }, configured)).toMatch(/refused/);
  });
});
