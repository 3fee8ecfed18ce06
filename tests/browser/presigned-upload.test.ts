import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { freePort } from '../support/free-port.ts';
import { signUp } from '../support/generation-client.ts';
import { type RunningApi, startApi } from '../support/start-api.ts';

/** A page on its own origin that uploads a file the way the web app's editor does. */
const PAGE = `<!doctype html><html><body><script>
async function upload(api, token, bytes, type) {
  const auth = { authorization: 'Bearer ' + token, 'content-type': 'application/json' };
  const announced = await (await fetch(api + '/v1/uploads', { method: 'POST', headers: auth, body: JSON.stringify({ fileName: 'picture.png', contentType: type, size: bytes.length }) })).json();
  const put = await fetch(announced.request.url, { method: 'PUT', headers: announced.request.headers, body: new Uint8Array(bytes) });
  const done = await (await fetch(api + '/v1/uploads/' + announced.upload.id + '/complete', { method: 'POST', headers: { authorization: 'Bearer ' + token } })).json();
  return { putStatus: put.status, upload: done };
}
</script></body></html>`;

describe('a presigned upload from a real browser', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mirai-upload-'));
  let api: RunningApi | undefined;
  let browser: Browser | undefined;
  let page: Server | undefined;
  let pageUrl = '';

  beforeAll(async () => {
    const port = await freePort();
    pageUrl = `http://127.0.0.1:${port}`;
    page = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
    await new Promise<void>((resolve) => page?.listen(port, '127.0.0.1', resolve));
    api = await startApi(dataDir, 90_000, { name: 'api-upload', env: { MIRAI_CORS_ORIGINS: pageUrl } });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await new Promise((resolve) => page?.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('PUTs the file straight to the signed URL across origins, and the API records it', async () => {
    if (api === undefined || browser === undefined) throw new Error('setup did not finish');
    // The presigned URLs must point at the address the browser can reach.
    const session = await signUp(api.url, `uploader-${Date.now()}@example.com`);
    const tab = await browser.newPage();
    await tab.goto(pageUrl);
    const bytes = Array.from({ length: 2048 }, (_, i) => (i * 7) % 256);
    const result = await tab.evaluate(
      ([apiUrl, token, content]) =>
        (
          window as unknown as {
            upload: (a: string, t: string, b: number[], c: string) => Promise<{ putStatus: number; upload: { status: string; size: number } }>;
          }
        ).upload(apiUrl, token, content, 'image/png'),
      [api.url, session.token, bytes] as const,
    );
    expect(result.putStatus).toBeLessThan(300);
    expect(result.upload).toMatchObject({ status: 'complete', size: 2048 });
  });
});
