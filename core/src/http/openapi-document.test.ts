import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_DIR } from '../paths.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('core/openapi.json', () => {
  it('matches the route schemas (regenerate with `pnpm --filter @mirai/core openapi`)', async () => {
    const committed = JSON.parse(await readFile(join(CORE_DIR, 'openapi.json'), 'utf8'));
    const served = (await t.inject({ method: 'GET', url: '/openapi.json' })).json();
    served.servers = committed.servers;
    expect(served).toEqual(committed);
  });

  it('describes error responses as application/problem+json', async () => {
    const document = (await t.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(document.paths['/v1/auth/login'].post.responses['401'].content)).toEqual(['application/problem+json']);
  });
});
