import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import storageFs, { DEFAULT_MAX_UPLOAD_BYTES } from './index.ts';
import { BASE_URL, fetchThroughHost } from './testing/fs-test-host.ts';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mirai-storage-fs-settings-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('storage-fs operator settings', () => {
  it('stores under its data directory and allows 200 MiB uploads when the operator set nothing', async () => {
    const host = await createTestHost(storageFs, { dataDir, baseUrl: BASE_URL, instanceConfig: {} });
    const storage = host.extension('storage');
    const tenant = host.tenant({}, 'tenant-a');
    const body = new TextEncoder().encode('bytes');
    const request = await storage.presignUpload({ key: 'a.txt', size: body.byteLength, contentType: 'text/plain', expiresInSeconds: 60 }, tenant);
    expect((await fetchThroughHost(host, request, body)).status).toBeLessThan(300);
    expect(await readdir(join(dataDir, 'tenant-a'))).toContain('a.txt');
    await expect(
      storage.presignUpload({ key: 'big', size: DEFAULT_MAX_UPLOAD_BYTES + 1, contentType: 'text/plain', expiresInSeconds: 60 }, tenant),
    ).rejects.toThrow();
  });

  it('refuses a maxUploadBytes that is not a positive integer, naming the field', async () => {
    await expect(createTestHost(storageFs, { instanceConfig: { maxUploadBytes: 0 } })).rejects.toThrow(/maxUploadBytes must be >= 1/);
    await expect(createTestHost(storageFs, { instanceConfig: { maxUploadBytes: '1e3' } })).rejects.toThrow(/maxUploadBytes must be integer/);
  });
});
